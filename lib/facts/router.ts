/** Facts of the body-based router (gateway-api-inference-extension chart `body-based-routing`; per-version values in lib/facts/router-charts.ts). */

/** The header the body-based router (v1.4.0, v1.5.0) sets to the body's `model`. Fixed in its code. */
export const MODEL_NAME_HEADER = 'X-Gateway-Model-Name';
/** The header the router sets to the base model of a LoRA adapter (or of a base model it knows). */
export const BASE_MODEL_NAME_HEADER = 'X-Gateway-Base-Model-Name';

/** Helm release name of the router, and its Deployment/Service name (`bbr.name`). */
export const ROUTER_RELEASE_NAME = 'body-based-router';
/** Chart of the router (its versions: lib/facts/router-charts.ts). */
export const ROUTER_CHART = 'oci://registry.k8s.io/gateway-api-inference-extension/charts/body-based-routing';
/** The router's ext_proc (gRPC) port and gRPC health port: the chart's `bbr.port`, `bbr.healthCheckPort` defaults. */
export const ROUTER_PORT = 9004;
export const ROUTER_HEALTH_PORT = 9005;
/** The router's HealthCheckPolicy, written by synth for multi-cluster Gateways. */
export const ROUTER_HEALTH_CHECK_NAME = `${ROUTER_RELEASE_NAME}-health`;
/** The OpenAI request body field the router reads. */
export const MODEL_BODY_FIELD = 'model';
