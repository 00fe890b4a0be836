/**
 * Every synthesized object passes what a real API server checks on create: CRD kinds (KubeRay, Gateway API,
 * GKE) their structural schema with unknown fields as errors and every CEL rule on the path
 * (scripts/validate/, the checker `npm run validate` runs); core kinds their kubernetes-models schema;
 * APIMExtensionPolicy its hand-written schema (no CRD is published).
 */
import { Testing } from 'cdk8s';
import * as fs from 'fs';
import * as path from 'path';
import { loadModelList } from '../lib';
import { ServeBackend, ServeHealthCheck } from '../lib';
import { evaluateRule, Schema, toCelValue } from '../scripts/validate/cel';
import { SCHEMA_DIR } from '../scripts/validate/checker';
import { rewriteHas } from '../scripts/validate/has-rewrite';
import { validateApimExtensionPolicy } from './support/apim-schema';
import { closeObjects, crdSchemaErrors, skippedTransitionRules } from './support/crd-schemas';
import { manyModels, RICH_LIST } from './support/lists';
import { defaultList, K8sObject, ROOT, synthObjects } from './support/synth';

function validateAll(objects: K8sObject[]): void {
  expect(objects.length).toBeGreaterThan(0);
  for (const object of objects) {
    const name = `${object.apiVersion}/${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name}`;
    if (object.kind === 'APIMExtensionPolicy') {
      expect(() => validateApimExtensionPolicy(object)).not.toThrow();
    } else {
      expect({ name, errors: crdSchemaErrors(object) }).toEqual({ name, errors: [] });
    }
  }
}

test('the default list passes schema and CEL rules', () => {
  validateAll(synthObjects(defaultList()));
});

test('a list using every optional field passes too', () => {
  validateAll(synthObjects(RICH_LIST));
});

const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => /\.ya?ml$/.test(f));

test.each(examples)('examples/%s passes', (file) => {
  validateAll(synthObjects(loadModelList(path.join(ROOT, 'examples', file))));
});

test('TLS variants (Secret with redirect, certificate map with hostnames, http off) pass', () => {
  validateAll(synthObjects({ gateway: { tls: { certificateSecret: 'llm-tls' } }, models: RICH_LIST.models }));
  validateAll(synthObjects({ gateway: { className: 'gke-l7-global-external-managed', tls: { certificateMap: 'llm-map', hostnames: ['llm.example.com', '*.example.org'] } }, models: RICH_LIST.models }));
  validateAll(synthObjects({ gateway: { tls: { certificateSecret: 'llm-tls', http: 'off' } }, models: RICH_LIST.models }));
});

test('the Apigee API-key policy passes the documented fields', () => {
  validateAll(synthObjects({ gateway: { className: 'gke-l7-global-external-managed' }, governance: { apigee: { environment: 'prod' } }, models: RICH_LIST.models }));
  expect(() => validateApimExtensionPolicy({ apiVersion: 'apim.googleapis.com/v1', kind: 'APIMExtensionPolicy', metadata: { name: 'a', namespace: 'b' }, spec: { location: 'global', targetRef: { name: 'g', kind: 'Gateway' }, apiKeys: true } })).toThrow(/additional/);
});

test('team namespaces (ReferenceGrants) pass', () => {
  validateAll(synthObjects({ namespace: 'gw', models: RICH_LIST.models.map((m, i) => ({ ...m, namespace: `team-${i}` })) }));
});

test('a list of 200 models passes (13 HTTPRoutes)', () => {
  validateAll(synthObjects(manyModels(200)));
});

test('the RayService transition rules (oldSelf) are reported as skipped, not evaluated', () => {
  const rayService = synthObjects(RICH_LIST).find((o) => o.kind === 'RayService')!;
  rayService.spec.rayClusterConfig.managedBy = 'ray.io/kuberay-operator';
  expect(skippedTransitionRules(rayService)).toEqual(['spec.rayClusterConfig.managedBy: self == oldSelf']);
  expect(crdSchemaErrors(rayService)).toEqual([]);
});

