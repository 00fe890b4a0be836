/**
 * The route table of a synthesized dist/: from the Kubernetes objects alone, which name (the
 * OpenAI `model` a client sends, or a path) reaches which Service, and what is wrong with it.
 *
 * It simulates the two hops a request takes: the body-based router (gateway-api-inference-extension
 * v1.4.0) sets `X-Gateway-Model-Name` (and `X-Gateway-Base-Model-Name` for LoRA adapters) from the
 * body's `model`, then the Gateway picks one HTTPRoute rule by Gateway API matching and precedence.
 * Pure functions: objects in, table out; reading files is the caller's job (scripts/routes.ts).
 */
import { parse } from 'yaml';
import { BBR_MANAGED_LABEL as BBR_LABEL } from '../../lib/constructs/adapter-config-map';
import { serveServiceName } from '../../lib/plan/names';
import { SERVE_PORT as SERVE_SERVICE_PORT } from '../../lib/constructs/ray-llm-service';
import { BASE_MODEL_NAME_HEADER as BASE_MODEL_HEADER, MAX_ROUTE_MATCHES, MAX_ROUTE_RULES as MAX_RULES, MODEL_NAME_HEADER as MODEL_HEADER } from '../../lib/plan/route-plan';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';
/** A route must have fewer matches than this across all its rules (Gateway API CEL rule). */
const MATCH_LIMIT = MAX_ROUTE_MATCHES + 1;
/** The path every name is resolved with. */
const CHAT_PATH = '/v1/chat/completions';
/** The model an unknown-model request sends, to resolve the catch-all rule. */
const UNKNOWN_MODEL = 'no-such-model';

// ---------------------------------------------------------------------------------------------
// What the objects say, read into small types

/** A RayService: the serve Service KubeRay creates for it, and the model ids its llm_configs serve. */
export interface ServingRayService {
  /** `namespace/name` */
  readonly id: string;
  /** `namespace/<name>-serve-svc:8000` */
  readonly service: string;
  readonly models: readonly { readonly id: string; readonly lora: boolean }[];
}

/** A ConfigMap the body-based router reads: adapter names (as clients send them) -> base model. */
export interface AdapterList {
  /** `namespace/name` */
  readonly configMap: string;
  readonly baseModel: string;
  readonly adapters: readonly string[];
}

export interface HeaderMatch {
  readonly type: 'Exact' | 'RegularExpression';
  readonly name: string;
  readonly value: string;
}

export interface PathMatch {
  readonly type: 'PathPrefix' | 'Exact' | 'RegularExpression';
  readonly value: string;
}

export interface RouteMatch {
  readonly headers: readonly HeaderMatch[];
  readonly path: PathMatch;
  readonly method?: string;
  /** The match needs query parameters (simulated requests have none, so it never matches). */
  readonly queryParams: boolean;
}

export interface PathRewrite {
  readonly type: 'ReplacePrefixMatch' | 'ReplaceFullPath';
  readonly value: string;
}

export interface RuleBackendRef {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly port?: number;
  readonly weight: number;
}

export interface RouteRuleInfo {
  /** `namespace/name` of the HTTPRoute */
  readonly route: string;
  readonly index: number;
  readonly name?: string;
  readonly matches: readonly RouteMatch[];
  readonly rewrite?: PathRewrite;
  /** A RequestRedirect filter: the rule answers with a redirect instead of a backend. */
  readonly redirect?: { readonly scheme?: string; readonly statusCode: number };
  readonly backends: readonly RuleBackendRef[];
}

export interface HttpRouteInfo {
  /** `namespace/name` */
  readonly id: string;
  readonly namespace: string;
  readonly parents: readonly { readonly gateway: string; readonly sectionName?: string }[];
  readonly rules: readonly RouteRuleInfo[];
}

export interface GatewayInfo {
  /** `namespace/name` */
  readonly id: string;
  readonly namespace: string;
  /** Each listener's name, protocol and `allowedRoutes.namespaces.from` (default `Same`). */
  readonly listeners: readonly { readonly name: string; readonly protocol: string; readonly from: string }[];
}

export interface ReferenceGrantInfo {
  readonly namespace: string;
  readonly from: readonly { readonly group: string; readonly kind: string; readonly namespace: string }[];
  readonly to: readonly { readonly group: string; readonly kind: string; readonly name?: string }[];
}

