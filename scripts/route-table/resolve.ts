/** Route simulator: one request through the body-based router and the Gateway. */
import { BASE_MODEL_NAME_HEADER as BASE_MODEL_HEADER, MODEL_NAME_HEADER as MODEL_HEADER } from '../../lib/facts/router';
import { AdapterList, GatewayInfo, HeaderMatch, HttpRouteInfo, PathMatch, PathRewrite, RouteMatch, RouteRuleInfo, RoutingObjects, RuleBackendRef } from './types';
import { isCatchAll } from './table';

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

export function onlyGateway(objects: RoutingObjects): string | null {
  if (objects.gateways.length > 1) throw new Error(`${objects.gateways.length} Gateways: name the one to resolve through`);
  return objects.gateways[0]?.id ?? null;
}

/** Step 1, the body-based router: headers from the body's `model` (FACTS 10-12). */
export function routerHeaders(adapterLists: readonly AdapterList[], model: string | undefined): Record<string, string> {
  if (model === undefined) return {};
  const baseModel = adapterLists.find((l) => l.adapters.includes(model))?.baseModel ?? adapterLists.find((l) => l.baseModel === model)?.baseModel;
  return baseModel ? { [MODEL_HEADER]: model, [BASE_MODEL_HEADER]: baseModel } : { [MODEL_HEADER]: model };
}

/** The listener clients are served on: the Gateway's HTTPS listener, or undefined (any) without one. */
export function servingListener(objects: RoutingObjects, gatewayId: string): string | undefined {
  return objects.gateways.find((g) => g.id === gatewayId)?.listeners.find((l) => l.protocol === 'HTTPS')?.name;
}

/**
 * The routes a Gateway accepts (on `listener`, when given): a parentRef names it (and the
 * listener, or no listener) and the listener allows the route's namespace.
 */
export function attachedRoutes(objects: RoutingObjects, gatewayId: string, listener?: string): HttpRouteInfo[] {
  const gateway = objects.gateways.find((g) => g.id === gatewayId);
  if (!gateway) return [];
  return objects.routes.filter((route) => route.parents.some((parent) => parent.gateway === gatewayId
    && (listener === undefined || parent.sectionName === undefined || parent.sectionName === listener)
    && allows(gateway, route, parent.sectionName ?? listener)));
}

/** Listeners other than the serving one whose routes redirect every request (e.g. http -> https). */
export function redirectListeners(objects: RoutingObjects, gatewayId: string): string[] {
  const serving = servingListener(objects, gatewayId);
  const gateway = objects.gateways.find((g) => g.id === gatewayId);
  return (gateway?.listeners ?? []).map((l) => l.name).filter((name) => name !== serving
    && attachedRoutes(objects, gatewayId, name).some((route) => route.rules.some((rule) => rule.redirect && rule.matches.some(isCatchAll))));
}

export function allows(gateway: GatewayInfo, route: HttpRouteInfo, sectionName: string | undefined): boolean {
  return gateway.listeners.some((l) => (sectionName === undefined || l.name === sectionName) && (l.from !== 'Same' || route.namespace === gateway.namespace));
}

/** Step 2, the Gateway: the matching rule with the highest precedence over all the routes. */
export function chooseRule(routes: readonly HttpRouteInfo[], headers: Record<string, string>, path: string) {
  const candidates = routes.flatMap((route) => route.rules.flatMap((rule) =>
    rule.matches.filter((match) => matches(match, headers, path)).map((match) => ({ rule, match }))));
  return candidates.sort((a, b) => comparePrecedence(a.match, b.match) || compareText(a.rule.route, b.rule.route) || a.rule.index - b.rule.index)[0];
}

export function matches(match: RouteMatch, headers: Record<string, string>, path: string): boolean {
  if (match.queryParams || (match.method !== undefined && match.method !== 'POST')) return false;
  return match.headers.every((h) => headerMatches(h, headers)) && pathMatches(match.path, path);
}

export function headerMatches(match: HeaderMatch, headers: Record<string, string>): boolean {
  const name = Object.keys(headers).find((n) => n.toLowerCase() === match.name.toLowerCase());
  if (name === undefined) return false;
  return match.type === 'Exact' ? headers[name] === match.value : fullMatch(match.value, headers[name]);
}

/** PathPrefix matches whole path segments, and a trailing `/` in the prefix is ignored. */
export function pathMatches(match: PathMatch, path: string): boolean {
  if (match.type === 'Exact') return path === match.value;
  if (match.type === 'RegularExpression') return fullMatch(match.value, path);
  const prefix = withoutTrailingSlash(match.value);
  return path === prefix || path.startsWith(`${prefix}/`);
}

export function fullMatch(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return false;
  }
}

export function withoutTrailingSlash(path: string): string {
  return path.replace(/\/+$/, '');
}

/**
 * Gateway API rule precedence: Exact path, then the longest prefix, then a method match, then
 * the most header matches. (RegularExpression paths are implementation-specific: ranked last.)
 */
export function comparePrecedence(a: RouteMatch, b: RouteMatch): number {
  const rank = (m: RouteMatch) => ({ Exact: 2, PathPrefix: 1, RegularExpression: 0 })[m.path.type];
  const length = (m: RouteMatch) => (m.path.type === 'PathPrefix' ? withoutTrailingSlash(m.path.value) : m.path.value).length;
  const method = (m: RouteMatch) => (m.method === undefined ? 0 : 1);
  return rank(b) - rank(a) || length(b) - length(a) || method(b) - method(a) || b.headers.length - a.headers.length;
}

/** Routes are ordered by `namespace/name` (the stand-in for "oldest first": no creation timestamps in dist/). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function weighted(backends: readonly RuleBackendRef[]): WeightedBackend[] {
  const total = backends.reduce((sum, b) => sum + b.weight, 0);
  return backends.map((b) => ({
    service: backendName(b),
    weight: b.weight,
    percent: total === 0 ? 0 : Math.round((b.weight * 1000) / total) / 10,
  }));
}

export function backendName(ref: RuleBackendRef): string {
  const name = `${ref.namespace}/${ref.name}${ref.port === undefined ? '' : `:${ref.port}`}`;
  return isService(ref) || isServiceImport(ref) ? name : `${ref.kind} ${name}`;
}

export function isService(ref: RuleBackendRef): boolean {
  return ref.group === '' && ref.kind === 'Service';
}

/** A multi-cluster Services import: it reaches the Services of that name exported from the fleet's clusters. */
export function isServiceImport(ref: RuleBackendRef): boolean {
  return ref.group === 'net.gke.io' && ref.kind === 'ServiceImport';
}

/** Step 3: the path the backend sees. ReplacePrefixMatch swaps whole segments, never leaving `//` or an empty path. */
export function rewrittenPath(rewrite: PathRewrite | undefined, match: PathMatch, path: string): string {
  if (rewrite?.type === 'ReplaceFullPath') return rewrite.value;
  if (rewrite?.type !== 'ReplacePrefixMatch' || match.type !== 'PathPrefix') return path;
  const rest = path.slice(withoutTrailingSlash(match.value).length);
  return `${withoutTrailingSlash(rewrite.value)}${rest}` || '/';
}
