/**
 * The validated, fully defaulted plan the constructs are built from. Every name is final here:
 * constructs take names from the plan and never derive them again. The planners share these types:
 * this file imports nothing of lib/plan, so no planner imports another through it (test/layers.test.ts).
 */

import type { RouterChartVersion } from '../facts/router-charts';

/** Resources of one Ray pod, all set. */
export interface PodResources {
  readonly cpu: string;
  readonly memory: string;
  readonly ephemeralStorage: string;
}

/** An environment variable's value: a literal, or one key of a Secret or ConfigMap. */
export type PlannedEnvValue =
  | { readonly value: string }
  | { readonly secretKeyRef: { readonly name: string; readonly key: string } }
  | { readonly configMapKeyRef: { readonly name: string; readonly key: string } };

/** KubeRay's `spec.upgradeStrategy.type` values the library writes. */
export type UpgradeStrategyType = 'NewCluster' | 'None';

/** What a RayService needs: one deployment of a model (its stable one, or its canary). */
export interface PlannedDeployment {
  /** `stable` (the model as listed) or `canary` (the model with its canary's fields on top). */
  readonly role: 'stable' | 'canary';
  /** RayService name. */
  readonly name: string;
  /** The Service KubeRay creates for Serve: `<name>-serve-svc`. */
  readonly serveServiceName: string;
  /** Name of the HealthCheckPolicy for the serve Service. */
  readonly healthCheckName: string;
  /** Name of the GCPBackendPolicy of the serve Service. */
  readonly backendPolicyName: string;
  /** Name of the NetworkPolicy of the Ray cluster. */
  readonly networkPolicyName: string;
  /** Percent of the model's requests this deployment gets (100 without a canary). */
  readonly weight: number;
  readonly source: string;
  /** GKE accelerator node label value. */
  readonly accelerator: string;
  /** Ray's accelerator_type. */
  readonly rayAcceleratorType: string;
  readonly gpusPerReplica: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly engineKwargs: Readonly<Record<string, unknown>>;
  readonly image: string;
  readonly rayVersion: string;
  readonly head: PodResources;
  readonly worker: PodResources;
  readonly env: Readonly<Record<string, PlannedEnvValue>>;
  /** The RayService's `spec.upgradeStrategy.type`. */
  readonly upgradeStrategy: UpgradeStrategyType;
  /** Set RAY_SERVE_ENABLE_HA_PROXY=1. */
  readonly haProxy: boolean;
  /** Full adapter names this deployment loads: `<id>:<adapter>`. */
  readonly adapters: readonly string[];
  readonly loraStoragePath?: string;
  readonly maxAdaptersPerReplica: number;
  /** Fit warnings synth prints (a KV-cache shortfall the list allows), if any. */
  readonly fitWarnings?: readonly string[];
  /** Weights from the list's model cache bucket (undefined: from the Hugging Face Hub). */
  readonly modelCache?: PlannedModelCache;
  /** Seconds of the `ray.io/initializing-timeout` annotation (lib/plan/initializing-timeout.ts; undefined: none). */
  readonly initializingTimeoutSeconds?: number;
}

/** Where one deployment's weights are cached, and the Job that fills them in. */
export interface PlannedModelCache {
  readonly bucket: string;
  /** Folder in the bucket: the Hugging Face source (`google/gemma-2b-it`). */
  readonly folder: string;
  /** The fill Job (its name changes with what it copies, so a changed source runs a new Job). */
  readonly fillJobName: string;
}

/** One model, validated and with every default applied: what clients see, and its deployments. */
export interface PlannedModel {
  /** The OpenAI model name clients send (header value of its route rule). */
  readonly id: string;
  /** Namespace of the RayServices, their Services and policies. */
  readonly namespace: string;
  /** The clusters it runs in (multi-cluster only; empty otherwise). */
  readonly clusters: readonly string[];
  /** ReferenceGrant letting the Gateway's routes reach this model's Services (when namespaces differ). */
  readonly routeGrantName: string;
  /** Path prefix routed (and rewritten to `/`) to this model, if any. */
  readonly pathPrefix?: string;
  /** Full adapter names clients send (`<id>:<adapter>`): the stable deployment's. */
  readonly adapters: readonly string[];
  /** Name of the router's ConfigMap mapping the adapters to this model. */
  readonly adapterConfigMapName: string;
  /** GCPBackendPolicy timeoutSec of the serve Services (and the rules' timeout). */
  readonly timeoutSeconds: number;
  /** The stable deployment, then the canary when there is one. */
  readonly deployments: readonly PlannedDeployment[];
}

/** One cluster of a multi-cluster fleet, validated and defaulted. */
export interface PlannedCluster {
  readonly name: string;
  readonly region: string;
  readonly location: string;
  readonly config: boolean;
  readonly proxySubnetRange: string;
  /**
   * Every proxy-only range the load balancer sends to this cluster from: its own region's, and
   * with the cross-region internal class every region's of the Gateway (lib/plan/clusters.ts).
   */
  readonly proxySourceRanges: readonly string[];
}

