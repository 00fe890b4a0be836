/**
 * The model list: the one input of this library. `models.yaml` has exactly this shape, and
 * library users may pass the same object (`ModelListSpec`) from TypeScript.
 */

/** CPU, memory and local disk of one Ray pod. Values are Kubernetes quantities. */
export interface PodResourcesSpec {
  /**
   * CPU request (no CPU limit is set, as in the seed).
   * @default head "2"; worker "6" per GPU
   */
  readonly cpu?: string;
  /**
   * Memory request. The head also uses it as its memory limit.
   * @default head "8Gi"; worker "24Gi" per GPU
   */
  readonly memory?: string;
  /**
   * Ephemeral storage request and limit (the model weights are downloaded here).
   * @default head "32Gi"; worker "24Gi"
   */
  readonly ephemeralStorage?: string;
}

/** One model of the list: one RayService, one route rule, one health check. */
export interface ModelSpec {
  /**
   * The OpenAI `model` name clients send. Routed by an exact match of the header
   * `X-Gateway-Model-Name`, so it is used exactly as written (case and dots included).
   */
  readonly id: string;
  /** Hugging Face repository id the weights are loaded from, e.g. `google/gemma-2b-it`. */
  readonly source: string;
  /**
   * Kubernetes name of the RayService (a DNS-1035 label of at most 47 characters).
   * @default derived from `id`: lower-cased, dots dropped, other invalid characters turned into '-'
   */
  readonly name?: string;
  /**
   * GKE accelerator (the `cloud.google.com/gke-accelerator` node label value).
   * @default "nvidia-l4"
   */
  readonly accelerator?: string;
  /**
   * GPUs each model replica (one Ray worker pod) uses. More than 1 sets vLLM tensor parallelism.
   * @default 1
   */
  readonly gpusPerReplica?: number;
  /**
   * Fewest model replicas (Ray Serve autoscaling `min_replicas`; also the worker group's minimum).
   * @default 2
   */
  readonly minReplicas?: number;
  /**
   * Most model replicas (Ray Serve autoscaling `max_replicas`; also the worker group's maximum).
   * @default 2
   */
  readonly maxReplicas?: number;
  /**
   * vLLM engine settings passed through as the llm_config's `engine_kwargs`, e.g. `{ max_model_len: 8192 }`.
   * @default {} (plus `tensor_parallel_size` when gpusPerReplica > 1)
   */
  readonly engineKwargs?: Record<string, unknown>;
  /**
   * Container image of the head and the workers.
   * @default "rayproject/ray-llm:2.54.0-py311-cu128"
   */
  readonly image?: string;
  /**
   * Ray version of the image (the RayCluster's `rayVersion`).
   * @default "2.54.0"
   */
  readonly rayVersion?: string;
  /**
   * Resources of the Ray head pod.
   * @default cpu "2", memory "8Gi", ephemeralStorage "32Gi"
   */
  readonly head?: PodResourcesSpec;
  /**
   * Resources of each GPU worker pod (besides its GPUs).
   * @default cpu "6" and memory "24Gi" per GPU, ephemeralStorage "24Gi"
   */
  readonly worker?: PodResourcesSpec;
  /**
   * Extra environment variables for the head and the workers.
   * @default {}
   */
  readonly env?: Record<string, string>;
}

/** The Gateway every model is reached through. */
export interface GatewaySpec {
  /**
   * Name of the Gateway; the body-based router's `inferenceGateway.name` is set to it.
   * @default "ray-multi-model-gateway"
   */
  readonly name?: string;
  /**
   * GatewayClass. `gke-l7-rilb` is GKE's regional internal Application Load Balancer.
   * @default "gke-l7-rilb"
   */
  readonly className?: string;
  /**
   * Name of the HTTPRoute that holds the model rules.
   * @default "ray-multi-model-route"
   */
  readonly routeName?: string;
}

/** The Kubernetes Secret holding the Hugging Face token (created by scripts/cluster.sh, never by synth). */
export interface HuggingFaceSecretSpec {
  /** @default "hf-secret" */
  readonly name?: string;
  /** @default "hf_api_token" */
  readonly key?: string;
}

/** The whole list: list-level settings and the models. */
export interface ModelListSpec {
  /**
   * Namespace of every object.
   * @default "default"
   */
  readonly namespace?: string;
  /** @default see GatewaySpec */
  readonly gateway?: GatewaySpec;
  /** @default see HuggingFaceSecretSpec */
  readonly huggingFaceSecret?: HuggingFaceSecretSpec;
  /** The models, at least one. */
  readonly models: ModelSpec[];
}
