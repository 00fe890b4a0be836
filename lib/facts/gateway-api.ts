/** Limits of the Gateway API HTTPRoute CRD the library fills routes up to. */

/** Gateway API: rules per HTTPRoute. */
export const MAX_ROUTE_RULES = 16;
/** Gateway API (CEL rule): fewer than 128 matches over all rules of a route. */
export const MAX_ROUTE_MATCHES = 127;
