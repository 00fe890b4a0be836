/** Route simulator: reading the Kubernetes objects routing depends on. */
import { parse } from 'yaml';
import { BBR_MANAGED_LABEL as BBR_LABEL } from '../../lib/constructs/adapter-config-map';
import { serveServiceName } from '../../lib/plan/names';
import { SERVE_PORT as SERVE_SERVICE_PORT } from '../../lib/facts/ray';
import { MODEL_LIST_COMPONENT_LABEL, MODEL_LIST_JSON_KEY, MODEL_LIST_PORT } from '../../lib/constructs/model-list-responder';
import { AdapterList, GATEWAY_GROUP, ModelListInfo, GatewayInfo, HttpRouteInfo, PathRewrite, ReferenceGrantInfo, RouteMatch, RouteProblem, RouteRuleInfo, RoutingObjects, ServingRayService } from './types';
import { compareText } from './resolve';

export type Json = Record<string, unknown>;

const [[MODEL_LIST_LABEL, MODEL_LIST_LABEL_VALUE]] = Object.entries(MODEL_LIST_COMPONENT_LABEL);

export function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function json(value: unknown): Json {
  return isJson(value) ? value : {};
}

export function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(json) : [];
}

export function text(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

export function apiGroup(apiVersion: unknown): string {
  const parts = text(apiVersion).split('/');
  return parts.length === 2 ? parts[0] : '';
}

/** Reads the objects routing depends on (RayService, bbr-managed ConfigMap, Gateway, HTTPRoute, ReferenceGrant); ignores the rest. */
export function readRoutingObjects(objects: readonly unknown[]): RoutingObjects {
  const read: { [K in keyof RoutingObjects]: RoutingObjects[K][number][] } = {
    rayServices: [], adapterLists: [], modelLists: [], gateways: [], routes: [], grants: [], exports: [], problems: [],
  };
  for (const object of objects.filter(isJson)) {
    const group = apiGroup(object.apiVersion);
    const metadata = json(object.metadata);
    const namespace = text(metadata.namespace, 'default');
    const id = `${namespace}/${text(metadata.name)}`;
    const kind = `${group}/${text(object.kind)}`;
    if (kind === 'ray.io/RayService') read.rayServices.push(readRayService(object, id, read.problems));
    else if (kind === '/ConfigMap' && json(metadata.labels)[BBR_LABEL] === 'true') read.adapterLists.push(readAdapterList(object, id, read.problems));
    else if (kind === '/ConfigMap' && json(metadata.labels)[MODEL_LIST_LABEL] === MODEL_LIST_LABEL_VALUE) read.modelLists.push(readModelList(object, id, read.problems));
    else if (kind === `${GATEWAY_GROUP}/Gateway`) read.gateways.push(readGateway(object, id, namespace));
    else if (kind === `${GATEWAY_GROUP}/HTTPRoute`) read.routes.push(readRoute(object, id, namespace));
    else if (kind === `${GATEWAY_GROUP}/ReferenceGrant`) read.grants.push(readGrant(object, namespace));
    else if (kind === 'net.gke.io/ServiceExport') read.exports.push(id);
  }
  read.routes.sort((a, b) => compareText(a.id, b.id));
  return read;
}

export function readRayService(object: Json, id: string, problems: RouteProblem[]): ServingRayService {
  const service = `${serveServiceName(id)}:${SERVE_SERVICE_PORT}`;
  let serveConfig: unknown;
  try {
    serveConfig = parse(text(json(object.spec).serveConfigV2));
  } catch (error) {
    problems.push({ kind: 'invalid-object', message: `RayService ${id}: spec.serveConfigV2 is not valid YAML (${(error as Error).message.split('\n')[0]})` });
  }
  const llmConfigs = list(json(serveConfig).applications).flatMap((app) => list(json(app.args).llm_configs));
  const models = llmConfigs
    .map((config) => ({ id: text(json(config.model_loading_config).model_id), lora: isJson(config.lora_config) }))
    .filter((model) => model.id !== '');
  return { id, service, models };
}

export function readAdapterList(object: Json, id: string, problems: RouteProblem[]): AdapterList {
  const data = json(object.data);
  const baseModel = text(data.baseModel);
  let adapters: unknown;
  try {
    adapters = parse(text(data.adapters, '[]'));
  } catch {
    adapters = undefined;
  }
  const valid = Array.isArray(adapters) && adapters.every((a) => typeof a === 'string');
  if (baseModel === '') problems.push({ kind: 'invalid-object', message: `ConfigMap ${id}: data.baseModel is missing` });
  if (!valid) problems.push({ kind: 'invalid-object', message: `ConfigMap ${id}: data.adapters is not a YAML list of adapter names` });
  return { configMap: id, baseModel, adapters: valid ? (adapters as string[]) : [] };
}

/** The responder's list: its ConfigMap's `models.json` (`{path, ids}`); its Service has the ConfigMap's name. */
export function readModelList(object: Json, id: string, problems: RouteProblem[]): ModelListInfo {
  let ids: unknown;
  try {
    ids = json(JSON.parse(text(json(object.data)[MODEL_LIST_JSON_KEY], '{}'))).ids;
  } catch {
    ids = undefined;
  }
  const valid = Array.isArray(ids) && ids.every((i) => typeof i === 'string');
  if (!valid) problems.push({ kind: 'invalid-object', message: `ConfigMap ${id}: data.${MODEL_LIST_JSON_KEY} has no list of ids` });
  return { id, service: `${id}:${MODEL_LIST_PORT}`, ids: valid ? (ids as string[]) : [] };
}

export function readGateway(object: Json, id: string, namespace: string): GatewayInfo {
  const listeners = list(json(object.spec).listeners).map((listener) => ({
    name: text(listener.name),
    protocol: text(listener.protocol),
    from: text(json(json(listener.allowedRoutes).namespaces).from, 'Same'),
  }));
  return { id, namespace, listeners };
}

export function readRoute(object: Json, id: string, namespace: string): HttpRouteInfo {
  const spec = json(object.spec);
  const parents = list(spec.parentRefs)
    .filter((ref) => text(ref.group, GATEWAY_GROUP) === GATEWAY_GROUP && text(ref.kind, 'Gateway') === 'Gateway')
    .map((ref) => ({ gateway: `${text(ref.namespace, namespace)}/${text(ref.name)}`, sectionName: typeof ref.sectionName === 'string' ? ref.sectionName : undefined }));
  const rules = list(spec.rules).map((rule, index) => readRule(rule, index, id, namespace));
  return { id, namespace, parents, rules };
}

export function readRule(rule: Json, index: number, route: string, namespace: string): RouteRuleInfo {
  const matches = Array.isArray(rule.matches) && rule.matches.length > 0 ? list(rule.matches).map(readMatch) : [readMatch({})];
  const rewritePath = list(rule.filters).filter((f) => f.type === 'URLRewrite').map((f) => json(json(f.urlRewrite).path))[0];
  const rewrite: PathRewrite | undefined =
    rewritePath?.type === 'ReplacePrefixMatch' ? { type: 'ReplacePrefixMatch', value: text(rewritePath.replacePrefixMatch) }
    : rewritePath?.type === 'ReplaceFullPath' ? { type: 'ReplaceFullPath', value: text(rewritePath.replaceFullPath) }
    : undefined;
  const backends = list(rule.backendRefs).map((ref) => ({
    group: text(ref.group),
    kind: text(ref.kind, 'Service'),
    namespace: text(ref.namespace, namespace),
    name: text(ref.name),
    port: typeof ref.port === 'number' ? ref.port : undefined,
    weight: typeof ref.weight === 'number' ? ref.weight : 1,
  }));
  const redirectFilter = list(rule.filters).filter((f) => f.type === 'RequestRedirect').map((f) => json(f.requestRedirect))[0];
  const redirect = redirectFilter
    ? { scheme: typeof redirectFilter.scheme === 'string' ? redirectFilter.scheme : undefined, statusCode: typeof redirectFilter.statusCode === 'number' ? redirectFilter.statusCode : 302 }
    : undefined;
  return { route, index, name: typeof rule.name === 'string' ? rule.name : undefined, matches, rewrite, ...(redirect ? { redirect } : {}), backends };
}

export function readMatch(match: Json): RouteMatch {
  const headers = list(match.headers).map((h) => ({
    type: h.type === 'RegularExpression' ? 'RegularExpression' as const : 'Exact' as const,
    name: text(h.name),
    value: text(h.value),
  }));
  const path = json(match.path);
  const pathType = path.type === 'Exact' || path.type === 'RegularExpression' ? path.type : 'PathPrefix';
  return {
    headers,
    path: { type: pathType, value: text(path.value, '/') },
    method: typeof match.method === 'string' ? match.method : undefined,
    queryParams: list(match.queryParams).length > 0,
  };
}

export function readGrant(object: Json, namespace: string): ReferenceGrantInfo {
  const spec = json(object.spec);
  return {
    namespace,
    from: list(spec.from).map((f) => ({ group: text(f.group), kind: text(f.kind), namespace: text(f.namespace) })),
    to: list(spec.to).map((t) => ({ group: text(t.group), kind: text(t.kind), name: typeof t.name === 'string' ? t.name : undefined })),
  };
}