/** TLS at the Gateway, validated: exactly one certificate source. */
export interface PlannedTls {
  readonly certificateSecret?: string;
  readonly certificateMap?: string;
  readonly hostnames: readonly string[];
  readonly http: 'redirect' | 'off' | 'serve';
}

/** The whole plan: list-level settings and the models in list order. */
export interface ModelPlan {
  readonly namespace: string;
  readonly gatewayName: string;
  readonly gatewayClassName: string;
  readonly routeName: string;
  readonly huggingFaceSecretName: string;
  readonly huggingFaceSecretKey: string;
  /** CIDR of the load balancer's proxy-only subnet. */
  readonly proxySubnetRange: string;
  readonly networkPolicies: boolean;
  readonly podSecurity: boolean;
  /** Namespace of the KubeRay operator, the one peer outside the Ray cluster allowed to its dashboard. */
  readonly operatorNamespace: string;
  /** Where Ray pods may connect: anywhere (open), or DNS, their own cluster and HTTPS (restricted). */
  readonly egress: 'open' | 'restricted';
  /** `required`: the script stops at an existing cluster that would not enforce the NetworkPolicies. */
  readonly networkPolicyEnforcement: 'required' | 'unenforced-ok';
  /** Apigee API-key checks on the Gateway, if on. */
  readonly apigee?: { readonly location: string; readonly environment?: string; readonly failOpen: boolean; readonly timeoutMilliseconds: number };
  /** TLS at the Gateway, if on. */
  readonly tls?: PlannedTls;
  /** Also set `timeouts.request` on each rule. */
  readonly ruleTimeouts: boolean;
  /** The body-based router (and its GCPRoutingExtension) is installed; otherwise clients send the model header. */
  readonly bodyBasedRouting: boolean;
  /** The router chart's version (lib/facts/router-charts.ts); undefined: the seed's, DEFAULT_ROUTER_CHART_VERSION. */
  readonly routerChartVersion?: RouterChartVersion;
  /** Id of the model that gets unmatched requests, if any. */
  readonly defaultModel?: string;
  readonly models: readonly PlannedModel[];
  /** The fleet's clusters; empty for one cluster. */
  readonly clusters: readonly PlannedCluster[];
  /** GitOps output (Argo CD or Flux objects in dist/), if the list asks for it. */
  readonly gitops?: PlannedGitOps;
  /** The model cache bucket, if the list has one. */
  readonly modelCacheBucket?: string;
  /** The list's release name, if it names one (lib/plan/release.ts derives the default). */
  readonly release?: string;
  /** Lines synth prints to stderr: features whose support by the gateway class nobody documents. */
  readonly warnings?: readonly string[];
  /** The `GET /v1/models` responder (gateway.modelList), if on. */
  readonly modelList?: PlannedModelList;
  /** The Secret holding an API key the Gateway accepts (governance.apiKeySecret), if set. */
  readonly apiKeySecret?: PlannedApiKeySecret;
}

/** The `GET /v1/models` responder (lib/plan/model-list-plan.ts). */
export interface PlannedModelList {
  /** Name of its Deployment, Service, ConfigMap, NetworkPolicy. */
  readonly name: string;
  /** The Gateway's namespace. */
  readonly namespace: string;
  /** Its HealthCheckPolicy. */
  readonly healthCheckName: string;
  /** The responder Service's port. */
  readonly port: number;
  /** Every name clients may send as `model`, in list order: each id, then its adapters. */
  readonly ids: readonly string[];
}

/** The Secret holding the API key (lib/plan/api-key-plan.ts), and the header the key is sent in. */
export interface PlannedApiKeySecret {
  /** In the Gateway's namespace (where the smoke pod runs). */
  readonly name: string;
  readonly key: string;
  /** The header clients send the key in. */
  readonly header: string;
}

/** The config cluster of a fleet (undefined with one cluster). */
export function configCluster(plan: ModelPlan): PlannedCluster | undefined {
  return plan.clusters.find((c) => c.config);
}

/** The stable deployment of a model (the one its list entry describes). */
export function stableOf(model: PlannedModel): PlannedDeployment {
  return model.deployments[0];
}

/** GitOps output, validated and defaulted. */
export interface PlannedGitOps {
  readonly controller: 'argocd' | 'flux';
  readonly repoURL: string;
  readonly revision: string;
  /** dist/ inside the repository, without `./` or a trailing `/`. */
  readonly path: string;
  /** Namespace the controller runs in and its objects go to. */
  readonly controllerNamespace: string;
  /** Argo CD project (argocd only). */
  readonly project: string;
  /** Reconcile interval (flux only). */
  readonly interval: string;
}
