/** Routing a fleet: many models over several routes, path prefixes, adapters, canaries, timeouts, a default model. */
import { parse } from 'yaml';
import * as path from 'path';
import { loadModelList, ModelSpec, planModels } from '../lib';
import { manyModels } from './support/lists';
import { ofKind, synthObjects } from './support/synth';
import { headerTable } from './support/header-table';
import { listProblems } from './support/problems';
import { buildRouteTable, readRoutingObjects, resolveRequest } from '../scripts/route-table';
import { nodePools } from '../lib/plan/cluster-plan';
import { planRoutes } from '../lib/plan/route-plan';

const ok = (id: string, extra: Partial<ModelSpec> = {}): ModelSpec => ({ id, source: `org/${id}`, ...extra });

const problems = listProblems;


describe('many models', () => {
  const objects = synthObjects(manyModels(200));

  test('200 models need 13 HTTPRoutes of at most 16 rules, all on the one Gateway', () => {
    const routes = ofKind(objects, 'HTTPRoute');
    expect(routes.map((r) => r.metadata.name)).toEqual(['ray-multi-model-route', ...Array.from({ length: 12 }, (_, i) => `ray-multi-model-route-${i + 2}`)]);
    expect(routes.map((r) => r.spec.rules.length)).toEqual([...Array(12).fill(16), 8]);
    for (const route of routes) expect(route.spec.parentRefs).toEqual([{ name: 'ray-multi-model-gateway' }]);
    expect(ofKind(objects, 'Gateway')).toHaveLength(1);
  });

  test('every one of the 200 ids is routed exactly once, to its own serve Service', () => {
    const table = headerTable(objects);
    expect(table.size).toBe(200);
    for (let i = 0; i < 200; i++) expect(table.get(`X-Gateway-Model-Name=model-${i}`)).toBe(`model-${i}-serve-svc:8000`);
  });

  test('appending a model changes only the last route', () => {
    const before = ofKind(synthObjects(manyModels(40)), 'HTTPRoute');
    const after = ofKind(synthObjects(manyModels(41)), 'HTTPRoute');
    expect(after.slice(0, -1)).toEqual(before.slice(0, -1));
    expect(after[after.length - 1].spec.rules).toHaveLength(before[before.length - 1].spec.rules.length + 1);
  });

  test('1000 models plan without error', () => {
    expect(planRoutes(planModels(manyModels(1000)))).toHaveLength(63);
  });
});

describe('path prefixes', () => {
  const objects = synthObjects({ models: [ok('gemma-2b-it', { pathPrefix: '/gemma' }), ok('qwen')] });
  const rule = ofKind(objects, 'HTTPRoute')[0].spec.rules[1];

  test('a path rule matches the prefix with no header and rewrites it to /, so /gemma/v1/chat/completions reaches Ray as /v1/chat/completions', () => {
    expect(rule).toEqual({
      matches: [{ path: { type: 'PathPrefix', value: '/gemma' } }],
      filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } }],
      backendRefs: [{ kind: 'Service', name: 'gemma-2b-it-serve-svc', port: 8000 }],
    });
    // Ray keeps serving at "/", the prefix the rewrite leaves.
    const gemma = ofKind(objects, 'RayService').find((r) => r.metadata.name === 'gemma-2b-it')!;
    expect(parse(gemma.spec.serveConfigV2).applications[0].route_prefix).toBe('/');
  });

  test('bad prefixes are errors naming the model', () => {
    expect(problems({ models: [ok('a', { pathPrefix: '/v1' }), ok('b', { pathPrefix: 'b' }), ok('c', { pathPrefix: '/c/' }), ok('d', { pathPrefix: '/' }), ok('e', { pathPrefix: '/x' }), ok('f', { pathPrefix: '/x' })] })).toEqual([
      'models[0] "a": pathPrefix "/v1" would capture /v1/..., which every model serves; choose another first segment',
      'models[1] "b": pathPrefix "b" must look like "/gemma": "/" and path segments of letters, digits, ".", "_", "~", "-", no trailing "/"',
      'models[2] "c": pathPrefix "/c/" must look like "/gemma": "/" and path segments of letters, digits, ".", "_", "~", "-", no trailing "/"',
      'models[3] "d": pathPrefix "/" must look like "/gemma": "/" and path segments of letters, digits, ".", "_", "~", "-", no trailing "/"',
      'models[5] "f": pathPrefix "/x" is already used by models[4] "e"',
    ]);
  });
});

