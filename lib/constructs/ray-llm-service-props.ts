/**
 * The props of RayLlmService as a person writes them (only `modelId` and `source` are required;
 * every other default is the model list's, read from lib/list/defaults.ts), and what a health
 * check, backend policy or route needs of a serve Service (IServeBackend).
 */
import { ResourceProps } from './metadata';
import { BackendKind } from '../facts/backend-kind';
import { acceleratorLabels, findAccelerator } from '../facts/accelerators';
import * as defaults from '../list/defaults';
import type { ModelCacheSource } from './model-cache-volume';

/** Resources of one Ray pod (requests = limits; no CPU limit). */
export interface RayPodResources {
  readonly cpu: string;
  readonly memory: string;
  readonly ephemeralStorage: string;
}

/** One key of a Secret or ConfigMap. */
export interface RayEnvKeyRef {
  readonly name: string;
  readonly key: string;
}

/** An environment variable's value: exactly one of a literal, a Secret's key or a ConfigMap's key. */
export interface RayEnvValue {
  /** @default none (secretKeyRef or configMapKeyRef) */
  readonly value?: string;
  /** @default none (value or configMapKeyRef) */
  readonly secretKeyRef?: RayEnvKeyRef;
  /** @default none (value or secretKeyRef) */
  readonly configMapKeyRef?: RayEnvKeyRef;
}

/** LoRA adapters loaded at request time from a storage path. */
export interface LoraOptions {
  /** Where the adapters are (`gs://`, `s3://` or a local path). */
  readonly storagePath: string;
  /** Adapters one replica holds at most. */
  readonly maxAdaptersPerReplica: number;
}

/** Where a serve Service named by hand is and what it serves. */
export interface ServeBackendOptions {
  /** @default the chart's namespace */
  readonly namespace?: string;
  /** @default none (the backend cannot be added to a route by model) */
  readonly modelId?: string;
  /** @default Service */
  readonly kind?: BackendKind;
}

/**
 * A serve Service other constructs point at: a RayLlmService, or `ServeBackend.fromName()` for one
 * made elsewhere (another chart file, another cluster's export).
 */
export interface IServeBackend {
  /** The Service KubeRay creates (`<rayservice>-serve-svc`, port 8000). */
  readonly serveServiceName: string;
  /**
   * Its namespace.
   * @default the chart's namespace
   */
  readonly serveNamespace?: string;
  /**
   * The OpenAI model name clients send (what `ModelRoute.addModel` matches).
   * @default none (the backend cannot be added to a route by model)
   */
  readonly modelId?: string;
  /**
   * A Service, or (multi-cluster) the ServiceImport of that name.
   * @default Service
   */
  readonly kind?: BackendKind;
}

/** The pods of one Ray cluster: labels all of them (head and workers) carry, and only they. */
export interface IRayPods {
  readonly podLabels: Readonly<Record<string, string>>;
}

/** Serve backends named by hand. */
export class ServeBackend {
  /** The serve Service `serveServiceName` (optionally in `namespace`, optionally serving `modelId`). */
  public static fromName(serveServiceName: string, options: ServeBackendOptions = {}): IServeBackend {
    return { serveServiceName, serveNamespace: options.namespace, modelId: options.modelId, kind: options.kind };
  }
}

export interface RayLlmServiceProps extends ResourceProps {
  /** The OpenAI model name clients send (the list's `id`). */
  readonly modelId: string;
  /** Where the weights come from (Hugging Face repo id, `gs://` or `s3://` path). */
  readonly source: string;
  /**
   * RayService name (KubeRay names the serve Service `<name>-serve-svc`; at most 47 characters).
   * @default a name cdk8s generates from the construct path (at most 47 characters)
   */
  readonly name?: string;
  /**
   * Namespace of the RayService.
   * @default the chart's namespace
   */
  readonly namespace?: string;
  /**
   * GKE accelerator node label value the GPU workers select.
   * @default 'nvidia-l4'
   */
  readonly accelerator?: string;
  /**
   * Ray's accelerator_type.
   * @default the accelerator's (e.g. `L4` for `nvidia-l4`)
   */
  readonly rayAcceleratorType?: string;
  /**
   * GPUs of one worker pod (one Serve replica).
   * @default 1
   */
  readonly gpusPerReplica?: number;
  /**
   * Fewest replicas (Serve autoscaling `min_replicas`, the worker group's minimum).
   * @default 2
   */
  readonly minReplicas?: number;
  /**
   * Most replicas; above minReplicas the Ray autoscaler is turned on.
   * @default 2
   */
  readonly maxReplicas?: number;
  /**
   * vLLM engine arguments (`engine_kwargs`).
   * @default none written
   */
  readonly engineKwargs?: Readonly<Record<string, unknown>>;
  /**
   * LoRA adapters loaded at request time from a storage path.
   * @default no lora_config
   */
  readonly lora?: LoraOptions;
  /**
   * Ray image of head and workers.
   * @default the model list's `image` default (a `rayproject/ray-llm` image)
   */
  readonly image?: string;
  /**
   * Ray version of that image.
   * @default the model list's `rayVersion` default (matching the default image)
   */
  readonly rayVersion?: string;
  /**
   * Head pod resources.
   * @default cpu "2", memory "8Gi", ephemeralStorage "32Gi"
   */
  readonly head?: RayPodResources;
  /**
   * Worker pod resources (besides its GPUs).
   * @default cpu 6 and memory 24Gi per GPU, ephemeralStorage "24Gi"
   */
  readonly worker?: RayPodResources;
  /**
   * Secret holding the Hugging Face token.
   * @default 'hf-secret'
   */
  readonly huggingFaceSecretName?: string;
  /**
   * Key of the token in that Secret.
   * @default 'hf_api_token'
   */
  readonly huggingFaceSecretKey?: string;
  /**
   * More environment variables of head and workers.
   * @default none
   */
  readonly env?: Readonly<Record<string, RayEnvValue>>;
  /**
   * The RayService's `spec.upgradeStrategy.type`.
   * @default 'NewCluster'
   */
  readonly upgradeStrategy?: 'NewCluster' | 'None';
  /**
   * Set RAY_SERVE_ENABLE_HA_PROXY=1.
   * @default true (the model list's `haProxy` default)
   */
  readonly haProxy?: boolean;
  /**
   * Run the pods non-root, without privilege escalation or capabilities.
   * @default true
   */
  readonly podSecurity?: boolean;
  /**
   * Read the weights from this Cloud Storage bucket folder through the GCS FUSE CSI driver (pods run
   * as the `ray-llm` ServiceAccount, which needs read access; no Hugging Face token in the pods).
   * @default the weights come from `source` (the Hugging Face Hub)
   */
  readonly modelCache?: ModelCacheSource;
  /**
   * Longest request (a streamed answer) to let finish when a replica or pod stops: Serve's
   * graceful_shutdown_timeout_s, the pods' terminationGracePeriodSeconds (plus 30 s) and the
   * RayService's rayClusterDeletionDelaySeconds (lib/facts/serve-health.ts).
   * @default the model list's timeoutSeconds default (600)
   */
  readonly requestTimeoutSeconds?: number;
  /**
   * Kubernetes ServiceAccount of the Ray pods (e.g. a RayServiceAccount): set, the workers mount
   * no API token, and the head only with autoscaling (the Ray autoscaler sidecar calls the API with
   * the Role KubeRay binds to this account).
   * @default none (the namespace's `default` account, token mounted)
   */
  readonly serviceAccountName?: string;
}

