/**
 * `GET /v1/models` for the whole Gateway (issue #31): which names the list answers, where the
 * responder lives and how its rule is matched.
 *
 * - One list per Gateway, in the Gateway's namespace, shared by every team namespace: a GET has
 *   no body, so the body-based router sets no header, and nothing in the request tells one team's
 *   client from another's; every client of the Gateway can reach every model it routes, so the
 *   list it gets is every id and adapter name the Gateway routes. (Per-team lists would need a
 *   per-team host name or path, which the list has no field for.)
 * - Matched by path alone, PathPrefix `/v1/models` (which also covers `/v1/models/{id}`: Gateway
 *   API prefixes match whole path segments). It outranks every model rule: Gateway API gives
 *   precedence, across all rules of all routes, to an Exact path, then the longest path prefix,
 *   then a method match, then the most header matches (kubernetes-sigs/gateway-api@v1.6.1
 *   config/crd/standard/gateway.networking.k8s.io_httproutes.yaml, `spec.rules.matches`; the CRD
 *   in ../shared/crds/gateway-api), and the model rules are PathPrefix `/` (with headers) or a
 *   model's own pathPrefix, whose first segment may not be `v1` (lib/plan/model-fields.ts).
 * - No method match: every GKE conformance report lists HTTPRouteMethodMatching unsupported (kubernetes-sigs/gateway-api
 *   conformance/reports/v1.1.0/gke-gateway/standard-1.30.3-rilb-report.yaml, -rxlb-, -gxlb-, and
 *   v1.3.0/gke-gateway/standard-1.33.4-managed-gxlb-report.yaml; no report exists for the other classes).
 *   Other methods on `/v1/models` get the same answers, which Ray Serve (GET only) would refuse anyway.
 */
import { MAX_CONFIG_MAP_BYTES } from '../facts/limits';
import { MODEL_LIST_PORT, MODELS_PATH } from '../facts/openai';
import { Problems } from '../list/problems';
import { ModelPlan, PlannedModel, PlannedModelList } from './model-plan';

export type { PlannedModelList };
import { labelProblem, MAX_LABEL_LENGTH } from './names';

/** The responder of one Gateway, planned. */

const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** The config's fixed part (nginx settings, the 404 body), rounded up. */
const CONFIG_BASE_BYTES = 2048;

/**
 * Bytes a name adds to the responder's ConfigMap, at most: in nginx.conf its object's location
 * (path and body) and its list entry, in models.json its entry; each at most twice the JSON text
 * (nginx escaping), plus the fixed text around it (measured: 255 bytes a name for 1,000
 * `model-N` names, this bound gives 296).
 */
export function configBytesPerName(id: string): number {
  return 4 * 2 * Buffer.byteLength(JSON.stringify(id)) + 200;
}

/** The responder's name: `<gateway>-models`. */
export function modelListName(gatewayName: string): string {
  return `${gatewayName}-models`;
}

/** The rule's path prefix (the list and every `/v1/models/{id}`). */
export const MODEL_LIST_PATH_PREFIX = MODELS_PATH;

/**
 * The responder of a validated plan, or undefined when the list turns it off. Problems: a name
 * too long for a Service, a list too large for a ConfigMap. (A model's pathPrefix cannot take `/v1/models`: a first segment `v1` is
 * refused for every model already, lib/plan/model-fields.ts.)
 */
export function planModelList(problems: Problems, enabled: boolean, gateway: Pick<ModelPlan, 'gatewayName' | 'namespace'>, models: readonly { where: string; model: PlannedModel }[]): PlannedModelList | undefined {
  if (!enabled) return undefined;
  const name = modelListName(gateway.gatewayName);
  // A gateway.name that is no label is reported once, as such.
  if (labelProblem(gateway.gatewayName) === undefined && (name.length > MAX_LABEL_LENGTH || !DNS_1035.test(name))) {
    problems.add('gateway', `modelList: the responder's name "${name}" (from gateway.name) must be a DNS-1035 label of at most ${MAX_LABEL_LENGTH} characters; shorten gateway.name or set modelList: false`);
  }
  const ids = models.flatMap(({ model }) => [model.id, ...model.adapters]);
  const bytes = ids.reduce((sum, id) => sum + configBytesPerName(id), CONFIG_BASE_BYTES);
  if (bytes > MAX_CONFIG_MAP_BYTES) {
    problems.add('gateway', `modelList: the list of ${ids.length} names needs up to ${Math.ceil(bytes / 1024)} KiB of responder config, more than a ConfigMap holds (${MAX_CONFIG_MAP_BYTES / 1024} KiB); set modelList: false`);
  }
  return {
    name,
    namespace: gateway.namespace,
    healthCheckName: `${name}-healthcheck`,
    port: MODEL_LIST_PORT,
    ids,
  };
}