test('ServeHealthCheck refuses a timeout longer than the interval, which the CRD rule would reject', () => {
  const props = { name: 'hc', namespace: 'llm', service: ServeBackend.fromName('m-serve-svc') };
  expect(() => new ServeHealthCheck(Testing.chart(), 'ok', { ...props, intervalSeconds: 10, timeoutSeconds: 10 })).not.toThrow();
  expect(() => new ServeHealthCheck(Testing.chart(), 'bad', { ...props, timeoutSeconds: 6 })).toThrow('ServeHealthCheck hc: timeoutSeconds (6) cannot exceed intervalSeconds (5)');
});

describe('the checker itself', () => {
  const first = (kind: string) => synthObjects(defaultList()).find((o) => o.kind === kind)!;

  test('rejects the old HealthCheckPolicy shape (port without portSpecification) with the server message', () => {
    const policy = first('HealthCheckPolicy');
    delete policy.spec.default.config.httpHealthCheck.portSpecification;
    expect(crdSchemaErrors(policy)).toEqual([
      'spec.default.config.httpHealthCheck: Invalid value: "object": no such key: portSpecification evaluating rule: for portSpecification being USE_FIXED_PORT, port must be set and portName must be unset',
      'spec.default.config.httpHealthCheck: Invalid value: "object": no such key: portSpecification evaluating rule: for portSpecification being USE_NAMED_PORT, port must be unset and portName must be set',
      'spec.default.config.httpHealthCheck: Invalid value: "object": port and portName must be unset for portSpecification being USE_SERVING_PORT (which is the default)',
    ]);
  });

  test('rejects a URLRewrite ReplacePrefixMatch on a rule without a PathPrefix match (Gateway API rule)', () => {
    const route = first('HTTPRoute');
    route.spec.rules[0].filters = [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/v1' } } }];
    route.spec.rules[0].matches[0].path = { type: 'Exact', value: '/openai/v1/chat/completions' };
    expect(crdSchemaErrors(route)).toEqual([
      'spec.rules[0]: Invalid value: "object": When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified',
    ]);
    route.spec.rules[0].matches[0].path = { type: 'PathPrefix', value: '/openai' };
    expect(crdSchemaErrors(route)).toEqual([]);
  });

  test('rejects an HTTPRoute with more than 128 matches across its rules (Gateway API rule)', () => {
    const route = first('HTTPRoute');
    const rule = route.spec.rules[0];
    route.spec.rules = Array.from({ length: 3 }, () => ({ ...rule, matches: Array.from({ length: 43 }, () => rule.matches[0]) }));
    expect(crdSchemaErrors(route)).toEqual([
      'spec.rules: Invalid value: "array": While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128',
    ]);
    route.spec.rules[2].matches.pop(); // 128
    expect(crdSchemaErrors(route)).toEqual([]);
  });

  test('rejects an unknown field, as kubectl apply --validate=strict would', () => {
    const object = first('RayService');
    object.spec.rayClusterConfig.headGroupSpec.rayStartParms = {};
    expect(crdSchemaErrors(object)).toEqual(['spec.rayClusterConfig.headGroupSpec: unknown field "spec.rayClusterConfig.headGroupSpec.rayStartParms"']);
  });

  test('rejects a wrong type and a missing required field', () => {
    const object = first('RayService');
    object.spec.rayClusterConfig.workerGroupSpecs[0].maxReplicas = 'two';
    delete object.spec.rayClusterConfig.workerGroupSpecs[0].groupName;
    const errors = crdSchemaErrors(object);
    expect(errors).toContain('spec.rayClusterConfig.workerGroupSpecs[0]: must have required property \'groupName\'');
    expect(errors).toContain('spec.rayClusterConfig.workerGroupSpecs[0].maxReplicas: must be integer');
  });

  test('rejects an HTTPRoute header match type outside the enum, and a health check type outside the enum', () => {
    const route = first('HTTPRoute');
    route.spec.rules[0].matches[0].headers[0].type = 'Prefix';
    expect(crdSchemaErrors(route)).toContain('spec.rules[0].matches[0].headers[0].type: must be equal to one of the allowed values ["Exact","RegularExpression"]');
    const policy = first('HealthCheckPolicy');
    policy.spec.default.config.type = 'SMTP';
    expect(crdSchemaErrors(policy).join('\n')).toMatch(/^spec\.default\.config\.type: must be equal to one of the allowed values/m);
  });

  test('a core kind is checked with kubernetes-models', () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { a: 1 } };
    expect(crdSchemaErrors(configMap)).toEqual(['data.a: must be string']);
  });

  test('leaves objects that preserve unknown fields open', () => {
    expect(closeObjects({ type: 'object', properties: { a: {} }, 'x-kubernetes-preserve-unknown-fields': true }).additionalProperties).toBeUndefined();
    expect(closeObjects({ type: 'object', properties: { a: {} } }).additionalProperties).toBe(false);
  });
});

