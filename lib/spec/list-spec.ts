/** The model list's list-level settings (gateway, TLS, secret, clusters, governance, network, security) and the list itself. */
import { ModelSpec, UpgradeSpec } from './model-spec';

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
   * class supports is in lib/facts/gateway-classes.ts (README "GKE support per GatewayClass").
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
