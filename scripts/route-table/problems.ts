/** Route simulator: what is wrong with the routes (detached, limits, duplicates, backends, reach, adapters). */
import { BASE_MODEL_NAME_HEADER as BASE_MODEL_HEADER, MODEL_NAME_HEADER as MODEL_HEADER } from '../../lib/facts/router';
import { MAX_ROUTE_RULES as MAX_RULES } from '../../lib/facts/gateway-api';
import { SERVE_PORT as SERVE_SERVICE_PORT } from '../../lib/facts/ray';
import { GATEWAY_GROUP, MATCH_LIMIT, ReferenceGrantInfo, RouteMatch, RouteProblem, RouteRuleInfo, RoutingObjects, RuleBackendRef } from './types';
import { allows, attachedRoutes, backendName, isService, isServiceImport, withoutTrailingSlash } from './resolve';
import { RouteTableEntry, loraServers, ruleLabel, servers } from './table';
import { formatBackends } from './format';

export function attachmentProblems(objects: RoutingObjects): RouteProblem[] {
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

export function limitProblems(objects: RoutingObjects): RouteProblem[] {
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
export function duplicateProblems(objects: RoutingObjects): RouteProblem[] {
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

export function describeMatch(match: RouteMatch): string {
  const headers = match.headers
    .map((h) => `header ${canonicalHeader(h.name)}${h.type === 'Exact' ? ':' : ' ~'} ${h.value}`)
    .sort();
  const path = match.path.type === 'PathPrefix' ? `path prefix ${withoutTrailingSlash(match.path.value) || '/'}` : `path ${match.path.type} ${match.path.value}`;
  const method = match.method === undefined ? [] : [`method ${match.method}`];
  const queryParams = match.queryParams ? ['query parameters'] : [];
  return [...headers, ...(headers.length > 0 && path === 'path prefix /' ? [] : [path]), ...method, ...queryParams].join(' + ');
}

/** Header names compare case-insensitively: the router's two headers as it spells them, others lower-cased. */
export function canonicalHeader(name: string): string {
  return [MODEL_HEADER, BASE_MODEL_HEADER].find((h) => h.toLowerCase() === name.toLowerCase()) ?? name.toLowerCase();
}

/** Each backendRef must be the serve Service of a RayService, on its port, and allowed across namespaces. */
export function backendProblems(objects: RoutingObjects): RouteProblem[] {
  const serveServices = new Set(objects.rayServices.map((rs) => rs.service));
  return objects.routes.flatMap((route) => route.rules.flatMap((rule) => rule.backends.flatMap((ref) => {
    const where = `HTTPRoute ${ruleLabel(rule)}: backend ${backendName(ref)}`;
    const serviceId = `${ref.namespace}/${ref.name}`;
    let problem: string | undefined;
    const list = objects.modelLists.find((l) => l.id === serviceId);
    if (list) problem = modelListBackendProblem(objects, ref, list.service);
    else if (isServiceImport(ref) && !objects.exports.includes(serviceId)) problem = 'is a ServiceImport, but no cluster exports a Service of that name (ServiceExport)';
    else if (!isService(ref) && !isServiceImport(ref)) problem = 'is not a Service, so no RayService serves it';
    else if (![...serveServices].some((s) => s.startsWith(`${serviceId}:`))) problem = 'is not the serve Service of any RayService';
    else if (!serveServices.has(`${serviceId}:${ref.port}`)) problem = `has the wrong port: the serve Service listens on ${SERVE_SERVICE_PORT}`;
    else if (ref.namespace !== route.namespace && !granted(objects.grants, route.namespace, ref)) {
      problem = `is in namespace ${ref.namespace} and no ReferenceGrant there allows HTTPRoutes from ${route.namespace}`;
    }
    return problem ? [{ kind: 'dangling-backend' as const, message: `${where} ${problem}` }] : [];
  })));
}

/** A backendRef to the `GET /v1/models` responder: exported in a fleet, on its port. */
export function modelListBackendProblem(objects: RoutingObjects, ref: RuleBackendRef, service: string): string | undefined {
  const serviceId = `${ref.namespace}/${ref.name}`;
  if (isServiceImport(ref) && !objects.exports.includes(serviceId)) return 'is a ServiceImport, but no cluster exports a Service of that name (ServiceExport)';
  if (!isService(ref) && !isServiceImport(ref)) return 'is not a Service';
  if (service !== `${serviceId}:${ref.port}`) return `has the wrong port: the model list responder listens on ${service.slice(serviceId.length + 1)}`;
  return undefined;
}

export function granted(grants: readonly ReferenceGrantInfo[], fromNamespace: string, ref: RuleBackendRef): boolean {
  return grants.some((grant) => grant.namespace === ref.namespace
    && grant.from.some((f) => f.group === GATEWAY_GROUP && f.kind === 'HTTPRoute' && f.namespace === fromNamespace)
    && grant.to.some((t) => t.group === ref.group && t.kind === ref.kind && (t.name === undefined || t.name === ref.name)));
}

/** Served models and adapters must reach exactly the Services of the RayServices serving them. */
export function reachProblems(objects: RoutingObjects, entries: readonly RouteTableEntry[]): RouteProblem[] {
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
export function unservedNameProblems(entries: readonly RouteTableEntry[]): RouteProblem[] {
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
export function expectedServices(objects: RoutingObjects, name: string): string[] | undefined {
  const baseModel = baseModelOf(objects, name);
  const rayServices = servers(objects, name).length > 0 ? servers(objects, name)
    : baseModel !== undefined ? servers(objects, baseModel)
    : loraServers(objects, name);
  return rayServices.length > 0 ? rayServices.map((rs) => rs.service) : undefined;
}

export function baseModelOf(objects: RoutingObjects, adapter: string): string | undefined {
  return objects.adapterLists.find((l) => l.adapters.includes(adapter))?.baseModel;
}

/** An adapter must have one base model, served with LoRA on. */
export function adapterListProblems(objects: RoutingObjects): RouteProblem[] {
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