describe('aliases', () => {
  // Ray Serve LLM answers only model_id and the router never rewrites the body: an alias would get 404 (issue #8).
  test('aliases is an error that says why and what to do instead', () => {
    expect(problems({ models: [{ ...ok('gemma-2b-it'), aliases: ['gemma'] }, ok('qwen')] })).toEqual([
      'models[0] "gemma-2b-it": aliases is not supported: Ray Serve LLM answers only the model\'s id, so an alias would reach the Ray cluster and get 404 "model not found". '
        + 'Ask clients to send "gemma-2b-it" (GET /v1/models lists it), or add a second model whose id is the other name',
    ]);
  });

  test('each model is one exact match: its id and nothing else', () => {
    const table = headerTable(synthObjects({ models: [ok('gemma-2b-it'), ok('qwen')] }));
    expect(Object.fromEntries(table)).toEqual({
      'X-Gateway-Model-Name=gemma-2b-it': 'gemma-2b-it-serve-svc:8000',
      'X-Gateway-Model-Name=qwen': 'qwen-serve-svc:8000',
    });
  });
});

describe('LoRA adapters', () => {
  const list = { models: [ok('qwen-2.5-3b', { adapters: ['sql', 'chat'], loraStoragePath: 'gs://bucket/lora/' }), ok('gemma')] };
  const objects = synthObjects(list);

  test('the router learns adapter -> base model from a labelled ConfigMap in its namespace', () => {
    expect(ofKind(objects, 'ConfigMap')).toEqual([{
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'qwen-25-3b-adapters', namespace: 'default', labels: { 'inference.networking.k8s.io/bbr-managed': 'true' } },
      data: { baseModel: 'qwen-2.5-3b', adapters: '- qwen-2.5-3b:sql\n- qwen-2.5-3b:chat\n' },
      immutable: false,
    }]);
    expect(parse(ofKind(objects, 'ConfigMap')[0].data.adapters)).toEqual(['qwen-2.5-3b:sql', 'qwen-2.5-3b:chat']);
  });

  test('adapter requests are routed by the base-model header to the base model Service', () => {
    expect(headerTable(objects).get('X-Gateway-Base-Model-Name=qwen-2.5-3b')).toBe('qwen-25-3b-serve-svc:8000');
  });

  test('Ray loads the adapters dynamically from the storage path', () => {
    const qwen = ofKind(objects, 'RayService').find((r) => r.metadata.name === 'qwen-25-3b')!;
    const llm = parse(qwen.spec.serveConfigV2).applications[0].args.llm_configs[0];
    expect(llm.lora_config).toEqual({ dynamic_lora_loading_path: 'gs://bucket/lora', max_num_adapters_per_replica: 16 });
    expect(llm.engine_kwargs).toEqual({ enable_lora: true });
  });

  test('bad adapter settings are errors', () => {
    expect(problems({ models: [ok('a', { adapters: ['x'] }), ok('b', { adapters: ['bad name'], loraStoragePath: '/local' }), ok('c', { loraStoragePath: 'gs://b' })] })).toEqual([
      'models[0] "a": loraStoragePath is required with adapters (the gs:// or s3:// folder Ray loads them from)',
      'models[1] "b": adapters entry "bad name" must be a name of letters, digits, ".", "_" or "-"',
      'models[1] "b": loraStoragePath "/local" must be a gs:// or s3:// folder',
      'models[2] "c": loraStoragePath is set but adapters is empty',
    ]);
  });
});

