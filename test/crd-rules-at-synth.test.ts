/**
 * Issue #21: every rule the real API server enforces (CEL, maxLength, pattern, format, ranges) on a
 * field the list sets is enforced at synth. The oracle is the CRDs themselves: scripts/validate's
 * checker evaluates each CRD's structural schema and every CEL rule (from the pinned upstream
 * CRDs). For every list field, a set of values at and past each kind of limit is tried: whenever
 * synth accepts the list, every object it writes must pass the CRDs' rules; whenever it refuses,
 * the message names the field. So a rule a CRD adds is caught as soon as a value here breaks it.
 */
import { crdSchemaErrors, isKnownKind } from './support/crd-schemas';
import { problemsOf, planAnyList } from './support/problems';
import { synthObjects } from './support/synth';

const long = (n: number, c = 'a') => c.repeat(n);
/** Values at and past the usual limits (label 63, subdomain 253, path 1024, header 4096) and odd characters. */
const STRINGS = [
  long(63), long(64), long(253), long(254), `/${long(1023)}`, `/${long(1024)}`, long(4096), long(4097),
  'UPPER', 'a_b', 'a..b', '-a', 'a-', '*.example.com', `${long(63)}.com`, `${long(64)}.com`, `${long(250)}.com`,
  '/a//b', '/a/./b', '/a/../b', '/a%2fb', '/a#b', '/a?b', '/', '', ' ', 'a b',
];
const NUMBERS = [0, 1, 59, 60, 86400, 2147483647, 2147483648];

const base = () => ({ models: [{ id: 'm', source: 'org/m' }] });
/** Each field the list sets, and how to put a value there. */
const FIELDS: Record<string, (v: unknown) => unknown> = {
  'models[0].id': (v) => ({ models: [{ id: v, source: 'org/m', name: 'm' }] }),
  'models[0].name': (v) => ({ models: [{ id: 'm', source: 'org/m', name: v }] }),
  'models[0].namespace': (v) => ({ models: [{ id: 'm', source: 'org/m', namespace: v }] }),
  'models[0].pathPrefix': (v) => ({ models: [{ id: 'm', source: 'org/m', pathPrefix: v }] }),
  'models[0].timeoutSeconds': (v) => ({ models: [{ id: 'm', source: 'org/m', timeoutSeconds: v }] }),
  'models[0].source': (v) => ({ models: [{ id: 'm', source: v }] }),
  'models[0].env.X': (v) => ({ models: [{ id: 'm', source: 'org/m', env: { X: v } }] }),
  'models[0].adapters[0]': (v) => ({ models: [{ id: 'm', source: 'org/m', adapters: [v], loraStoragePath: 'gs://b/a' }] }),
  namespace: (v) => ({ ...base(), namespace: v }),
  'gateway.name': (v) => ({ ...base(), gateway: { name: v } }),
  'gateway.routeName': (v) => ({ ...base(), gateway: { routeName: v } }),
  'gateway.tls.hostnames[0]': (v) => ({ ...base(), gateway: { tls: { certificateSecret: 'cert', hostnames: [v] } } }),
  'gateway.tls.certificateSecret': (v) => ({ ...base(), gateway: { tls: { certificateSecret: v } } }),
  'gateway.tls.certificateMap': (v) => ({ ...base(), gateway: { className: 'gke-l7-global-external-managed', tls: { certificateMap: v } } }),
  'huggingFaceSecret.name': (v) => ({ ...base(), huggingFaceSecret: { name: v } }),
  'huggingFaceSecret.key': (v) => ({ ...base(), huggingFaceSecret: { key: v } }),
  'security.operatorNamespace': (v) => ({ ...base(), security: { operatorNamespace: v } }),
};

/** The last segment of a field path, as messages name it. */
const named = (field: string) => field.replace(/\[\d+\]$/, '').split('.').pop()!;

describe.each(Object.entries(FIELDS))('%s', (field, put) => {
  const values = field.endsWith('timeoutSeconds') ? NUMBERS : STRINGS;
  test.each(values.map((v) => [typeof v === 'string' && v.length > 40 ? `${v.slice(0, 12)}… (${v.length})` : JSON.stringify(v), v]))('%s: accepted only if every object passes the CRD rules; else refused naming the field', (_label, value) => {
    const list = put(value);
    const problems = problemsOf(() => planAnyList(list));
    if (problems.length > 0) {
      expect(problems.some((p) => p.includes(named(field)))).toBe(true);
      return;
    }
    const errors = synthObjects(list).filter((o) => isKnownKind(o.apiVersion, o.kind)).flatMap((o) => crdSchemaErrors(o).map((e) => `${o.kind} ${o.metadata?.name}: ${e}`));
    expect(errors).toEqual([]);
  });
});
