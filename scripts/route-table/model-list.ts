/**
 * Route simulator: `GET /v1/models` (issue #31). Where the list request and a
 * `/v1/models/{id}` request go, and whether the responder there lists exactly the names the
 * Gateway routes (its ConfigMap's models.json against the table's model and adapter rows).
 */
import { MODELS_PATH } from '../../lib/facts/openai';
import { PathMatch, RouteProblem, RoutingObjects } from './types';
import { withoutTrailingSlash } from './resolve';
import type { RouteTableEntry } from './table';

/** The two rows the table shows for the list. */
export const MODEL_LIST_REQUESTS = [
  { name: `GET ${MODELS_PATH}`, path: MODELS_PATH },
  { name: `GET ${MODELS_PATH}/{id}`, path: `${MODELS_PATH}/{id}` },
] as const;

/** A path match that is the list's own (Exact or PathPrefix `/v1/models`). */
export function isModelListPath(path: PathMatch): boolean {
  return path.type !== 'RegularExpression' && withoutTrailingSlash(path.value) === MODELS_PATH;
}

/** The responder whose Service is `namespace/name:port`, if any. */
export function modelListAt(objects: RoutingObjects, service: string) {
  return objects.modelLists.find((l) => l.service === service);
}

export function modelListProblems(objects: RoutingObjects, entries: readonly RouteTableEntry[]): RouteProblem[] {
  const problems: RouteProblem[] = [];
  const add = (message: string) => problems.push({ kind: 'model-list', message });
  for (const gateway of new Set(entries.map((e) => e.gateway))) {
    const rows = entries.filter((e) => e.gateway === gateway);
    const on = objects.gateways.length > 1 ? ` on Gateway ${gateway}` : '';
    const routed = [...new Set(rows.filter((e) => (e.kind === 'model' || e.kind === 'adapter') && e.rule !== null).map((e) => e.name))];
    for (const row of rows.filter((e) => e.kind === 'models')) {
      if (row.rule === null) {
        add(`${row.name}${on}: no rule matches it, the Gateway answers 404 although a model list responder exists`);
        continue;
      }
      const services = row.backends.filter((b) => b.weight > 0).map((b) => b.service);
      const lists = services.map((s) => modelListAt(objects, s));
      if (services.length === 0 || lists.some((l) => l === undefined)) {
        add(`${row.name}${on}: reaches ${services.join(', ') || 'no backend'}, not a model list responder`);
        continue;
      }
      for (const list of lists) {
        const missing = routed.filter((n) => !list!.ids.includes(n));
        const extra = list!.ids.filter((n) => !routed.includes(n));
        if (missing.length || extra.length) {
          add(`${row.name}${on}: the list of ${list!.id} ${missing.length ? `lacks ${missing.join(', ')}` : ''}${missing.length && extra.length ? ' and ' : ''}${extra.length ? `names ${extra.join(', ')}, which no rule routes to a model` : ''}`);
        }
      }
    }
  }
  return problems.filter((p, i) => problems.findIndex((q) => q.message === p.message) === i);
}