/** The props with every default filled in (name and namespace stay optional: cdk8s fills them). */
export type ResolvedRayLlmServiceProps = Required<Omit<RayLlmServiceProps, 'name' | 'namespace' | 'metadata' | 'engineKwargs' | 'lora' | 'env' | 'modelCache' | 'serviceAccountName'>>
  & Pick<RayLlmServiceProps, 'name' | 'namespace' | 'metadata' | 'engineKwargs' | 'lora' | 'env' | 'modelCache' | 'serviceAccountName'>;

export function resolveRayLlmServiceProps(props: RayLlmServiceProps): ResolvedRayLlmServiceProps {
  const accelerator = props.accelerator ?? defaults.DEFAULT_ACCELERATOR;
  const rayAcceleratorType = props.rayAcceleratorType ?? findAccelerator(accelerator)?.rayType;
  if (rayAcceleratorType === undefined) {
    throw new Error(`RayLlmService ${props.modelId}: accelerator "${accelerator}" is not one of ${acceleratorLabels().join(', ')}; give rayAcceleratorType for another`);
  }
  const gpus = props.gpusPerReplica ?? defaults.DEFAULT_GPUS_PER_REPLICA;
  const minReplicas = props.minReplicas ?? defaults.DEFAULT_MIN_REPLICAS;
  const maxReplicas = props.maxReplicas ?? defaults.DEFAULT_MAX_REPLICAS;
  if (!Number.isInteger(gpus) || gpus < 1) throw new Error(`RayLlmService ${props.modelId}: gpusPerReplica must be a whole number from 1 (got ${gpus})`);
  if (!Number.isInteger(minReplicas) || minReplicas < 0 || !Number.isInteger(maxReplicas) || maxReplicas < Math.max(1, minReplicas)) {
    throw new Error(`RayLlmService ${props.modelId}: minReplicas (${minReplicas}) and maxReplicas (${maxReplicas}) must be whole numbers with 0 <= minReplicas <= maxReplicas, maxReplicas >= 1`);
  }
  const perGpu = defaults.DEFAULT_WORKER_PER_GPU;
  return {
    ...props,
    accelerator,
    rayAcceleratorType,
    gpusPerReplica: gpus,
    minReplicas,
    maxReplicas,
    image: props.image ?? defaults.DEFAULT_IMAGE,
    rayVersion: props.rayVersion ?? defaults.DEFAULT_RAY_VERSION,
    head: props.head ?? defaults.DEFAULT_HEAD,
    worker: props.worker ?? { cpu: String(perGpu.cpu * gpus), memory: `${perGpu.memoryGi * gpus}Gi`, ephemeralStorage: perGpu.ephemeralStorage },
    huggingFaceSecretName: props.huggingFaceSecretName ?? defaults.DEFAULT_HF_SECRET_NAME,
    huggingFaceSecretKey: props.huggingFaceSecretKey ?? defaults.DEFAULT_HF_SECRET_KEY,
    upgradeStrategy: props.upgradeStrategy ?? 'NewCluster',
    haProxy: props.haProxy ?? defaults.DEFAULT_HA_PROXY,
    podSecurity: props.podSecurity ?? defaults.DEFAULT_POD_SECURITY,
    requestTimeoutSeconds: props.requestTimeoutSeconds ?? defaults.DEFAULT_TIMEOUT_SECONDS,
  };
}
