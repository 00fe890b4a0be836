/** The exact header matches of every HTTPRoute rule, and where each goes. */
import { K8sObject, ofKind } from './synth';

/**
 * `"<header name>=<value>"` -> the rule's backends (`service:port`, `@weight` when weighted).
 * Fails the test on a header match that is not Exact, or on a name/value matched twice.
 */
export function headerTable(objects: K8sObject[]): Map<string, string> {
  const table = new Map<string, string>();
  for (const route of ofKind(objects, 'HTTPRoute')) {
    for (const rule of route.spec.rules) {
      for (const match of rule.matches) {
        for (const header of match.headers ?? []) {
          const key = `${header.name}=${header.value}`;
          expect(header.type).toBe('Exact');
          expect(table.has(key)).toBe(false);
          table.set(key, rule.backendRefs.map((b: any) => `${b.name}:${b.port}${b.weight === undefined ? '' : '@' + b.weight}`).join(','));
        }
      }
    }
  }
  return table;
}
