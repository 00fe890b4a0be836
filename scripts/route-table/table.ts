/** Route simulator: the table of every name a client can use. */
import { MODEL_NAME_HEADER as MODEL_HEADER } from '../../lib/facts/router';
import { CHAT_PATH, PathMatch, RouteMatch, RouteProblem, RoutingObjects, ServingRayService, UNKNOWN_MODEL } from './types';
import { readRoutingObjects } from './read';
import { Resolution, RouteRequest, attachedRoutes, redirectListeners, resolveRequest, servingListener, withoutTrailingSlash } from './resolve';
import { MODEL_LIST_REQUESTS, isModelListPath, modelListProblems } from './model-list';
import { attachmentProblems, backendProblems, duplicateProblems, limitProblems, reachProblems } from './problems';

// ---------------------------------------------------------------------------------------------
// The table: every name a client can use, and the problems

/**
 * model: a model id some RayService serves; adapter: a LoRA adapter; alias: a name only a
 * route knows (a problem: Ray Serve LLM answers only its model_id, so the request gets 404); path: a path prefix routed without a model; default: the catch-all rule;
 * redirect: a listener (e.g. plain http) whose every request is redirected; models: `GET /v1/models` (and `/v1/models/{id}`), answered by the model list responder.
 */
export type NameKind = 'model' | 'adapter' | 'alias' | 'path' | 'default' | 'redirect' | 'models';

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
    ...modelListProblems(objects, entries),
  ]);
  return { entries, problems };
}

export function uniqueProblems(problems: RouteProblem[]): RouteProblem[] {
  return problems.filter((p, i) => problems.findIndex((q) => q.message === p.message) === i);
}

export function gatewayEntries(objects: RoutingObjects, gateway: string | null): RouteTableEntry[] {
  const names = new Map<string, { kind: NameKind; request: RouteRequest }>();
  const add = (name: string, kind: NameKind, request: RouteRequest) => names.has(name) || names.set(name, { kind, request });
  let catchAll = false;
  let listRule = false;
  const listener = gateway === null ? undefined : servingListener(objects, gateway);
  for (const route of gateway === null ? [] : attachedRoutes(objects, gateway, listener)) {
    for (const match of route.rules.flatMap((rule) => rule.matches)) {
      const model = match.headers.find((h) => h.type === 'Exact' && h.name.toLowerCase() === MODEL_HEADER.toLowerCase());
      if (model) add(model.value, nameKind(objects, model.value), { model: model.value, path: CHAT_PATH });
      if (match.headers.length > 0 || match.path.type === 'RegularExpression') continue;
      if (isCatchAll(match)) catchAll = true;
      else if (isModelListPath(match.path)) listRule = true;
      else if (withoutTrailingSlash(match.path.value) !== '') add(match.path.value, 'path', { path: pathRequest(match.path) });
    }
  }
  for (const adapter of objects.adapterLists.flatMap((l) => l.adapters)) add(adapter, 'adapter', { model: adapter, path: CHAT_PATH });
  for (const id of servedIds(objects)) add(id, 'model', { model: id, path: CHAT_PATH });
  if (catchAll) add('(default)', 'default', { model: UNKNOWN_MODEL, path: CHAT_PATH });
  if (listRule || objects.modelLists.length > 0) for (const r of MODEL_LIST_REQUESTS) add(r.name, 'models', { path: r.path });
  for (const other of gateway === null ? [] : redirectListeners(objects, gateway)) {
    add(`(listener ${other})`, 'redirect', { model: UNKNOWN_MODEL, path: CHAT_PATH, listener: other });
  }
  return [...names].map(([name, { kind, request }]) => ({ name, kind, ...resolveRequest(objects, request, gateway) }));
}

/** The request a path name is resolved with: the chat path under a prefix, an exact path as is. */
export function pathRequest(path: PathMatch): string {
  return path.type === 'Exact' ? path.value : `${withoutTrailingSlash(path.value)}${CHAT_PATH}`;
}

export function isCatchAll(match: RouteMatch): boolean {
  const everyPath = match.path.type === 'PathPrefix' && withoutTrailingSlash(match.path.value) === '';
  return everyPath && match.headers.length === 0 && match.method === undefined && !match.queryParams;
}

export function servedIds(objects: RoutingObjects): string[] {
  return [...new Set(objects.rayServices.flatMap((rs) => rs.models.map((m) => m.id)))];
}

export function nameKind(objects: RoutingObjects, name: string): NameKind {
  if (servedIds(objects).includes(name)) return 'model';
  if (objects.adapterLists.some((l) => l.adapters.includes(name)) || loraServers(objects, name).length > 0) return 'adapter';
  return 'alias';
}

/** RayServices with LoRA on for the model id an adapter name `<model_id>:<adapter>` starts with. */
export function loraServers(objects: RoutingObjects, adapter: string): ServingRayService[] {
  return objects.rayServices.filter((rs) => rs.models.some((m) => m.lora && adapter.startsWith(`${m.id}:`)));
}

export function servers(objects: RoutingObjects, modelId: string): ServingRayService[] {
  return objects.rayServices.filter((rs) => rs.models.some((m) => m.id === modelId));
}

export function ruleLabel(rule: { readonly route: string; readonly index: number; readonly name?: string }): string {
  return `${rule.route} rules[${rule.index}]${rule.name === undefined ? '' : ` "${rule.name}"`}`;
}

/** Routes no Gateway accepts route nothing. */
