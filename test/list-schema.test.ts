/**
 * The model list's one schema (lib/list/model-spec.ts, list-spec.ts), the committed
 * models.schema.json, the planner and its defaults agree.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { acceleratorLabels } from '../lib/facts/accelerators';
import { GATEWAY_CLASSES } from '../lib/facts/gateway-classes';
import { loadModelList, planModels } from '../lib';
import { problemsOf, planAnyList } from './support/problems';
import { modelListSchemaJson } from '../lib/list/json-schema';
import { ApiKeySecretSchema, ApigeeSchema, ClusterSchema, GatewaySchema, HuggingFaceSecretSchema, ModelCacheSchema, ModelListSchema, NetworkSchema, RouterSchema, SecuritySchema, TlsSchema } from '../lib/list/list-spec';
import { routerChartVersionOf } from '../lib/plan/router-values';
import { CanarySchema, HeadResourcesSchema, ModelSchema } from '../lib/list/model-spec';
import { fieldsOf } from '../lib/list/schema-kit';
import { ArgoCdSchema, FluxSchema, GitOpsSchema } from '../lib/list/gitops-spec';

const ROOT = path.join(__dirname, '..');
const SCHEMA_FILE = path.join(ROOT, 'models.schema.json');
const committed = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true }).compile(committed);


/** Every model list in the repository a person edits or a test reads as a file. */
function listFiles(): string[] {
  const found = ['models.yaml', ...fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.yaml')).map((f) => `examples/${f}`)];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      if (e.isDirectory()) walk(`${dir}/${e.name}`);
      else if (e.name.endsWith('.yaml')) found.push(`${dir}/${e.name}`);
    }
  };
  walk('test/fixtures/lists');
  return found;
}

