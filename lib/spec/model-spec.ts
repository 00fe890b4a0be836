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
   * Keys are checked against vLLM's engine arguments (lib/vllm-engine-args.ts); a typo names the
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
   * lib/kuberay-reserved-env.ts).
   * @default {}
   */
  readonly env?: Record<string, EnvValueSpec>;
  /**
   * Keys of engineKwargs that are not in the library's table of vLLM engine arguments
   * (lib/vllm-engine-args.ts) are an error unless this gives the reason they are fine (e.g. a
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

/** What the plain-HTTP port does once HTTPS is on. */
export type HttpMode = 'redirect' | 'off' | 'serve';

/** TLS termination at the Gateway: an HTTPS listener on 443 with one certificate source. */
export interface TlsSpec {
  /**
   * A Kubernetes TLS Secret in the Gateway's namespace (created by you, never by synth).
   * Give this or certificateMap, not both.
   * @default none
   */
  readonly certificateSecret?: string;
  /**
   * A Certificate Manager certificate map (the Gateway annotation `networking.gke.io/certmap`).
   * @default none
   */
  readonly certificateMap?: string;
  /**
   * Host names the routes answer (HTTPRoute `hostnames`), at most 16; `*.example.com` allowed.
   * @default [] (any host)
   */
  readonly hostnames?: string[];
  /**
   * Port 80: `redirect` answers 301 to the same URL on https, `off` removes the listener,
   * `serve` routes plain HTTP like HTTPS.
   * @default "redirect"
   */
  readonly http?: HttpMode;
}

/** The Gateway every model is reached through. */
export interface GatewaySpec {
  /**
   * Name of the Gateway; the body-based router's `inferenceGateway.name` is set to it.
   * @default "ray-multi-model-gateway"
   */
  readonly name?: string;
  /**
   * GatewayClass. `gke-l7-rilb` is GKE's regional internal Application Load Balancer. What each
   * class supports is in lib/gateway-classes.ts (README "GKE support per GatewayClass").
   * @default "gke-l7-rilb"
   */
  readonly className?: string;
  /**
   * Name of the HTTPRoute that holds the model rules. When the rules need more than one route
   * (16 rules each), the others are named `<routeName>-2`, `<routeName>-3`, ...
   * @default "ray-multi-model-route"
   */
  readonly routeName?: string;
  /**
   * Also set each rule's `timeouts.request` to its model's timeoutSeconds. Off by default: GKE
   * documents the GCPBackendPolicy timeout (always generated); enable this only with a class
   * that supports HTTPRoute timeouts.
   * @default false
   */
  readonly ruleTimeouts?: boolean;
  /**
   * Terminate TLS at the Gateway.
   * @default none (plain HTTP on port 80, as the seed)
   */
  readonly tls?: TlsSpec;
}

/** The Kubernetes Secret holding the Hugging Face token (created by scripts/cluster.sh, never by synth). */
export interface HuggingFaceSecretSpec {
  /** @default "hf-secret" */
  readonly name?: string;
  /** @default "hf_api_token" */
  readonly key?: string;
}

/** One GKE cluster of a multi-cluster (multi-region) fleet. */
export interface ClusterSpec {
  /** GKE cluster and fleet membership name (a DNS label of at most 40 characters); also its dist/ folder. */
  readonly name: string;
  /** Region, e.g. `us-central1`. */
  readonly region: string;
  /**
   * Zone or region the GKE cluster is created in.
   * @default "<region>-b"
   */
  readonly location?: string;
  /**
   * The config cluster holds the Gateway, the routes and the router. Exactly one.
   * @default the first cluster
   */
  readonly config?: boolean;
  /**
   * Range of the proxy-only subnet of this cluster's region (the NetworkPolicies admit it).
   * Clusters in one region share it; regions must not overlap.
   * @default network.proxySubnetRange
   */
  readonly proxySubnetRange?: string;
}

