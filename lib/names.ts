/**
 * Kubernetes names derived from model ids. Every name that more than one object refers to
 * (the RayService, its serve Service, the health check) is computed here, once.
 */

/** KubeRay rejects longer RayService names (63 - len("-serve-svc") - 6). */
export const MAX_RAY_SERVICE_NAME_LENGTH = 47;

/** Kubernetes limit of a DNS-1035 / DNS-1123 label. */
export const MAX_LABEL_LENGTH = 63;

const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The RayService name for a model id, as the seed derives it: lower-cased, dots dropped
 * (`qwen-2.5-3b` -> `qwen-25-3b`), any other character outside [a-z0-9-] turned into '-',
 * repeated '-' folded, leading and trailing '-' trimmed. The result may still be invalid
 * (too long, starting with a digit): check it with `rayServiceNameProblem`.
 */
export function nameFromModelId(id: string): string {
  return id
    .toLowerCase()
    .replace(/\./g, '')
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Why `name` cannot be a RayService name, or undefined when it can. */
export function rayServiceNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (name.length > MAX_RAY_SERVICE_NAME_LENGTH) {
    return `is ${name.length} characters long; KubeRay allows at most ${MAX_RAY_SERVICE_NAME_LENGTH}`;
  }
  if (!DNS_1035_LABEL.test(name)) {
    return 'is not a DNS-1035 label (lowercase letters, digits and "-", starting with a letter, ending with a letter or digit)';
  }
  return undefined;
}

/** Why `name` cannot be a DNS-1123 label (namespace, Gateway, HTTPRoute, Secret name), or undefined. */
export function labelProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (name.length > MAX_LABEL_LENGTH) return `is ${name.length} characters long; at most ${MAX_LABEL_LENGTH} are allowed`;
  if (!DNS_1123_LABEL.test(name)) {
    return 'is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit)';
  }
  return undefined;
}

/** The Service KubeRay creates for a RayService's Serve endpoint (port 8000). */
export function serveServiceName(rayServiceName: string): string {
  return `${rayServiceName}-serve-svc`;
}

/** The HealthCheckPolicy of a model's serve Service. */
export function healthCheckName(rayServiceName: string): string {
  return `${rayServiceName}-serve-healthcheck`;
}

/** The GCPBackendPolicy (timeouts) of a model's serve Service. */
export function backendPolicyName(rayServiceName: string): string {
  return `${rayServiceName}-serve-backend`;
}

/** The router's ConfigMap that maps a model's adapters to it. */
export function adapterConfigMapName(rayServiceName: string): string {
  return `${rayServiceName}-adapters`;
}

/** The ReferenceGrant that lets the Gateway's routes reach a model's Services in its own namespace. */
export function routeGrantName(rayServiceName: string): string {
  return `${rayServiceName}-route-grant`;
}

/** The NetworkPolicy that fences a model's Ray cluster. */
export function networkPolicyName(rayServiceName: string): string {
  return `${rayServiceName}-ray-ingress`;
}

/** Default RayService name of a model's canary. */
export function canaryName(rayServiceName: string): string {
  return `${rayServiceName}-canary`;
}

/** Name of the n-th HTTPRoute (1-based): the first keeps the configured name. */
export function routeName(baseName: string, index: number): string {
  return index === 1 ? baseName : `${baseName}-${index}`;
}

/** The Apigee policy that requires API keys on a Gateway. */
export function apiKeyPolicyName(gatewayName: string): string {
  return `${gatewayName}-api-keys`;
}

/** The HTTPRoute that redirects plain HTTP to HTTPS. */
export function redirectRouteName(baseName: string): string {
  return `${baseName}-https-redirect`;
}

/** The full name clients send for a model's LoRA adapter (Ray Serve LLM: `base:adapter`). */
export function adapterModelName(modelId: string, adapter: string): string {
  return `${modelId}:${adapter}`;
}