export type ProblemKind =
  | 'invalid-object' // an object the table depends on cannot be read
  | 'detached-route' // a route no Gateway accepts
  | 'route-limits' // more rules or matches than Gateway API allows
  | 'duplicate' // the same name matched by two rules
  | 'dangling-backend' // a backendRef to no serve Service
  | 'unreachable' // a served model or adapter no rule sends anywhere
  | 'wrong-backend' // a served model or adapter sent to other Services than the ones serving it
  | 'adapter' // an adapter whose base model cannot serve it
  | 'unserved-name'; // a model name a rule routes but no RayService serves: Ray Serve answers 404

export interface RouteProblem {
  readonly kind: ProblemKind;
  readonly message: string;
}

/** Everything routing depends on, read from the objects. */
export interface RoutingObjects {
  readonly rayServices: readonly ServingRayService[];
  readonly adapterLists: readonly AdapterList[];
  readonly gateways: readonly GatewayInfo[];
  readonly routes: readonly HttpRouteInfo[];
  readonly grants: readonly ReferenceGrantInfo[];
  /** `namespace/name` of every ServiceExport (multi-cluster Services: the config cluster's ServiceImport of that name reaches them). */
  readonly exports: readonly string[];
  /** Objects that could not be read. */
  readonly problems: readonly RouteProblem[];
}

type Json = Record<string, unknown>;

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function json(value: unknown): Json {
  return isJson(value) ? value : {};
}

function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(json) : [];
}