/** API-key governance through Apigee (opt-in). */
export interface ApigeeSpec {
  /**
   * Location of the extension: `global` for global load balancers, else the Gateway's region.
   * @default "global"
   */
  readonly location?: string;
  /** @default the organization's default environment */
  readonly environment?: string;
  /**
   * Let requests through while Apigee cannot be reached.
   * @default false
   */
  readonly failOpen?: boolean;
  /** @default 1000 */
  readonly timeoutMilliseconds?: number;
}

/** Governance of who may call the models. */
export interface GovernanceSpec {
  /**
   * Require API keys with the Apigee APIM Operator (an APIMExtensionPolicy on the Gateway).
   * @default none
   */
  readonly apigee?: ApigeeSpec;
}

/** The network the load balancer reaches the models from. */
export interface NetworkSpec {
  /**
   * Range of the proxy-only subnet (REGIONAL_MANAGED_PROXY) that scripts/cluster.sh creates for
   * the regional load balancer; the Ray NetworkPolicies admit Serve traffic from it.
   * @default "192.168.10.0/24"
   */
  readonly proxySubnetRange?: string;
}

/** Hardening of the Ray clusters. */
export interface SecuritySpec {
  /**
   * A NetworkPolicy per Ray cluster: Serve (8000) only from the load balancer's proxies and
   * health checkers, Ray's ports only from the cluster's own pods.
   * @default true
   */
  readonly networkPolicies?: boolean;
  /**
   * Pod and container securityContext: non-root, no privilege escalation, all capabilities
   * dropped, RuntimeDefault seccomp.
   * @default true
   */
  readonly podSecurity?: boolean;
  /**
   * Namespace the KubeRay operator runs in. The NetworkPolicies let operator pods of this
   * namespace only (`app.kubernetes.io/component: kuberay-operator`) reach the dashboard (8265)
   * and Serve (8000); a pod elsewhere carrying that label is refused. Find it with
   * `kubectl get pods -A -l app.kubernetes.io/component=kuberay-operator`; a KubeRay Helm
   * install uses its release namespace.
   * @default "kube-system" (where GKE's Ray Operator add-on is expected; check it as above)
   */
  readonly operatorNamespace?: string;
  /**
   * Outbound connections of the Ray pods. `open`: anywhere. `restricted`: a second
   * NetworkPolicy per Ray cluster allows only DNS (kube-dns), the Ray cluster's own pods, the
   * GKE metadata server (Workload Identity) and HTTPS (443) to any address — model downloads
   * from Hugging Face or gs:// keep working, while other ports, other pods of the cluster and
   * plain HTTP are refused. HTTPS to any address stays open, so it limits, not prevents,
   * exfiltration.
   * @default "open"
   */
  readonly egress?: 'open' | 'restricted';
}

/** The whole list: list-level settings and the models. */
export interface ModelListSpec {
  /**
   * Namespace of the Gateway, the routes, the router and (unless a model names its own) the models.
   * @default "default"
   */
  readonly namespace?: string;
  /** @default see GatewaySpec */
  readonly gateway?: GatewaySpec;
  /** @default see HuggingFaceSecretSpec */
  readonly huggingFaceSecret?: HuggingFaceSecretSpec;
  /** @default see NetworkSpec */
  readonly network?: NetworkSpec;
  /** @default see SecuritySpec */
  readonly security?: SecuritySpec;
  /** @default none (no API keys) */
  readonly governance?: GovernanceSpec;
  /**
   * Default `upgrade` of every model (see ModelSpec.upgrade).
   * @default "newCluster"
   */
  readonly upgrade?: UpgradeSpec;
  /** The models, at least one. */
  readonly models: ModelSpec[];
  /**
   * Several GKE clusters behind one multi-cluster Gateway (an `-mc` gateway class). Each model
   * runs in the clusters it names; dist/ gets a folder per cluster.
   * @default none (one cluster, created by scripts/cluster.sh from its settings)
   */
  readonly clusters?: ClusterSpec[];
  /**
   * Id of the model that gets requests no other rule matches (no `model` in the body, or a model
   * not in the list). Without it, such requests get the Gateway's 404.
   * @default none
   */
  readonly defaultModel?: string;
}
