/**
 * Who can check an API key in front of the models (issue #31, item 2), from the sources at the
 * versions this project supports. Read in the released wheels (`pip download --no-deps ray==X`,
 * 2026-12-06) and in the pinned CRDs.
 *
 * | Where | What it offers | Source |
 * |---|---|---|
 * | Ray Serve LLM 2.54.0 (the seed) | no key: `LLMServingArgs` has only `llm_configs`, `ingress_cls_config`, `ingress_deployment_config`; `OpenAiIngress` reads no `Authorization` header and no `VLLM_API_KEY`; Serve's `http_options.middlewares` is deprecated (warns) | ray==2.54.0 wheel: ray/llm/_internal/serve/core/ingress/builder.py `LLMServingArgs`, ray/llm/_internal/serve/core/ingress/ingress.py, ray/serve/config.py `HTTPOptions.middlewares` |
 * | Ray Serve LLM 2.60.0 (newest supported) | no key either: the same three `LLMServingArgs` fields; `http_options.middlewares` now raises ("removed ... use Serve's FastAPI integration"); Ray's token auth (`RAY_AUTH_MODE=token`, ray/_private/authentication/) guards the dashboard, GCS and Serve's internal gRPC, not the Serve HTTP proxy (ray-project/ray#59578) | ray==2.60.0 wheel: the same files, ray/serve/_private/replica.py (gRPC interceptor only) |
 * | Ray, custom ingress | `ingress_cls_config.ingress_cls` could name an `OpenAiIngress` subclass that checks a key, but that class must be in the image (or a runtime_env package): code this project does not ship | ray==2.60.0 builder.py `IngressClsConfig` |
 * | GKE Gateway: Apigee | API keys per app, checked by Apigee through a traffic extension (`APIMExtensionPolicy`, `defaultSecurityEnabled`); clients send header `x-api-key` | https://cloud.google.com/apigee/docs/api-platform/apigee-kubernetes/apigee-apim-operator-create ("Test the Apigee service extension" sends `x-api-key`); lib/constructs/api-key-policy.ts |
 * | GKE Gateway: IAP | `GCPBackendPolicy.spec.default.iap` (`enabled`, `clientID`, `oauth2ClientSecret`): Google identities (OAuth / ID tokens of users and service accounts), not static keys | ../shared/crds/gke/networking.gke.io_gcpbackendpolicies.yaml (GoogleCloudPlatform/gke-gateway-api@fc40d606a533) |
 * | GKE Gateway: Cloud Armor | `GCPBackendPolicy.spec.default.securityPolicy` names a policy whose rules can match a header, but the key would then live in the policy's rule expression (gcloud arguments, the policy itself), not in a Kubernetes Secret | same CRD; https://cloud.google.com/armor/docs/rules-language-reference |
 * | GKE Gateway: service extensions | a `GCPTrafficExtension` callout to a service of one's own that checks keys: needs that service (no such image here) | https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gke-service-extensions |
 * | `GCPGatewayPolicy` | `allowGlobalAccess`, `region`, `sslPolicy`: nothing about keys | ../shared/crds/gke/networking.gke.io_gcpgatewaypolicies.yaml |
 *
 * So the one option that checks static API keys without code of our own is Apigee; a key in a
 * Secret without Apigee is refused for every Ray version, naming the alternatives.
 */

/** Ray versions whose Serve LLM OpenAI app checks an API key (none of the supported ones; see above). */
export const RAY_VERSIONS_CHECKING_API_KEYS: readonly string[] = [];

/** Ray versions read for this table. */
export const RAY_VERSIONS_READ_FOR_API_KEYS: readonly string[] = ['2.54.0', '2.60.0'];

/** Header Apigee's API-key check reads (the APIM Operator guide's test request). */
export const APIGEE_API_KEY_HEADER = 'x-api-key';

/** What to use instead, for the refusal message. */
export const API_KEY_ALTERNATIVES = 'governance.apigee (Apigee checks the keys at the Gateway; apiKeySecret then holds a key Apigee issued), or IAP on the load balancer (GCPBackendPolicy iap: Google identities, not keys)';

/** Whether Ray Serve LLM of this version checks API keys on its OpenAI port. */
export function rayChecksApiKeys(rayVersion: string): boolean {
  return RAY_VERSIONS_CHECKING_API_KEYS.includes(rayVersion);
}
