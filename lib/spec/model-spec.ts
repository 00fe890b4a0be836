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
   * The clusters (by name) this model runs in; only with the list's `clusters`.
   * @default every cluster
   */
  readonly clusters?: string[];
  /**
   * Namespace of the model's RayService and policies (a team's). The routes stay with the
   * Gateway; a ReferenceGrant here lets them reach exactly this model's Services.
   * @default the list's namespace (the Gateway's)
   */
  readonly namespace?: string;
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
   * Keys are checked against vLLM's engine arguments (lib/facts/vllm-engine-args.ts); a typo names the
   * closest key. `tensor_parallel_size x pipeline_parallel_size` must equal gpusPerReplica.
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
   * Extra environment variables for the head and the workers: a literal string, or a reference to
   * a key of a Secret or ConfigMap in the model's namespace. A literal value under a name that
   * looks like a credential (`*TOKEN*`, `*SECRET*`, `*PASSWORD*`, `*_KEY`, `*CREDENTIALS*`) is an
   * error: reference a Secret instead. Names KubeRay validates or sets itself are refused (see
   * lib/facts/kuberay-reserved-env.ts).
   * @default {}
   */
  readonly env?: Record<string, EnvValueSpec>;
  /**
   * Keys of engineKwargs that are not in the library's table of vLLM engine arguments
   * (lib/facts/vllm-engine-args.ts) are an error unless this gives the reason they are fine (e.g. a
   * newer image's vLLM has them).
   * @default none (unknown keys are an error)
   */
  readonly allowUnknownEngineKwargs?: string;
  /**
   * How KubeRay rolls out a change of the Ray cluster (image, env, resources, ...): the RayService's
   * `spec.upgradeStrategy.type`. `newCluster` starts a second Ray cluster and switches the serve
   * Service once it is ready (zero downtime; the node pool keeps room for that second copy);
   * `none` leaves the running cluster as it is (changes outside the Serve config and the replica
   * counts are not applied until the RayCluster is deleted; no extra nodes).
   * @default the list's `upgrade`, else "newCluster"
   */
  readonly upgrade?: UpgradeSpec;
  /**
   * Set `RAY_SERVE_ENABLE_HA_PROXY=1` on the Ray containers (Serve's HAProxy-based proxy), as the
   * seed does. See the README's known issues for what is known about it on Ray 2.54.
   * @default true
   */
  readonly haProxy?: boolean;
  /**
   * A path prefix that reaches this model without the header, e.g. `/gemma`: the route rewrites
   * it to `/`, so `/gemma/v1/chat/completions` reaches Ray as `/v1/chat/completions`.
   * @default none
   */
  readonly pathPrefix?: string;
  /**
   * LoRA adapters served on this model, by name. Clients send `<id>:<adapter>` as `model`
   * (Ray Serve LLM's naming); Ray loads each from `loraStoragePath`.
   * @default []
   */
  readonly adapters?: string[];
  /**
   * Cloud storage folder holding the adapters (`gs://...` or `s3://...`). Required with adapters.
   * @default none
   */
  readonly loraStoragePath?: string;
  /**
   * Adapters one replica keeps loaded at once.
   * @default 16
   */
  readonly maxAdaptersPerReplica?: number;
  /**
   * Seconds the load balancer waits for a whole response (a streamed answer included) before
   * cutting it: the GCPBackendPolicy `timeoutSec` of the serve Service.
   * @default 600
   */
  readonly timeoutSeconds?: number;
  /**
   * A second deployment of the same model (new image, Ray version, engine settings, ...) that
   * gets `weight` percent of the model's traffic.
   * @default none
   */
  readonly canary?: CanarySpec;
}

/** How KubeRay upgrades a model's Ray cluster (`spec.upgradeStrategy.type` NewCluster or None). */
export type UpgradeSpec = 'newCluster' | 'none';

/** A reference to one key of a Secret or ConfigMap. */
export interface KeyRefSpec {
  /** Name of the Secret or ConfigMap (in the model's namespace). */
  readonly name: string;
  /** Key in it. */
  readonly key: string;
}

/** The value of an environment variable: a literal, or a Secret or ConfigMap key. */
export type EnvValueSpec = string | { readonly secretKeyRef: KeyRefSpec } | { readonly configMapKeyRef: KeyRefSpec };

/**
 * The canary of a model: every field not given here is the model's own. It runs as a second
 * RayService (default name `<name>-canary`) serving the same `id`.
 */
export interface CanarySpec extends Omit<ModelSpec, 'id' | 'namespace' | 'clusters' | 'pathPrefix' | 'canary' | 'timeoutSeconds' | 'source'> {
  /** Percent (0 to 100) of the model's requests the canary gets; the model keeps the rest. */
  readonly weight: number;
  /**
   * @default the model's source
   */
  readonly source?: string;
}
