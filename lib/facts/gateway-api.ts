/** Limits of the Gateway API HTTPRoute CRD the library fills routes up to. */

/** Gateway API: rules per HTTPRoute. */
export const MAX_ROUTE_RULES = 16;
/** Gateway API (CEL rule): fewer than 128 matches over all rules of a route. */
export const MAX_ROUTE_MATCHES = 127;
/**
 * HTTPRoute rules on fields the list sets (gateway-api v1.6.1 config/crd/standard/
 * gateway.networking.k8s.io_httproutes.yaml; test/crd-rules-at-synth.test.ts checks synth
 * against every rule of the CRDs): `path.value` maxLength 1024, and CEL "must not contain '/./'"
 * and "'/../'" for PathPrefix; `hostnames[]` (Hostname) maxLength 253.
 */
export const MAX_PATH_LENGTH = 1024;
export const MAX_HOSTNAME_LENGTH = 253;