describe('models.schema.json', () => {
  test('the committed file equals a fresh `npm run schema`', () => {
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(modelListSchemaJson());
  });

  test.each(listFiles())('%s validates against it and names it for the YAML language server', (file) => {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const relative = path.relative(path.dirname(path.join(ROOT, file)), SCHEMA_FILE);
    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=${relative}`);
    const ok = validate(loadModelList(path.join(ROOT, file)));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(problemsOf(() => planModels(loadModelList(path.join(ROOT, file))))).toEqual([]);
  });

  test('an editor flags an unknown field, a wrong type and a value out of range', () => {
    const list = { models: [{ id: 'm', source: 'org/m', maxReplica: 2, gpusPerReplica: '2', minReplicas: 1001 }] };
    expect(validate(list)).toBe(false);
    const found = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`);
    expect(found).toEqual(expect.arrayContaining(['/models/0 additionalProperties', '/models/0/gpusPerReplica type', '/models/0/minReplicas maximum']));
  });

  test('accelerators and gateway classes are enums of the facts tables; gpusPerReplica per accelerator', () => {
    const errorsOf = (list: unknown) => (validate(list), (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`));
    const model = (extra: object) => ({ models: [{ id: 'm', source: 'org/m', ...extra }] });
    expect(committed.definitions ?? {}).toEqual({});
    const accelerator = committed.properties.models.items.properties.accelerator;
    expect(accelerator.enum).toEqual(acceleratorLabels());
    expect(committed.properties.gateway.properties.className.enum).toEqual(GATEWAY_CLASSES.map((c) => c.name));
    expect(errorsOf(model({ accelerator: 'nvidia-a100' }))).toContain('/models/0/accelerator enum');
    expect(errorsOf({ ...model({}), gateway: { className: 'gke-l7-rilb-typo' } })).toContain('/gateway/className enum');
    // L4 machines carry 1, 2, 4 or 8 GPUs; T4 machines 1, 2 or 4; an absent accelerator is L4.
    expect(errorsOf(model({ accelerator: 'nvidia-l4', gpusPerReplica: 3 }))).toContain('/models/0/gpusPerReplica enum');
    expect(errorsOf(model({ gpusPerReplica: 3 }))).toContain('/models/0/gpusPerReplica enum');
    expect(errorsOf(model({ accelerator: 'nvidia-tesla-t4', gpusPerReplica: 8 }))).toContain('/models/0/gpusPerReplica enum');
    expect(errorsOf(model({ accelerator: 'nvidia-l4', gpusPerReplica: 8 }))).toEqual([]);
    expect(errorsOf(model({ accelerator: 'nvidia-h200-141gb', gpusPerReplica: 8 }))).toEqual([]);
    // The planner refuses the same.
    for (const bad of [{ accelerator: 'nvidia-a100' }, { gpusPerReplica: 3 }, { accelerator: 'nvidia-tesla-t4', gpusPerReplica: 8 }]) {
      expect(problemsOf(() => planModels(model(bad))).length).toBeGreaterThan(0);
    }
  });
});

/** A field of each map of the list set to a value, to see whether the planner knows the field. */
const FIELD_PROBES: [string, string[], (field: string) => unknown][] = [
  ['list', fieldsOf(ModelListSchema), (f) => ({ models: [{ id: 'm', source: 'org/m' }], [f]: f === 'models' ? [{ id: 'm', source: 'org/m' }] : 'x' })],
  ['model', fieldsOf(ModelSchema), (f) => ({ models: [{ id: 'm', source: 'org/m', [f]: 'x' }] })],
  ['canary', fieldsOf(CanarySchema), (f) => ({ models: [{ id: 'm', source: 'org/m', canary: { weight: 10, [f]: 'x' } }] })],
  ['head', fieldsOf(HeadResourcesSchema), (f) => ({ models: [{ id: 'm', source: 'org/m', head: { [f]: 'x' } }] })],
  ['gateway', fieldsOf(GatewaySchema), (f) => ({ models: [{ id: 'm', source: 'org/m' }], gateway: { [f]: 'x' } })],
  ['tls', fieldsOf(TlsSchema), (f) => ({ models: [{ id: 'm', source: 'org/m' }], gateway: { tls: { [f]: 'x' } } })],
  ['huggingFaceSecret', fieldsOf(HuggingFaceSecretSchema), (f) => ({ models: [{ id: 'm', source: 'org/m' }], huggingFaceSecret: { [f]: 'x' } })],
  ['network', fieldsOf(NetworkSchema), (f) => ({ models: [{ id: 'm', source: 'org/m' }], network: { [f]: 'x' } })],
  ['security', fieldsOf(SecuritySchema), (f) => ({ models: [{ id: 'm', source: 'org/m' }], security: { [f]: 'x' } })],
  ['apigee', fieldsOf(ApigeeSchema), (f) => ({ models: [{ id: 'm', source: 'org/m' }], governance: { apigee: { [f]: 'x' } } })],
  ['gitops', fieldsOf(GitOpsSchema), (f) => ({ models: [{ id: 'm', source: 'org/m' }], gitops: { [f]: 'x' } })],
  ['argocd', fieldsOf(ArgoCdSchema), (f) => ({ models: [{ id: 'm', source: 'org/m' }], gitops: { repoURL: 'https://g/r.git', argocd: { [f]: 'x' } } })],
  ['flux', fieldsOf(FluxSchema), (f) => ({ models: [{ id: 'm', source: 'org/m' }], gitops: { repoURL: 'https://g/r.git', flux: { [f]: 'x' } } })],
  ['cluster', fieldsOf(ClusterSchema), (f) => ({ models: [{ id: 'm', source: 'org/m' }], clusters: [{ name: 'a', region: 'us-central1', [f]: 'x' }] })],
];

describe('the planner and the schema', () => {
  test('an unknown field names the schema\'s fields, in schema order', () => {
    expect(problemsOf(() => planAnyList({ models: [{ id: 'm', source: 'org/m', gpus: 1 }] }))).toEqual([
      'models[0] "m": unknown field "gpus" (did you mean "gpusPerReplica"? known: id, namespace, clusters, source, name, accelerator, gpusPerReplica, minReplicas, maxReplicas, ' +
      'engineKwargs, image, rayVersion, head, worker, env, adapters, loraStoragePath, maxAdaptersPerReplica, allowUnknownEngineKwargs, upgrade, haProxy, modelCache, weightsGiB, initializingTimeoutSeconds, allowKvCacheShortfall, ' +
      'pathPrefix, timeoutSeconds, canary)',
    ]);
    expect(fieldsOf(CanarySchema)).toEqual(['weight', ...fieldsOf(ModelSchema).filter((f) => !['id', 'namespace', 'clusters', 'pathPrefix', 'timeoutSeconds', 'canary'].includes(f))]);
  });

  test.each(FIELD_PROBES)('the planner knows every %s field of the schema', (_map, fields, listWith) => {
    expect(fields.length).toBeGreaterThan(0);
    const unknown = fields.flatMap((field) => problemsOf(() => planAnyList(listWith(field))).filter((p) => p.includes('unknown field')));
    expect(unknown).toEqual([]);
    // ... and the probe would see a field the planner does not know.
    expect(problemsOf(() => planAnyList(listWith('noSuchField'))).filter((p) => p.includes('unknown field "noSuchField"'))).toHaveLength(1);
  });

  const plan = planModels({ models: [{ id: 'm', source: 'org/m' }], governance: { apigee: {}, apiKeySecret: { name: 'llm-key' } }, gateway: { tls: { certificateSecret: 'tls' } } });
  const argo = planModels({ models: [{ id: 'm', source: 'org/m' }], gitops: { repoURL: 'https://g/r.git', argocd: {} } }).gitops;
  const flux = planModels({ models: [{ id: 'm', source: 'org/m' }], gitops: { repoURL: 'https://g/r.git', flux: {} } }).gitops;
  const model = plan.models[0];
  const stable = model.deployments[0];
  const d = (schema: { properties: Record<string, unknown> }, field: string): unknown => (schema.properties[field] as { default?: unknown }).default;
  /** [field, what the plan applies, the schema's default keyword, the documented value]. */
  const DEFAULTS: [string, unknown, unknown, unknown][] = [
    ['namespace', plan.namespace, d(ModelListSchema, 'namespace'), 'default'],
    ['upgrade', stable.upgradeStrategy === 'NewCluster' ? 'newCluster' : 'none', d(ModelListSchema, 'upgrade'), 'newCluster'],
    ['name', plan.gatewayName, d(GatewaySchema, 'name'), 'ray-multi-model-gateway'],
    ['className', plan.gatewayClassName, d(GatewaySchema, 'className'), 'gke-l7-rilb'],
    ['routeName', plan.routeName, d(GatewaySchema, 'routeName'), 'ray-multi-model-route'],
    ['ruleTimeouts', plan.ruleTimeouts, d(GatewaySchema, 'ruleTimeouts'), false],
    ['bodyBasedRouting', plan.bodyBasedRouting, d(GatewaySchema, 'bodyBasedRouting'), true],
    ['chartVersion', routerChartVersionOf(plan), d(RouterSchema, 'chartVersion'), 'v1.4.0'],
    ['modelList', plan.modelList !== undefined, d(GatewaySchema, 'modelList'), true],
    ['key', plan.apiKeySecret?.key, d(ApiKeySecretSchema, 'key'), 'api-key'],
    ['http', plan.tls?.http, d(TlsSchema, 'http'), 'redirect'],
    ['hostnames', plan.tls?.hostnames, d(TlsSchema, 'hostnames'), []],
    ['name', plan.huggingFaceSecretName, d(HuggingFaceSecretSchema, 'name'), 'hf-secret'],
    ['key', plan.huggingFaceSecretKey, d(HuggingFaceSecretSchema, 'key'), 'hf_api_token'],
    ['proxySubnetRange', plan.proxySubnetRange, d(NetworkSchema, 'proxySubnetRange'), '192.168.10.0/24'],
    ['networkPolicies', plan.networkPolicies, d(SecuritySchema, 'networkPolicies'), true],
    ['podSecurity', plan.podSecurity, d(SecuritySchema, 'podSecurity'), true],
    ['operatorNamespace', plan.operatorNamespace, d(SecuritySchema, 'operatorNamespace'), 'kube-system'],
    ['egress', plan.egress, d(SecuritySchema, 'egress'), 'open'],
    ['networkPolicyEnforcement', plan.networkPolicyEnforcement, d(SecuritySchema, 'networkPolicyEnforcement'), 'required'],
    ['location', plan.apigee?.location, d(ApigeeSchema, 'location'), 'global'],
    ['failOpen', plan.apigee?.failOpen, d(ApigeeSchema, 'failOpen'), false],
    ['timeoutMilliseconds', plan.apigee?.timeoutMilliseconds, d(ApigeeSchema, 'timeoutMilliseconds'), 1000],
    ['accelerator', stable.accelerator, d(ModelSchema, 'accelerator'), 'nvidia-l4'],
    ['gpusPerReplica', stable.gpusPerReplica, d(ModelSchema, 'gpusPerReplica'), 1],
    ['minReplicas', stable.minReplicas, d(ModelSchema, 'minReplicas'), 2],
    ['maxReplicas', stable.maxReplicas, d(ModelSchema, 'maxReplicas'), 2],
    ['engineKwargs', stable.engineKwargs, d(ModelSchema, 'engineKwargs'), {}],
    ['image', stable.image, d(ModelSchema, 'image'), 'rayproject/ray-llm:2.54.0-py311-cu128'],
    ['rayVersion', stable.rayVersion, d(ModelSchema, 'rayVersion'), '2.54.0'],
    ['env', stable.env, d(ModelSchema, 'env'), {}],
    ['adapters', model.adapters, d(ModelSchema, 'adapters'), []],
    ['maxAdaptersPerReplica', stable.maxAdaptersPerReplica, d(ModelSchema, 'maxAdaptersPerReplica'), 16],
    ['haProxy', stable.haProxy, d(ModelSchema, 'haProxy'), true],
    ['timeoutSeconds', model.timeoutSeconds, d(ModelSchema, 'timeoutSeconds'), 600],
    ['allModels', planModels({ modelCache: { bucket: 'bucket-1' }, models: [{ id: 'm', source: 'o/m' }] }).models[0].deployments[0].modelCache !== undefined, d(ModelCacheSchema, 'allModels'), true],
    ['revision', argo?.revision, d(GitOpsSchema, 'revision'), 'main'],
    ['path', argo?.path, d(GitOpsSchema, 'path'), 'dist'],
    ['namespace', argo?.controllerNamespace, d(ArgoCdSchema, 'namespace'), 'argocd'],
    ['project', argo?.project, d(ArgoCdSchema, 'project'), 'default'],
    ['namespace', flux?.controllerNamespace, d(FluxSchema, 'namespace'), 'flux-system'],
    ['interval', flux?.interval, d(FluxSchema, 'interval'), '10m'],
    ['cpu', stable.head.cpu, d(HeadResourcesSchema, 'cpu'), '2'],
    ['memory', stable.head.memory, d(HeadResourcesSchema, 'memory'), '8Gi'],
    ['ephemeralStorage', stable.head.ephemeralStorage, d(HeadResourcesSchema, 'ephemeralStorage'), '32Gi'],
  ];

  test.each(DEFAULTS)('%s: the plan applies the schema\'s default, the documented value', (_field, planned, schemaDefault, documented) => {
    expect(planned).toEqual(documented);
    expect(schemaDefault).toEqual(documented);
  });

  test('every default keyword in models.schema.json is one checked above', () => {
    const found = new Set<string>();
    const walk = (node: unknown, field: string): void => {
      if (Array.isArray(node)) node.forEach((n) => walk(n, field));
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'default') found.add(`${field}=${JSON.stringify(value)}`);
          else walk(value, ['properties', 'items', 'anyOf', 'patternProperties'].includes(key) ? field : key);
        }
      }
    };
    walk(committed, '');
    expect([...found].sort()).toEqual(DEFAULTS.map(([field, , , documented]) => `${field}=${JSON.stringify(documented)}`).sort());
  });
});

describe('a misspelt field name gets "did you mean", at every level', () => {
  const m = { id: 'm', source: 'org/m' };
  const clusters = [{ name: 'east', region: 'us-east1' }, { name: 'west', region: 'us-west1' }];
  test.each<[string, unknown, string]>([
    ['the list', { modles: [m], models: [m] }, 'model list: unknown field "modles" (did you mean "models"?'],
    ['gateway', { gateway: { clasName: 'gke-l7-rilb' }, models: [m] }, 'gateway: unknown field "clasName" (did you mean "className"?'],
    ['gateway tls', { gateway: { tls: { certificateSecret: 's', hostname: ['a.example.com'] } }, models: [m] }, 'unknown field "hostname" (did you mean "hostnames"?'],
    ['huggingFaceSecret', { huggingFaceSecret: { nane: 'x' }, models: [m] }, 'huggingFaceSecret: unknown field "nane" (did you mean "name"?'],
    ['network', { network: { proxySubnetrange: '10.0.0.0/24' }, models: [m] }, 'network: unknown field "proxySubnetrange" (did you mean "proxySubnetRange"?'],
    ['security', { security: { podSecurty: false }, models: [m] }, 'security: unknown field "podSecurty" (did you mean "podSecurity"?'],
    ['governance apigee', { governance: { apigee: { failopen: true } }, models: [m] }, 'unknown field "failopen" (did you mean "failOpen"?'],
    ['clusters', { gateway: { className: 'gke-l7-rilb-mc' }, clusters: [{ ...clusters[0], regoin: 'x' }, clusters[1]], models: [m] }, 'unknown field "regoin" (did you mean "region"?'],
    ['a model', { models: [{ ...m, acelerator: 'nvidia-l4' }] }, 'models[0] "m": unknown field "acelerator" (did you mean "accelerator"?'],
    ['a canary', { models: [{ ...m, canary: { wieght: 10 } }] }, 'unknown field "wieght" (did you mean "weight"?'],
    ['head', { models: [{ ...m, head: { memroy: '8Gi' } }] }, 'unknown field "memroy" (did you mean "memory"?'],
    ['worker', { models: [{ ...m, worker: { cpus: '8' } }] }, 'unknown field "cpus" (did you mean "cpu"?'],
    ['gitops', { gitops: { repoUrl: 'https://g/r.git', argocd: {} }, models: [m] }, 'gitops: unknown field "repoUrl" (did you mean "repoURL"?'],
  ])('%s', (_level, list, expected) => {
    expect(problemsOf(() => planAnyList(list)).filter((p) => p.includes(expected))).toHaveLength(1);
  });

  test('no guess when nothing is close', () => {
    expect(problemsOf(() => planAnyList({ models: [{ ...m, size: 1 }] }))[0]).toMatch(/unknown field "size" \(known: /);
  });
});

describe('one source per rule: the planner\'s ranges and patterns are the schema\'s', () => {
  const modelProps = committed.properties.models.items.properties;
  test.each(['gpusPerReplica', 'minReplicas', 'maxReplicas', 'maxAdaptersPerReplica', 'timeoutSeconds'])('models[].%s', (field) => {
    const { minimum, maximum } = modelProps[field];
    for (const value of [minimum - 1, maximum + 1]) {
      const list = { models: [{ id: 'm', source: 'org/m', [field]: value }] };
      expect(validate(list)).toBe(false);
      expect(problemsOf(() => planModels(list))).toContain(`models[0] "m": ${field} must be a whole number from ${minimum} to ${maximum} (got ${value})`);
    }
  });

  test('canary weight, apigee timeoutMilliseconds, adapter names and count', () => {
    const { minimum, maximum } = modelProps.canary.properties.weight;
    expect(problemsOf(() => planModels({ models: [{ id: 'm', source: 'org/m', canary: { weight: maximum + 1 } }] })))
      .toContain(`models[0] "m" canary: weight must be a whole number from ${minimum} to ${maximum} (got ${maximum + 1})`);
    const apigee = committed.properties.governance.properties.apigee.properties.timeoutMilliseconds;
    expect(problemsOf(() => planModels({ models: [{ id: 'm', source: 'org/m' }], governance: { apigee: { timeoutMilliseconds: apigee.maximum + 1 } } })).join('\n'))
      .toContain(`timeoutMilliseconds must be a whole number from ${apigee.minimum} to ${apigee.maximum}`);
    const adapters = modelProps.adapters;
    const lora = { loraStoragePath: 'gs://b/lora' };
    expect(new RegExp(adapters.items.pattern).test('bad name')).toBe(false);
    expect(problemsOf(() => planModels({ models: [{ id: 'm', source: 'org/m', ...lora, adapters: ['bad name'] }] })).join('\n')).toContain('adapters entry "bad name" must be');
    const many = Array.from({ length: adapters.maxItems + 1 }, (_, i) => `a${i}`);
    expect(problemsOf(() => planModels({ models: [{ id: 'm', source: 'org/m', ...lora, adapters: many }] })).join('\n'))
      .toContain(`adapters has ${many.length} entries; at most ${adapters.maxItems} are allowed`);
  });
});