describe('canaries', () => {
  const list = { models: [ok('qwen-2.5-3b', { canary: { weight: 10, image: 'rayproject/ray-llm:2.55.0-py311-cu128', rayVersion: '2.55.0' } })] };
  const objects = synthObjects(list);

  test('two RayServices serve the same id; one rule splits 90/10 between their Services', () => {
    const services = ofKind(objects, 'RayService');
    expect(services.map((s) => [s.metadata.name, s.spec.rayClusterConfig.rayVersion, s.spec.rayClusterConfig.headGroupSpec.template.spec.containers[0].image])).toEqual([
      ['qwen-25-3b', '2.54.0', 'rayproject/ray-llm:2.54.0-py311-cu128'],
      ['qwen-25-3b-canary', '2.55.0', 'rayproject/ray-llm:2.55.0-py311-cu128'],
    ]);
    for (const service of services) expect(parse(service.spec.serveConfigV2).applications[0].args.llm_configs[0].model_loading_config.model_id).toBe('qwen-2.5-3b');
    expect(Object.fromEntries(headerTable(objects))).toEqual({
      'X-Gateway-Model-Name=qwen-2.5-3b': 'qwen-25-3b-serve-svc:8000@90,qwen-25-3b-canary-serve-svc:8000@10',
    });
  });

  test('the canary has its own health check and backend policy, and its GPUs count in the node pool', () => {
    expect(ofKind(objects, 'HealthCheckPolicy').map((p) => p.spec.targetRef.name)).toEqual(['qwen-25-3b-serve-svc', 'qwen-25-3b-canary-serve-svc']);
    expect(ofKind(objects, 'GCPBackendPolicy').map((p) => p.spec.targetRef.name)).toEqual(['qwen-25-3b-serve-svc', 'qwen-25-3b-canary-serve-svc']);
    expect(nodePools(planModels(list))[0].nodes).toBe(4);
  });

  test('weight 100 sends everything to the canary (the step before retiring the old deployment)', () => {
    const rule = ofKind(synthObjects({ models: [ok('m', { canary: { weight: 100, image: 'rayproject/ray-llm:2.55.0-py311-cu128', rayVersion: '2.55.0' } })] }), 'HTTPRoute')[0].spec.rules[0];
    expect(rule.backendRefs.map((b: any) => b.weight)).toEqual([0, 100]);
  });

  test('bad canaries are errors', () => {
    expect(problems({ models: [ok('a', { canary: { weight: 101 } as any }), ok('b', { canary: {} as any }), ok('c', { canary: { weight: 5, aliases: ['x'] } as any }), ok('x'.repeat(41), { canary: { weight: 1 } }), ok('d', { canary: { weight: 1, name: 'a' } })] })).toEqual([
      'models[0] "a" canary: weight must be a whole number from 0 to 100 (got 101)',
      'models[1] "b" canary: weight is required (percent of requests, 0 to 100)',
      expect.stringMatching(/^models\[2\] "c" canary: unknown field "aliases"/),
      `models[3] "${'x'.repeat(41)}" canary: name "${'x'.repeat(41)}-canary" (derived from the model's name) is 48 characters long; KubeRay allows at most 47; set name to a valid one`,
      'models[4] "d" canary: name "a" collides with models[0] "a"; set a distinct name',
    ]);
  });
});

describe('long generations', () => {
  test('every serve Service gets a GCPBackendPolicy: 600 s by default, per-model override', () => {
    const objects = synthObjects({ models: [ok('a'), ok('b', { timeoutSeconds: 3600 })] });
    expect(ofKind(objects, 'GCPBackendPolicy').map((p) => [p.metadata.name, p.spec])).toEqual([
      ['a-serve-backend', { default: { timeoutSec: 600 }, targetRef: { group: '', kind: 'Service', name: 'a-serve-svc' } }],
      ['b-serve-backend', { default: { timeoutSec: 3600 }, targetRef: { group: '', kind: 'Service', name: 'b-serve-svc' } }],
    ]);
    expect(ofKind(objects, 'HTTPRoute')[0].spec.rules.every((r: any) => r.timeouts === undefined)).toBe(true);
  });

  test('rule timeouts are opt-in and follow each model (on a class whose support is unknown)', () => {
    const fleet = { gateway: { className: 'gke-l7-cross-regional-internal-managed-mc', ruleTimeouts: true, bodyBasedRouting: false }, clusters: [{ name: 'one', region: 'us-central1' }] };
    const objects = synthObjects({ ...fleet, models: [ok('a'), ok('b', { timeoutSeconds: 3600, pathPrefix: '/b' })] });
    expect(ofKind(objects, 'HTTPRoute')[0].spec.rules.map((r: any) => r.timeouts)).toEqual([{ request: '600s' }, { request: '3600s' }, { request: '3600s' }]);
  });

  test('a timeout outside 1..86400 s is an error', () => {
    expect(problems({ models: [ok('a', { timeoutSeconds: 0 })] })).toEqual(['models[0] "a": timeoutSeconds must be a whole number from 1 to 86400 (got 0)']);
  });
});