function text(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

function apiGroup(apiVersion: unknown): string {
  const parts = text(apiVersion).split('/');
  return parts.length === 2 ? parts[0] : '';
}

/** Reads the objects routing depends on (RayService, bbr-managed ConfigMap, Gateway, HTTPRoute, ReferenceGrant); ignores the rest. */
export function readRoutingObjects(objects: readonly unknown[]): RoutingObjects {
  const read: { [K in keyof RoutingObjects]: RoutingObjects[K][number][] } = {
    rayServices: [], adapterLists: [], gateways: [], routes: [], grants: [], exports: [], problems: [],
  };
  for (const object of objects.filter(isJson)) {
    const group = apiGroup(object.apiVersion);
    const metadata = json(object.metadata);
    const namespace = text(metadata.namespace, 'default');
    const id = `${namespace}/${text(metadata.name)}`;
    const kind = `${group}/${text(object.kind)}`;
    if (kind === 'ray.io/RayService') read.rayServices.push(readRayService(object, id, read.problems));
    else if (kind === '/ConfigMap' && json(metadata.labels)[BBR_LABEL] === 'true') read.adapterLists.push(readAdapterList(object, id, read.problems));
    else if (kind === `${GATEWAY_GROUP}/Gateway`) read.gateways.push(readGateway(object, id, namespace));
    else if (kind === `${GATEWAY_GROUP}/HTTPRoute`) read.routes.push(readRoute(object, id, namespace));
    else if (kind === `${GATEWAY_GROUP}/ReferenceGrant`) read.grants.push(readGrant(object, namespace));
    else if (kind === 'net.gke.io/ServiceExport') read.exports.push(id);
  }
  read.routes.sort((a, b) => compareText(a.id, b.id));
  return read;
}

function readRayService(object: Json, id: string, problems: RouteProblem[]): ServingRayService {
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

function readAdapterList(object: Json, id: string, problems: RouteProblem[]): AdapterList {
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

function readGateway(object: Json, id: string, namespace: string): GatewayInfo {
  const listeners = list(json(object.spec).listeners).map((listener) => ({
    name: text(listener.name),
    protocol: text(listener.protocol),
    from: text(json(json(listener.allowedRoutes).namespaces).from, 'Same'),
  }));
  return { id, namespace, listeners };
}

function readRoute(object: Json, id: string, namespace: string): HttpRouteInfo {
  const spec = json(object.spec);
  const parents = list(spec.parentRefs)
    .filter((ref) => text(ref.group, GATEWAY_GROUP) === GATEWAY_GROUP && text(ref.kind, 'Gateway') === 'Gateway')
    .map((ref) => ({ gateway: `${text(ref.namespace, namespace)}/${text(ref.name)}`, sectionName: typeof ref.sectionName === 'string' ? ref.sectionName : undefined }));
  const rules = list(spec.rules).map((rule, index) => readRule(rule, index, id, namespace));
  return { id, namespace, parents, rules };
}

function readRule(rule: Json, index: number, route: string, namespace: string): RouteRuleInfo {
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

function readMatch(match: Json): RouteMatch {
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

function readGrant(object: Json, namespace: string): ReferenceGrantInfo {
  const spec = json(object.spec);
  return {
    namespace,
    from: list(spec.from).map((f) => ({ group: text(f.group), kind: text(f.kind), namespace: text(f.namespace) })),
    to: list(spec.to).map((t) => ({ group: text(t.group), kind: text(t.kind), name: typeof t.name === 'string' ? t.name : undefined })),
  };
}

// ---------------------------------------------------------------------------------------------
// One request, through the router and the Gateway

/** An OpenAI request as the Gateway sees it: the body's `model` (if any) and the path. */
export interface RouteRequest {
  readonly model?: string;
  readonly path: string;
  /** The Gateway listener it arrives on; default the HTTPS listener if there is one, else any. */
  readonly listener?: string;
}

export interface WeightedBackend {
  /** `namespace/name:port` for a Service; `Kind namespace/name:port` for anything else. */
  readonly service: string;
  readonly weight: number;
  /** Share of the rule's total weight, 0 to 100 (one decimal). */
  readonly percent: number;
}

/** Where a request ends up. `rule: null` means no rule matches: the Gateway answers 404. */
export interface Resolution {
  /** `namespace/name` of the Gateway, null when there is none. */
  readonly gateway: string | null;
  readonly request: RouteRequest;
  /** The headers the body-based router set. */
  readonly headers: Readonly<Record<string, string>>;
  readonly rule: { readonly route: string; readonly index: number; readonly name?: string; readonly redirect?: RouteRuleInfo['redirect'] } | null;
  readonly backends: readonly WeightedBackend[];
  /** The path the backend sees (after URLRewrite). */
  readonly path: string;
}

/**
 * Follows one request through the body-based router and the Gateway's HTTPRoutes. `gateway`
 * (`namespace/name`) may be left out when the objects hold at most one Gateway.
 */
export function resolveRequest(objects: RoutingObjects, request: RouteRequest, gateway: string | null = onlyGateway(objects)): Resolution {
  const headers = routerHeaders(objects.adapterLists, request.model);
  const listener = request.listener ?? (gateway === null ? undefined : servingListener(objects, gateway));
  const chosen = gateway === null ? undefined : chooseRule(attachedRoutes(objects, gateway, listener), headers, request.path);
  if (!chosen) return { gateway, request, headers, rule: null, backends: [], path: request.path };
  const { rule, match } = chosen;
  return {
    gateway,
    request,
    headers,
    rule: { route: rule.route, index: rule.index, ...(rule.name === undefined ? {} : { name: rule.name }), ...(rule.redirect ? { redirect: rule.redirect } : {}) },
    backends: weighted(rule.backends),
    path: rewrittenPath(rule.rewrite, match.path, request.path),
  };
}

function onlyGateway(objects: RoutingObjects): string | null {
  if (objects.gateways.length > 1) throw new Error(`${objects.gateways.length} Gateways: name the one to resolve through`);
  return objects.gateways[0]?.id ?? null;
}

/** Step 1, the body-based router: headers from the body's `model` (FACTS 10-12). */
function routerHeaders(adapterLists: readonly AdapterList[], model: string | undefined): Record<string, string> {
  if (model === undefined) return {};
  const baseModel = adapterLists.find((l) => l.adapters.includes(model))?.baseModel ?? adapterLists.find((l) => l.baseModel === model)?.baseModel;
  return baseModel ? { [MODEL_HEADER]: model, [BASE_MODEL_HEADER]: baseModel } : { [MODEL_HEADER]: model };
}

/** The listener clients are served on: the Gateway's HTTPS listener, or undefined (any) without one. */
function servingListener(objects: RoutingObjects, gatewayId: string): string | undefined {
  return objects.gateways.find((g) => g.id === gatewayId)?.listeners.find((l) => l.protocol === 'HTTPS')?.name;
}

/**
 * The routes a Gateway accepts (on `listener`, when given): a parentRef names it (and the
 * listener, or no listener) and the listener allows the route's namespace.
 */
function attachedRoutes(objects: RoutingObjects, gatewayId: string, listener?: string): HttpRouteInfo[] {
  const gateway = objects.gateways.find((g) => g.id === gatewayId);
  if (!gateway) return [];
  return objects.routes.filter((route) => route.parents.some((parent) => parent.gateway === gatewayId
    && (listener === undefined || parent.sectionName === undefined || parent.sectionName === listener)
    && allows(gateway, route, parent.sectionName ?? listener)));
}

/** Listeners other than the serving one whose routes redirect every request (e.g. http -> https). */
function redirectListeners(objects: RoutingObjects, gatewayId: string): string[] {
  const serving = servingListener(objects, gatewayId);
  const gateway = objects.gateways.find((g) => g.id === gatewayId);
  return (gateway?.listeners ?? []).map((l) => l.name).filter((name) => name !== serving
    && attachedRoutes(objects, gatewayId, name).some((route) => route.rules.some((rule) => rule.redirect && rule.matches.some(isCatchAll))));
}

function allows(gateway: GatewayInfo, route: HttpRouteInfo, sectionName: string | undefined): boolean {
  return gateway.listeners.some((l) => (sectionName === undefined || l.name === sectionName) && (l.from !== 'Same' || route.namespace === gateway.namespace));
}

/** Step 2, the Gateway: the matching rule with the highest precedence over all the routes. */
function chooseRule(routes: readonly HttpRouteInfo[], headers: Record<string, string>, path: string) {
  const candidates = routes.flatMap((route) => route.rules.flatMap((rule) =>
    rule.matches.filter((match) => matches(match, headers, path)).map((match) => ({ rule, match }))));
  return candidates.sort((a, b) => comparePrecedence(a.match, b.match) || compareText(a.rule.route, b.rule.route) || a.rule.index - b.rule.index)[0];
}

function matches(match: RouteMatch, headers: Record<string, string>, path: string): boolean {
  if (match.queryParams || (match.method !== undefined && match.method !== 'POST')) return false;
  return match.headers.every((h) => headerMatches(h, headers)) && pathMatches(match.path, path);
}

function headerMatches(match: HeaderMatch, headers: Record<string, string>): boolean {
  const name = Object.keys(headers).find((n) => n.toLowerCase() === match.name.toLowerCase());
  if (name === undefined) return false;
  return match.type === 'Exact' ? headers[name] === match.value : fullMatch(match.value, headers[name]);
}

/** PathPrefix matches whole path segments, and a trailing `/` in the prefix is ignored. */
function pathMatches(match: PathMatch, path: string): boolean {
  if (match.type === 'Exact') return path === match.value;
  if (match.type === 'RegularExpression') return fullMatch(match.value, path);
  const prefix = withoutTrailingSlash(match.value);
  return path === prefix || path.startsWith(`${prefix}/`);
}

function fullMatch(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return false;
  }
}

function withoutTrailingSlash(path: string): string {
  return path.replace(/\/+$/, '');
}

/**
 * Gateway API rule precedence: Exact path, then the longest prefix, then a method match, then
 * the most header matches. (RegularExpression paths are implementation-specific: ranked last.)
 */
function comparePrecedence(a: RouteMatch, b: RouteMatch): number {
  const rank = (m: RouteMatch) => ({ Exact: 2, PathPrefix: 1, RegularExpression: 0 })[m.path.type];
  const length = (m: RouteMatch) => (m.path.type === 'PathPrefix' ? withoutTrailingSlash(m.path.value) : m.path.value).length;
  const method = (m: RouteMatch) => (m.method === undefined ? 0 : 1);
  return rank(b) - rank(a) || length(b) - length(a) || method(b) - method(a) || b.headers.length - a.headers.length;
}

/** Routes are ordered by `namespace/name` (the stand-in for "oldest first": no creation timestamps in dist/). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function weighted(backends: readonly RuleBackendRef[]): WeightedBackend[] {
  const total = backends.reduce((sum, b) => sum + b.weight, 0);
  return backends.map((b) => ({
    service: backendName(b),
    weight: b.weight,
    percent: total === 0 ? 0 : Math.round((b.weight * 1000) / total) / 10,
  }));
}

function backendName(ref: RuleBackendRef): string {
  const name = `${ref.namespace}/${ref.name}${ref.port === undefined ? '' : `:${ref.port}`}`;
  return isService(ref) || isServiceImport(ref) ? name : `${ref.kind} ${name}`;
}

function isService(ref: RuleBackendRef): boolean {
  return ref.group === '' && ref.kind === 'Service';
}

/** A multi-cluster Services import: it reaches the Services of that name exported from the fleet's clusters. */
function isServiceImport(ref: RuleBackendRef): boolean {
  return ref.group === 'net.gke.io' && ref.kind === 'ServiceImport';
}

/** Step 3: the path the backend sees. ReplacePrefixMatch swaps whole segments, never leaving `//` or an empty path. */
function rewrittenPath(rewrite: PathRewrite | undefined, match: PathMatch, path: string): string {
  if (rewrite?.type === 'ReplaceFullPath') return rewrite.value;
  if (rewrite?.type !== 'ReplacePrefixMatch' || match.type !== 'PathPrefix') return path;
  const rest = path.slice(withoutTrailingSlash(match.value).length);
  return `${withoutTrailingSlash(rewrite.value)}${rest}` || '/';
}

// ---------------------------------------------------------------------------------------------
// The table: every name a client can use, and the problems

/**
 * model: a model id some RayService serves; adapter: a LoRA adapter; alias: a name only a
 * route knows (a problem: Ray Serve LLM answers only its model_id, so the request gets 404); path: a path prefix routed without a model; default: the catch-all rule;
 * redirect: a listener (e.g. plain http) whose every request is redirected.
 */
export type NameKind = 'model' | 'adapter' | 'alias' | 'path' | 'default' | 'redirect';

export interface RouteTableEntry extends Resolution {
  readonly name: string;
  readonly kind: NameKind;
}

export interface RouteTable {
  readonly entries: readonly RouteTableEntry[];
  readonly problems: readonly RouteProblem[];
}

/** Every name a client can use, per Gateway, where it goes, and every problem found. */
export function buildRouteTable(manifests: readonly unknown[]): RouteTable {
  const objects = readRoutingObjects(manifests);
  const gateways = objects.gateways.length > 0 ? objects.gateways.map((g) => g.id) : [null];
  const entries = gateways.flatMap((gateway) => gatewayEntries(objects, gateway));
  const problems = uniqueProblems([
    ...objects.problems,
    ...attachmentProblems(objects),
    ...limitProblems(objects),
    ...duplicateProblems(objects),
    ...backendProblems(objects),
    ...reachProblems(objects, entries),
  ]);
  return { entries, problems };
}

function uniqueProblems(problems: RouteProblem[]): RouteProblem[] {
  return problems.filter((p, i) => problems.findIndex((q) => q.message === p.message) === i);
}

function gatewayEntries(objects: RoutingObjects, gateway: string | null): RouteTableEntry[] {
  const names = new Map<string, { kind: NameKind; request: RouteRequest }>();
  const add = (name: string, kind: NameKind, request: RouteRequest) => names.has(name) || names.set(name, { kind, request });
  let catchAll = false;
  const listener = gateway === null ? undefined : servingListener(objects, gateway);
  for (const route of gateway === null ? [] : attachedRoutes(objects, gateway, listener)) {
    for (const match of route.rules.flatMap((rule) => rule.matches)) {
      const model = match.headers.find((h) => h.type === 'Exact' && h.name.toLowerCase() === MODEL_HEADER.toLowerCase());
      if (model) add(model.value, nameKind(objects, model.value), { model: model.value, path: CHAT_PATH });
      if (match.headers.length > 0 || match.path.type === 'RegularExpression') continue;
      if (isCatchAll(match)) catchAll = true;
      else if (withoutTrailingSlash(match.path.value) !== '') add(match.path.value, 'path', { path: pathRequest(match.path) });
    }
  }
  for (const adapter of objects.adapterLists.flatMap((l) => l.adapters)) add(adapter, 'adapter', { model: adapter, path: CHAT_PATH });
  for (const id of servedIds(objects)) add(id, 'model', { model: id, path: CHAT_PATH });
  if (catchAll) add('(default)', 'default', { model: UNKNOWN_MODEL, path: CHAT_PATH });
  for (const other of gateway === null ? [] : redirectListeners(objects, gateway)) {
    add(`(listener ${other})`, 'redirect', { model: UNKNOWN_MODEL, path: CHAT_PATH, listener: other });
  }
  return [...names].map(([name, { kind, request }]) => ({ name, kind, ...resolveRequest(objects, request, gateway) }));
}

/** The request a path name is resolved with: the chat path under a prefix, an exact path as is. */
function pathRequest(path: PathMatch): string {
  return path.type === 'Exact' ? path.value : `${withoutTrailingSlash(path.value)}${CHAT_PATH}`;
}

function isCatchAll(match: RouteMatch): boolean {
  const everyPath = match.path.type === 'PathPrefix' && withoutTrailingSlash(match.path.value) === '';
  return everyPath && match.headers.length === 0 && match.method === undefined && !match.queryParams;
}

function servedIds(objects: RoutingObjects): string[] {
  return [...new Set(objects.rayServices.flatMap((rs) => rs.models.map((m) => m.id)))];
}

function nameKind(objects: RoutingObjects, name: string): NameKind {
  if (servedIds(objects).includes(name)) return 'model';
  if (objects.adapterLists.some((l) => l.adapters.includes(name)) || loraServers(objects, name).length > 0) return 'adapter';
  return 'alias';
}

/** RayServices with LoRA on for the model id an adapter name `<model_id>:<adapter>` starts with. */
function loraServers(objects: RoutingObjects, adapter: string): ServingRayService[] {
  return objects.rayServices.filter((rs) => rs.models.some((m) => m.lora && adapter.startsWith(`${m.id}:`)));
}

function servers(objects: RoutingObjects, modelId: string): ServingRayService[] {
  return objects.rayServices.filter((rs) => rs.models.some((m) => m.id === modelId));
}

function ruleLabel(rule: { readonly route: string; readonly index: number; readonly name?: string }): string {
  return `${rule.route} rules[${rule.index}]${rule.name === undefined ? '' : ` "${rule.name}"`}`;
}

/** Routes no Gateway accepts route nothing. */
function attachmentProblems(objects: RoutingObjects): RouteProblem[] {
  const detached = (message: string): RouteProblem[] => [{ kind: 'detached-route', message }];
  return objects.routes.flatMap((route) => {
    if (route.parents.length === 0) return detached(`HTTPRoute ${route.id} names no parent Gateway`);
    return route.parents.flatMap((parent) => {
      const gateway = objects.gateways.find((g) => g.id === parent.gateway);
      if (!gateway) return detached(`HTTPRoute ${route.id}: its parent Gateway ${parent.gateway} is not among the objects read`);
      if (allows(gateway, route, parent.sectionName)) return [];
      const listener = parent.sectionName ? ` ${parent.sectionName}` : '';
      return detached(`HTTPRoute ${route.id}: Gateway ${gateway.id} does not accept it (no listener${listener} allows routes from namespace ${route.namespace})`);
    });
  });
}

function limitProblems(objects: RoutingObjects): RouteProblem[] {
  return objects.routes.flatMap((route) => {
    const matchCount = route.rules.reduce((sum, rule) => sum + rule.matches.length, 0);
    const messages = [
      ...(route.rules.length > MAX_RULES ? [`has ${route.rules.length} rules; Gateway API allows at most ${MAX_RULES}`] : []),
      ...(matchCount >= MATCH_LIMIT ? [`has ${matchCount} matches; Gateway API allows fewer than ${MATCH_LIMIT} per route`] : []),
    ];
    return messages.map((message) => ({ kind: 'route-limits' as const, message: `HTTPRoute ${route.id} ${message}` }));
  });
}

/** Two rules of one Gateway with the same match (same exact headers, path, method): only the first is ever used. */
function duplicateProblems(objects: RoutingObjects): RouteProblem[] {
  return objects.gateways.flatMap((gateway) => {
    const rulesByMatch = new Map<string, RouteRuleInfo[]>();
    for (const rule of attachedRoutes(objects, gateway.id).flatMap((route) => route.rules)) {
      for (const match of rule.matches) {
        const key = describeMatch(match);
        const rules = rulesByMatch.get(key) ?? [];
        if (!rules.includes(rule)) rulesByMatch.set(key, [...rules, rule]);
      }
    }
    const on = objects.gateways.length > 1 ? ` on Gateway ${gateway.id}` : '';
    return [...rulesByMatch].filter(([, rules]) => rules.length > 1).map(([key, rules]) => ({
      kind: 'duplicate' as const,
      message: `${key} is matched by ${rules.length} rules${on}: ${rules.map(ruleLabel).join(', ')}; only ${ruleLabel(rules[0])} is used`,
    }));
  });
}

function describeMatch(match: RouteMatch): string {
  const headers = match.headers
    .map((h) => `header ${canonicalHeader(h.name)}${h.type === 'Exact' ? ':' : ' ~'} ${h.value}`)
    .sort();
  const path = match.path.type === 'PathPrefix' ? `path prefix ${withoutTrailingSlash(match.path.value) || '/'}` : `path ${match.path.type} ${match.path.value}`;
  const method = match.method === undefined ? [] : [`method ${match.method}`];
  const queryParams = match.queryParams ? ['query parameters'] : [];
  return [...headers, ...(headers.length > 0 && path === 'path prefix /' ? [] : [path]), ...method, ...queryParams].join(' + ');
}

/** Header names compare case-insensitively: the router's two headers as it spells them, others lower-cased. */
function canonicalHeader(name: string): string {
  return [MODEL_HEADER, BASE_MODEL_HEADER].find((h) => h.toLowerCase() === name.toLowerCase()) ?? name.toLowerCase();
}

/** Each backendRef must be the serve Service of a RayService, on its port, and allowed across namespaces. */
function backendProblems(objects: RoutingObjects): RouteProblem[] {
  const serveServices = new Set(objects.rayServices.map((rs) => rs.service));
  return objects.routes.flatMap((route) => route.rules.flatMap((rule) => rule.backends.flatMap((ref) => {
    const where = `HTTPRoute ${ruleLabel(rule)}: backend ${backendName(ref)}`;
    const serviceId = `${ref.namespace}/${ref.name}`;
    let problem: string | undefined;
    if (isServiceImport(ref) && !objects.exports.includes(serviceId)) problem = 'is a ServiceImport, but no cluster exports a Service of that name (ServiceExport)';
    else if (!isService(ref) && !isServiceImport(ref)) problem = 'is not a Service, so no RayService serves it';
    else if (![...serveServices].some((s) => s.startsWith(`${serviceId}:`))) problem = 'is not the serve Service of any RayService';
    else if (!serveServices.has(`${serviceId}:${ref.port}`)) problem = `has the wrong port: the serve Service listens on ${SERVE_SERVICE_PORT}`;
    else if (ref.namespace !== route.namespace && !granted(objects.grants, route.namespace, ref)) {
      problem = `is in namespace ${ref.namespace} and no ReferenceGrant there allows HTTPRoutes from ${route.namespace}`;
    }
    return problem ? [{ kind: 'dangling-backend' as const, message: `${where} ${problem}` }] : [];
  })));
}

function granted(grants: readonly ReferenceGrantInfo[], fromNamespace: string, ref: RuleBackendRef): boolean {
  return grants.some((grant) => grant.namespace === ref.namespace
    && grant.from.some((f) => f.group === GATEWAY_GROUP && f.kind === 'HTTPRoute' && f.namespace === fromNamespace)
    && grant.to.some((t) => t.group === ref.group && t.kind === ref.kind && (t.name === undefined || t.name === ref.name)));
}

/** Served models and adapters must reach exactly the Services of the RayServices serving them. */
function reachProblems(objects: RoutingObjects, entries: readonly RouteTableEntry[]): RouteProblem[] {
  const problems: RouteProblem[] = [...adapterListProblems(objects), ...unservedNameProblems(entries)];
  const checked = entries.filter((e) => e.kind === 'model' || e.kind === 'adapter');
  for (const name of new Set(checked.map((e) => e.name))) {
    const rows = checked.filter((e) => e.name === name);
    const label = `${name} (${rows[0].kind})`;
    const expected = expectedServices(objects, name);
    if (expected === undefined) {
      problems.push({ kind: 'adapter', message: `${label}: no RayService serves its base model ${baseModelOf(objects, name) ?? '(unknown)'}` });
      continue;
    }
    if (rows.every((row) => row.rule === null)) {
      problems.push({ kind: 'unreachable', message: `${label}: not reachable: no rule matches it, the Gateway answers 404` });
      continue;
    }
    for (const row of rows.filter((r) => r.rule !== null)) {
      const on = objects.gateways.length > 1 ? ` on Gateway ${row.gateway}` : '';
      const live = row.backends.filter((b) => b.weight > 0).map((b) => b.service);
      const all = row.backends.map((b) => b.service);
      const rule = ruleLabel(row.rule!);
      if (live.length === 0) {
        problems.push({ kind: 'unreachable', message: `${label}: not reachable${on}: rule ${rule} has no backend with weight > 0` });
      } else if (live.some((s) => !expected.includes(s)) || expected.some((s) => !all.includes(s))) {
        problems.push({ kind: 'wrong-backend', message: `${label}: reaches ${formatBackends(row.backends)} via ${rule}${on}, expected ${expected.join(', ')}` });
      }
    }
  }
  return problems;
}

/**
 * A name only a route knows reaches a Ray cluster whose OpenAI app looks the body's `model` up among
 * its model_ids and answers 404 (ray-project/ray python/ray/llm/_internal/serve/core/ingress/ingress.py
 * `_get_model_id`); the router does not rewrite the body. So such an "alias" is a trap, not a feature.
 */
function unservedNameProblems(entries: readonly RouteTableEntry[]): RouteProblem[] {
  const names = new Set(entries.filter((e) => e.kind === 'alias' && e.backends.some((b) => b.weight > 0)).map((e) => e.name));
  return [...names].map((name) => ({
    kind: 'unserved-name' as const,
    message: `${name} (alias): routed to a Ray cluster, but no RayService serves a model of that name; Ray Serve LLM answers only its model_id, so the request gets 404`,
  }));
}

/**
 * The serve Services that may answer a name: the RayServices serving it, for an adapter those
 * serving its base model. Undefined for an adapter whose base model no RayService serves.
 */
function expectedServices(objects: RoutingObjects, name: string): string[] | undefined {
  const baseModel = baseModelOf(objects, name);
  const rayServices = servers(objects, name).length > 0 ? servers(objects, name)
    : baseModel !== undefined ? servers(objects, baseModel)
    : loraServers(objects, name);
  return rayServices.length > 0 ? rayServices.map((rs) => rs.service) : undefined;
}

function baseModelOf(objects: RoutingObjects, adapter: string): string | undefined {
  return objects.adapterLists.find((l) => l.adapters.includes(adapter))?.baseModel;
}

/** An adapter must have one base model, served with LoRA on. */
function adapterListProblems(objects: RoutingObjects): RouteProblem[] {
  const adapters = new Set(objects.adapterLists.flatMap((l) => l.adapters));
  return [...adapters].flatMap((adapter): RouteProblem[] => {
    const lists = objects.adapterLists.filter((l) => l.adapters.includes(adapter));
    const label = `${adapter} (adapter)`;
    if (new Set(lists.map((l) => l.baseModel)).size > 1) {
      const bases = lists.map((l) => `${l.baseModel} (${l.configMap})`).join(', ');
      return [{ kind: 'adapter', message: `${label}: ConfigMaps give it different base models: ${bases}` }];
    }
    const baseModel = lists[0].baseModel;
    const withoutLora = servers(objects, baseModel).filter((rs) => rs.models.some((m) => m.id === baseModel && !m.lora));
    return withoutLora.map((rs) => ({ kind: 'adapter', message: `${label}: RayService ${rs.id} serves its base model ${baseModel} without lora_config` }));
  });
}

// ---------------------------------------------------------------------------------------------
// Text output

function formatBackends(backends: readonly WeightedBackend[]): string {
  if (backends.length === 1 && backends[0].percent > 0) return backends[0].service;
  return backends.map((b) => `${b.service} ${b.percent}%`).join(', ');
}

function backendColumn(entry: RouteTableEntry): string {
  if (entry.rule === null) return 'no route (404)';
  if (entry.rule.redirect) return `redirect ${entry.rule.redirect.statusCode}${entry.rule.redirect.scheme ? ` to ${entry.rule.redirect.scheme}` : ''}`;
  if (entry.backends.length === 0) return `no backend (500), ${ruleLabel(entry.rule)}`;
  return formatBackends(entry.backends);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The table as aligned text, one block per Gateway, then `N names, M problems` and the problems. */
export function formatRouteTable(table: RouteTable): string {
  const lines: string[] = [];
  for (const gateway of new Set(table.entries.map((e) => e.gateway))) {
    const rows = table.entries.filter((e) => e.gateway === gateway).map((e) => [
      e.name, e.kind, backendColumn(e), e.rule !== null && e.path !== e.request.path ? e.path : '',
    ]);
    lines.push(gateway === null ? 'No Gateway' : `Gateway ${gateway}`, ...alignColumns([['NAME', 'KIND', 'BACKEND', 'SEEN AS'], ...rows]), '');
  }
  lines.push(`${plural(table.entries.length, 'name')}, ${plural(table.problems.length, 'problem')}`);
  lines.push(...table.problems.map((p) => `  - ${p.message}`));
  return `${lines.join('\n')}\n`;
}

function alignColumns(rows: readonly string[][]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] + 2)).join('').trimEnd());
}
