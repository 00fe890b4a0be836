/**
 * What `scripts/cluster.sh status` and `test` look at, from the same plan as the manifests:
 * per cluster (its kube context) the namespaces to read, each RayService, the Gateway, each
 * HTTPRoute, the health-check and backend policies and the router Deployment; per model the
 * names a client sends (the id, and `<id>:<adapter>` per LoRA adapter) and the route carrying it.
 * Written to deploy/verify-plan.json; read by scripts/verify.ts (see scripts/README.md).
 */
import { ClusterPlan } from './cluster-plan';
import { targets } from './cluster-targets';
import { ModelPlan } from './model-plan';
import { planRoutes } from './route-plan';
import { ROUTER_RELEASE_NAME } from '../facts/router';

/** Pinned curl image of the smoke pod (the curl project's own image; tag pinned, digest not checked here). */
export const SMOKE_IMAGE = 'curlimages/curl:8.11.1';
/** UID the curl image runs as (its Dockerfile's `curl_user`). */
export const SMOKE_IMAGE_UID = 100;
export const SMOKE_POD_NAME = 'ray-llm-gateway-smoke';
/** A model name no list can route (ids are checked against this in no way: it only has to be absent). */
export const UNKNOWN_MODEL = 'ray-llm-gateway-smoke-no-such-model';

export interface NamespacedName { readonly namespace: string; readonly name: string }
export interface VerifyPolicy extends NamespacedName { readonly kind: 'HealthCheckPolicy' | 'GCPBackendPolicy' }
export interface VerifyRayService extends NamespacedName { readonly model: string }

export interface VerifyCluster {
  readonly name: string;
  /** kube context; `{project}`, `{location}`, `{cluster}` filled in by the script. */
  readonly context: string;
  readonly config: boolean;
  readonly namespaces: readonly string[];
  readonly rayServices: readonly VerifyRayService[];
  /** The front end (config cluster only): Gateway, routes, policies, router. */
  readonly gateway?: NamespacedName;
  readonly routes: readonly NamespacedName[];
  readonly policies: readonly VerifyPolicy[];
  readonly router?: NamespacedName;
}

export interface VerifyModel {
  readonly id: string;
  /** Names sent as `model`: `<id>:<adapter>` per adapter. */
  readonly adapters: readonly string[];
  /** Its route (in the config cluster). */
  readonly route: string;
  /** Its RayServices (stable, canary), `namespace/name`. */
  readonly rayServices: readonly string[];
}

export interface VerifyPlan {
  readonly clusters: readonly VerifyCluster[];
  readonly models: readonly VerifyModel[];
  /**
   * The smoke pod: in the Gateway's namespace of the config cluster. Our NetworkPolicies select
   * only Ray pods (by their RayService label), so this pod's egress is not fenced, and it calls
   * the Gateway's address (the load balancer), whose proxies reach Serve from the proxy-only
   * subnet, which the Ray policy admits.
   */
  readonly smoke: {
    readonly cluster: string;
    readonly namespace: string;
    readonly podName: string;
    readonly image: string;
    readonly uid: number;
    readonly unknownModel: string;
    /** `https` when the models are served on the HTTPS listener only; then `hostname` is sent. */
    readonly scheme: 'http' | 'https';
    readonly hostname?: string;
    /** A model receiving unmatched requests (the list's default model), if any. */
    readonly defaultModel?: string;
    /** `GET /v1/models` is answered (gateway.modelList): exactly these names, in this order. */
    readonly modelList?: { readonly ids: readonly string[] };
    /** An API key the Gateway accepts, sent with every request: the pod reads it from this Secret (env), never from a command line. */
    readonly apiKey?: { readonly secretName: string; readonly secretKey: string; readonly header: string };
  };
}

export function verifyPlan(plan: ModelPlan, cluster: ClusterPlan, distFromRoot: string): VerifyPlan {
  const routes = planRoutes(plan);
  const routeOf = (id: string) => routes.find((r) => r.rules.some((rule) => rule.headerValues.includes(id)))?.name ?? routes[0].name;
  const all = targets(cluster, distFromRoot);
  const fleet = plan.clusters.length > 0;
  const clusters = all.map((t): VerifyCluster => {
    const models = plan.models.filter((m) => !fleet || m.clusters.includes(t.name));
    const front = t.config;
    return {
      name: t.name,
      context: t.context,
      config: t.config,
      namespaces: t.namespaces,
      rayServices: models.flatMap((m) => m.deployments.map((d) => ({ namespace: m.namespace, name: d.name, model: m.id }))),
      gateway: front ? { namespace: plan.namespace, name: plan.gatewayName } : undefined,
      routes: front ? routes.map((r) => ({ namespace: plan.namespace, name: r.name })) : [],
      policies: front ? plan.models.flatMap((m) => m.deployments.flatMap((d): VerifyPolicy[] => [
        { kind: 'HealthCheckPolicy', namespace: m.namespace, name: d.healthCheckName },
        { kind: 'GCPBackendPolicy', namespace: m.namespace, name: d.backendPolicyName },
      ])).concat(plan.modelList ? [{ kind: 'HealthCheckPolicy', namespace: plan.modelList.namespace, name: plan.modelList.healthCheckName }] : []) : [],
      router: front ? { namespace: plan.namespace, name: ROUTER_RELEASE_NAME } : undefined,
    };
  });
  const tlsOnly = plan.tls !== undefined && plan.tls.http !== 'serve';
  return {
    clusters,
    models: plan.models.map((m) => ({
      id: m.id,
      adapters: m.adapters,
      route: routeOf(m.id),
      rayServices: m.deployments.map((d) => `${m.namespace}/${d.name}`),
    })),
    smoke: {
      cluster: all.find((t) => t.config)!.name,
      namespace: plan.namespace,
      podName: SMOKE_POD_NAME,
      image: SMOKE_IMAGE,
      uid: SMOKE_IMAGE_UID,
      unknownModel: UNKNOWN_MODEL,
      scheme: tlsOnly ? 'https' : 'http',
      ...(tlsOnly && plan.tls!.hostnames.length > 0 ? { hostname: plan.tls!.hostnames[0] } : {}),
      ...(plan.defaultModel ? { defaultModel: plan.defaultModel } : {}),
      ...(plan.modelList ? { modelList: { ids: plan.modelList.ids } } : {}),
      ...(plan.apiKeySecret ? { apiKey: { secretName: plan.apiKeySecret.name, secretKey: plan.apiKeySecret.key, header: plan.apiKeySecret.header } } : {}),
    },
  };
}
