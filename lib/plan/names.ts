/**
 * Kubernetes names derived from model ids. Every name that more than one object refers to
 * (the RayService, its serve Service, the health check) is computed here, once.
 */
import { MAX_RAY_SERVICE_NAME_LENGTH, serveServiceNameOf } from '../facts/ray';

export { MAX_RAY_SERVICE_NAME_LENGTH };

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

/** Kubernetes' limit of a Secret or ConfigMap key (DNS-1123 subdomain length). */
export const MAX_SECRET_KEY_LENGTH = 253;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * Why `key` cannot be a key of a Secret's (or ConfigMap's) data, or undefined when it can.
 * Kubernetes' own rule (IsConfigMapKey, kubernetes/kubernetes@03014f486c86dbe8a7fbe275fe14250854aab219
 * staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go): at most 253 characters of
 * [-._a-zA-Z0-9], not "." nor "..", and not starting with ".." (a mounted Secret's `..data`
 * and `..2026_...` entries are the kubelet's own).
 */
export function secretKeyProblem(key: string): string | undefined {
  if (key.length === 0) return 'is empty';
  if (key.length > MAX_SECRET_KEY_LENGTH) return `is ${key.length} characters long; Kubernetes allows at most ${MAX_SECRET_KEY_LENGTH}`;
  if (!SECRET_KEY.test(key)) return 'may hold only letters, digits, "-", "_" and "."';
  if (key === '.' || key === '..') return `may not be "${key}"`;
  if (key.startsWith('..')) return 'may not start with ".." (Kubernetes keeps such names for itself, e.g. "..data")';
  return undefined;
}

/**
 * Characters a client-facing name (model id, alias) may not hold: control characters (NUL, line
 * breaks, tabs), format characters (zero-width spaces and joiners, bidirectional overrides:
 * Unicode category Cf), surrogates, private use, and every kind of space (Z*). Such a name is
 * sent as an HTTP header value and printed in reports, where they break or disguise lines.
 */
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Z}]/u;

/** A name that passes printableNameProblem (for lists of such names). */
export const PRINTABLE_NAME = /^[^\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Z}:][^\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Z}]*$/u;

/** Why `name` (a model id or alias) is not printable without whitespace, or undefined. */
export function printableNameProblem(name: string): string | undefined {
  const found = NOT_PRINTABLE.exec(name);
  if (found) {
    const code = found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `holds U+${code} at position ${found.index + 1}; only printable characters without whitespace are allowed`;
  }
  if (name.startsWith(':')) return 'may not start with ":"';
  return undefined;
}

/** The Service KubeRay creates for a RayService's Serve endpoint (port 8000). */
export function serveServiceName(rayServiceName: string): string {
  return serveServiceNameOf(rayServiceName);
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

/** The NetworkPolicy that limits where a model's Ray cluster may connect (opt-in). */
export function egressPolicyName(rayServiceName: string): string {
  return `${rayServiceName}-ray-egress`;
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

/** The extension cdk8s gives manifests. */
export const MANIFEST_EXTENSION = '.k8s.yaml';

/** File name (without extension) of a deployment's model-cache fill Job, in its namespace folder. */
export function modelCacheChartId(rayServiceName: string): string {
  return `model-cache-${rayServiceName}`;
}

/** The fill Job of a deployment: `weights-<name>-<6 hex of what it copies>` (at most 62 characters). */
export function fillJobName(rayServiceName: string, copied: string): string {
  let hash = 0x811c9dc5;
  for (const char of copied) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return `weights-${rayServiceName}-${hash.toString(16).padStart(8, '0').slice(0, 6)}`;
}