describe('unknown models and the default model', () => {
  test('without defaultModel, no rule matches a name not in the list (the Gateway answers 404)', () => {
    const rules = ofKind(synthObjects({ models: [ok('a')] }), 'HTTPRoute')[0].spec.rules;
    expect(rules.every((r: any) => r.matches.every((m: any) => m.headers?.length > 0))).toBe(true);
  });

  test('defaultModel adds a catch-all rule (no header) first, to that model', () => {
    const rules = ofKind(synthObjects({ defaultModel: 'b', models: [ok('a'), ok('b')] }), 'HTTPRoute')[0].spec.rules;
    expect(rules[0]).toEqual({ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ kind: 'Service', name: 'b-serve-svc', port: 8000 }] });
    expect(rules).toHaveLength(3);
  });

  test('a defaultModel not in the list is an error', () => {
    expect(problems({ defaultModel: 'z', models: [ok('a')] })).toEqual(['defaultModel: "z" is not the id of a model in the list']);
  });
});

describe('the route table of the synthesized objects (npm run routes)', () => {
  const fleet = synthObjects(loadModelList(path.join(__dirname, '..', 'examples', 'fleet.yaml')));
  const table = buildRouteTable(fleet);
  const entry = (name: string) => table.entries.find((e) => e.name === name)!;
  const reach = (name: string) => entry(name).backends.map((b) => `${b.service} ${b.percent}%`);

  test('the fleet example: every id, adapter and path reaches exactly its backend, and nothing is flagged', () => {
    expect(table.problems).toEqual([]);
    expect(table.entries.map((e) => [e.name, e.kind])).toEqual([
      ['gemma-2b-it', 'model'],
      ['/gemma', 'path'],
      ['qwen-2.5-3b', 'model'],
      ['llama-3.1-8b-instruct', 'model'],
      ['qwen-2.5-3b:sql', 'adapter'],
      ['qwen-2.5-3b:support-bot', 'adapter'],
      ['(default)', 'default'],
    ]);
    expect(reach('qwen-2.5-3b:sql')).toEqual(['default/qwen-25-3b-serve-svc:8000 90%', 'default/qwen-25-3b-canary-serve-svc:8000 10%']);
    expect(entry('/gemma').path).toBe('/v1/chat/completions');
  });

  test('a path prefix wins over the body: /gemma/... reaches gemma even when the body names qwen', () => {
    const resolution = resolveRequest(readRoutingObjects(fleet), { model: 'qwen-2.5-3b', path: '/gemma/v1/chat/completions' });
    expect(resolution.backends.map((b) => b.service)).toEqual(['default/gemma-2b-it-serve-svc:8000']);
    expect(resolution.path).toBe('/v1/chat/completions');
  });

  test('an unknown model: the default model with defaultModel, the Gateway 404 without', () => {
    const unknown = { model: 'gpt-9', path: '/v1/chat/completions' };
    expect(resolveRequest(readRoutingObjects(fleet), unknown).backends.map((b) => b.service)).toEqual(['default/gemma-2b-it-serve-svc:8000']);
    const seed = synthObjects({ models: [ok('a'), ok('b')] });
    expect(resolveRequest(readRoutingObjects(seed), unknown).rule).toBeNull();
    expect(resolveRequest(readRoutingObjects(seed), { path: '/v1/models' }).rule).toBeNull();
  });

  test('200 models over 13 routes: all reachable, none twice', () => {
    const many = buildRouteTable(synthObjects(manyModels(200)));
    expect(many.problems).toEqual([]);
    expect(many.entries.filter((e) => e.kind === 'model')).toHaveLength(200);
    for (const e of many.entries) expect(e.backends.map((b) => b.service)).toEqual([`default/${e.name}-serve-svc:8000`]);
  });

  test('team namespaces: every model reaches its Service across namespaces, through its grant', () => {
    const teams = buildRouteTable(synthObjects({
      namespace: 'llm-gateway',
      models: [ok('a'), ok('b', { namespace: 'team-b', adapters: ['x'], loraStoragePath: 'gs://b/l' }), ok('c', { namespace: 'team-c', canary: { weight: 5 } })],
    }));
    expect(teams.problems).toEqual([]);
    expect(teams.entries.map((e) => [e.name, e.backends.map((b) => b.service).join(',')])).toEqual([
      ['a', 'llm-gateway/a-serve-svc:8000'],
      ['b', 'team-b/b-serve-svc:8000'],
      ['c', 'team-c/c-serve-svc:8000,team-c/c-canary-serve-svc:8000'],
      ['b:x', 'team-b/b-serve-svc:8000'],
    ]);
  });
});