describe('CEL semantics', () => {
  test('the library can evaluate every rule in imports/schemas (92 distinct), on an empty value of the node\'s type', () => {
    const empty = (schema: Schema): unknown => ({ array: [], string: '', integer: 0n, number: 0.5, boolean: false })[schema.type as string] ?? {};
    const rules = new Map<string, Schema>();
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(collect);
      if (typeof node !== 'object' || node === null) return;
      for (const rule of (node as Schema)['x-kubernetes-validations'] ?? []) rules.set(rule.rule, node as Schema);
      Object.values(node).forEach(collect);
    };
    for (const file of fs.readdirSync(SCHEMA_DIR)) collect(JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, file), 'utf8')));
    expect(rules.size).toBe(92);
    const cannot = [...rules].map(([rule, node]) => evaluateRule({ rule }, empty(node))).filter((o) => o.kind === 'unsupported');
    expect(cannot).toEqual([]);
  });

  test('a function the library lacks fails, naming the rule', () => {
    expect(evaluateRule({ rule: 'self.isURL()' }, 'https://a')).toEqual({
      kind: 'unsupported',
      message: "the CEL library cannot evaluate rule \"self.isURL()\": found no matching overload for 'dyn.isURL()'",
    });
  });

  test('integers are CEL ints where the schema says integer, doubles otherwise', () => {
    expect(toCelValue({ n: 8000, d: 0.5 }, { type: 'object', properties: { n: { type: 'integer' }, d: { type: 'number' } } })).toEqual({ n: 8000n, d: 0.5 });
    expect(evaluateRule({ rule: 'self.n + 1 == 8001' }, toCelValue({ n: 8000 }, { properties: { n: { type: 'integer' } } }))).toEqual({ kind: 'pass' });
    expect(evaluateRule({ rule: 'self.n + 1 == 8001' }, toCelValue({ n: 8000 }, { properties: { n: { type: 'number' } } })).kind).toBe('fail');
  });

  test('a false rule without message reads "failed rule: <rule>"; messageExpression wins over message', () => {
    expect(evaluateRule({ rule: 'self > 1' }, 0n)).toEqual({ kind: 'fail', message: 'failed rule: self > 1', fieldPath: undefined });
    expect(evaluateRule({ rule: 'self > 1', message: 'm', messageExpression: "'got ' + string(self)" }, 0n)).toMatchObject({ message: 'got 0' });
  });

  test('has() on an indexed selection is rewritten for the library, other expressions stay as written', () => {
    expect(rewriteHas('a && has(self.matches[0].path) && has(self.b.c)')).toBe("a && hasField(self.matches[0], 'path') && has(self.b.c)");
    expect(evaluateRule({ rule: 'has(self.m[0].p)' }, { m: [{ q: 1n }] })).toMatchObject({ kind: 'fail' });
    expect(evaluateRule({ rule: 'has(self.m[0].p)' }, { m: [{ p: 1n }] })).toEqual({ kind: 'pass' });
  });
});
