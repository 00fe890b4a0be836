/**
 * The route table (scripts/route-table/) and its CLI (scripts/routes.ts): which name reaches which
 * Service, read from manifests alone. Fixture dist folders live in test/fixtures/routes/:
 * seed (the default synth), full (every routing feature, all correct), broken (one of each mistake).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { buildRouteTable, formatRouteTable, readRoutingObjects, resolveRequest, RouteTable } from '../scripts/route-table';
import { readManifests, runRoutes } from '../scripts/routes';

const ROOT = path.join(__dirname, '..');
const FIXTURES = path.join(__dirname, 'fixtures', 'routes');
const CHAT = '/v1/chat/completions';

function fixture(name: string): unknown[] {
  return readManifests(path.join(FIXTURES, name));
}

/** Each entry as `name kind -> backends [seen as path]`, the way a reviewer reads it. */
function rows(table: RouteTable): string[] {
  return table.entries.map((e) => {
    const backends = e.rule === null ? 'no route' : e.backends.map((b) => (e.backends.length > 1 ? `${b.service} ${b.percent}%` : b.service)).join(', ');
    return `${e.name} ${e.kind} -> ${backends}${e.path !== e.request.path ? ` as ${e.path}` : ''}`;
  });
}

function messages(table: RouteTable): string[] {
  return table.problems.map((p) => `${p.kind}: ${p.message}`);
}

// ----- Objects built inline (namespace default, Gateway gw) -----

function rayService(name: string, modelIds: string[], options: { namespace?: string; lora?: boolean } = {}) {
  const llmConfigs = modelIds.map((id) => ({
    model_loading_config: { model_id: id, model_source: `org/${id}` },
    ...(options.lora ? { lora_config: { dynamic_lora_loading_path: 'gs://bucket/lora' } } : {}),
  }));
  return {
    apiVersion: 'ray.io/v1',
    kind: 'RayService',
    metadata: { name, namespace: options.namespace ?? 'default' },
    spec: { serveConfigV2: stringify({ applications: [{ name: 'llm_app', import_path: 'ray.serve.llm:build_openai_app', args: { llm_configs: llmConfigs } }] }) },
  };
}

function gateway(from = 'Same') {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'gw', namespace: 'default' },
    spec: { gatewayClassName: 'gke-l7-rilb', listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from } } }] },
  };
}

function route(name: string, rules: unknown[], namespace = 'default') {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace },
    spec: { parentRefs: [{ name: 'gw', namespace: 'default' }], rules },
  };
}

/** A rule: match `model` exactly, send to `<service>-serve-svc:8000` (a [service, weight] pair for weights). */
function modelRule(model: string, ...services: (string | [string, number])[]) {
  return {
    matches: [{ headers: [{ type: 'Exact', name: 'X-Gateway-Model-Name', value: model }], path: { type: 'PathPrefix', value: '/' } }],
    backendRefs: services.map((s) => (typeof s === 'string' ? backend(s) : { ...backend(s[0]), weight: s[1] })),
  };
}

function backend(rayServiceName: string, namespace?: string) {
  return { kind: 'Service', name: `${rayServiceName}-serve-svc`, port: 8000, ...(namespace ? { namespace } : {}) };
}

function pathRule(type: string, value: string, rewrite?: Record<string, string>) {
  return {
    matches: [{ path: { type, value } }],
    ...(rewrite ? { filters: [{ type: 'URLRewrite', urlRewrite: { path: rewrite } }] } : {}),
    backendRefs: [backend('gemma')],
  };
}

function adapterConfigMap(baseModel: string, adapters: string[]) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `${baseModel}-adapters`, namespace: 'default', labels: { 'inference.networking.k8s.io/bbr-managed': 'true' } },
    data: { baseModel, adapters: stringify(adapters) },
  };
}

// ----- The seed -----

describe('the seed: two models, one route', () => {
  const table = buildRouteTable(fixture('seed'));

  test('each model id reaches its own serve Service, with no problem', () => {
    expect(rows(table)).toEqual([
      'gemma-2b-it model -> default/gemma-2b-it-serve-svc:8000',
      'qwen-2.5-3b model -> default/qwen-25-3b-serve-svc:8000',
      'GET /v1/models models -> default/ray-multi-model-gateway-models:8080',
      'GET /v1/models/{id} models -> default/ray-multi-model-gateway-models:8080',
    ]);
    expect(table.problems).toEqual([]);
  });

  test('without a catch-all rule, an unknown model and a request without model get no route', () => {
    const objects = readRoutingObjects(fixture('seed'));
    expect(resolveRequest(objects, { model: 'mystery', path: CHAT }).rule).toBeNull();
    expect(resolveRequest(objects, { path: CHAT })).toMatchObject({ headers: {}, rule: null, backends: [] });
  });

  test('the text table', () => {
    expect(formatRouteTable(table)).toBe([
      'Gateway default/ray-multi-model-gateway',
      'NAME                 KIND    BACKEND                                      SEEN AS',
      'gemma-2b-it          model   default/gemma-2b-it-serve-svc:8000',
      'qwen-2.5-3b          model   default/qwen-25-3b-serve-svc:8000',
      'GET /v1/models       models  default/ray-multi-model-gateway-models:8080',
      'GET /v1/models/{id}  models  default/ray-multi-model-gateway-models:8080',
      '',
      '4 names, 0 problems',
      '',
    ].join('\n'));
  });

  test('the seed fixture dist routes both seed models, cleanly', () => {
    const result = runRoutes([path.join(FIXTURES, 'seed')]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^gemma-2b-it +model +default\/gemma-2b-it-serve-svc:8000$/m);
    expect(result.stdout).toMatch(/^qwen-2.5-3b +model +default\/qwen-25-3b-serve-svc:8000$/m);
    expect(result.stdout).toMatch(/, 0 problems\n$/);
    expect(result.code).toBe(0);
  });
});

// ----- Every feature, all correct -----

describe('a path prefix, adapters, a canary and a catch-all across two routes', () => {
  const table = buildRouteTable(fixture('full'));
  const objects = readRoutingObjects(fixture('full'));
  const resolve = (model: string | undefined, requestPath = CHAT) => resolveRequest(objects, { model, path: requestPath });

  test('the table lists every name once, with no problem', () => {
    expect(rows(table)).toEqual([
      'gemma-2b-it model -> llm/gemma-2b-it-serve-svc:8000',
      `/gemma path -> llm/gemma-2b-it-serve-svc:8000 as ${CHAT}`,
      'llama-3-8b model -> llm/llama-3-8b-serve-svc:8000',
      'qwen-2.5-3b:sql adapter -> llm/qwen-25-3b-serve-svc:8000 100%, llm/qwen-25-3b-canary-serve-svc:8000 0%',
      'qwen-2.5-3b:chat adapter -> llm/qwen-25-3b-serve-svc:8000 90%, llm/qwen-25-3b-canary-serve-svc:8000 10%',
      'qwen-2.5-3b model -> llm/qwen-25-3b-serve-svc:8000 90%, llm/qwen-25-3b-canary-serve-svc:8000 10%',
      '(default) default -> llm/gemma-2b-it-serve-svc:8000',
    ]);
    expect(messages(table)).toEqual([]);
  });

  test('the subfolder was read (llama-3-8b is in models/llama.yml), the unlabelled ConfigMap ignored', () => {
    expect(objects.rayServices.map((rs) => rs.id)).toContain('llm/llama-3-8b');
    expect(table.entries.map((e) => e.name)).not.toContain('gemma-2b-it:ignored');
  });

  test('header names match case-insensitively', () => {
    expect(resolve('gemma-2b-it')).toMatchObject({ rule: { route: 'llm/models-a', index: 0, name: 'gemma' }, backends: [{ service: 'llm/gemma-2b-it-serve-svc:8000', percent: 100 }] });
  });

  test('a path prefix reaches the model without a model field, rewritten to /', () => {
    expect(resolve(undefined, '/gemma/v1/chat/completions')).toMatchObject({ rule: { name: 'gemma-path' }, path: CHAT });
    expect(resolve(undefined, '/gemma')).toMatchObject({ rule: { name: 'gemma-path' }, path: '/' });
    expect(resolve(undefined, '/gemma/')).toMatchObject({ rule: { name: 'gemma-path' }, path: '/' });
  });

  test('a path prefix matches whole segments: /gemma-2/... falls through to the catch-all, unchanged', () => {
    expect(resolve(undefined, '/gemma-2/v1/chat/completions')).toMatchObject({ rule: { name: 'default' }, path: '/gemma-2/v1/chat/completions' });
  });

  test('the router sets the base-model header for adapters and for the base model itself', () => {
    expect(resolve('qwen-2.5-3b:chat').headers).toEqual({ 'X-Gateway-Model-Name': 'qwen-2.5-3b:chat', 'X-Gateway-Base-Model-Name': 'qwen-2.5-3b' });
    expect(resolve('qwen-2.5-3b').headers).toEqual({ 'X-Gateway-Model-Name': 'qwen-2.5-3b', 'X-Gateway-Base-Model-Name': 'qwen-2.5-3b' });
    expect(resolve('gemma-2b-it').headers).toEqual({ 'X-Gateway-Model-Name': 'gemma-2b-it' });
    expect(resolve('qwen-2.5-3b:chat').rule).toMatchObject({ route: 'llm/models-a', name: 'qwen' });
  });

  test('the canary rule splits 90/10', () => {
    expect(resolve('qwen-2.5-3b').backends).toEqual([
      { service: 'llm/qwen-25-3b-serve-svc:8000', weight: 90, percent: 90 },
      { service: 'llm/qwen-25-3b-canary-serve-svc:8000', weight: 10, percent: 10 },
    ]);
  });

  test('an unknown model reaches the catch-all rule', () => {
    expect(resolve('mystery')).toMatchObject({ rule: { route: 'llm/models-b', index: 2 }, backends: [{ service: 'llm/gemma-2b-it-serve-svc:8000' }] });
  });

  test('precedence: a path rule beats a header rule on /, two header matches beat one', () => {
    expect(resolve('llama-3-8b', '/gemma/v1/chat/completions').rule).toMatchObject({ name: 'gemma-path' });
    expect(resolve('qwen-2.5-3b:sql').rule).toMatchObject({ route: 'llm/models-b', name: 'qwen-sql' });
  });

  test('rules split across two HTTPRoutes on one Gateway are all used', () => {
    expect(resolve('gemma-2b-it').rule?.route).toBe('llm/models-a');
    expect(resolve('llama-3-8b').rule?.route).toBe('llm/models-b');
  });
});

describe('path matching and rewriting (Gateway API rules)', () => {
  const resolvePath = (rule: unknown, requestPath: string) =>
    resolveRequest(readRoutingObjects([gateway(), rayService('gemma', ['gemma']), route('r', [rule])]), { path: requestPath });

  test('a trailing slash in the prefix is ignored', () => {
    expect(resolvePath(pathRule('PathPrefix', '/gemma/'), '/gemma').rule).not.toBeNull();
    expect(resolvePath(pathRule('PathPrefix', '/gemma/'), '/gemma/v1').rule).not.toBeNull();
    expect(resolvePath(pathRule('PathPrefix', '/gemma/'), '/gemmas').rule).toBeNull();
  });

  test('Exact and RegularExpression paths match the whole path', () => {
    expect(resolvePath(pathRule('Exact', '/v1/models'), '/v1/models').rule).not.toBeNull();
    expect(resolvePath(pathRule('Exact', '/v1/models'), '/v1/models/x').rule).toBeNull();
    expect(resolvePath(pathRule('RegularExpression', '/v[0-9]+/.*'), '/v1/chat').rule).not.toBeNull();
    expect(resolvePath(pathRule('RegularExpression', '/v[0-9]+'), '/v1/chat').rule).toBeNull();
  });

  test.each([
    ['/foo', '/xyz', '/foo/bar', '/xyz/bar'],
    ['/foo', '/xyz/', '/foo/bar', '/xyz/bar'],
    ['/foo/', '/xyz', '/foo/bar', '/xyz/bar'],
    ['/foo', '/xyz', '/foo', '/xyz'],
    ['/foo', '/xyz', '/foo/', '/xyz/'],
    ['/foo', '/', '/foo/bar', '/bar'],
    ['/foo', '/', '/foo', '/'],
    ['/foo', '/', '/foo/', '/'],
    ['/', '/api', '/v1/chat', '/api/v1/chat'],
  ])('prefix %s replaced by %s: %s -> %s', (prefix, replacement, requestPath, seen) => {
    expect(resolvePath(pathRule('PathPrefix', prefix, { type: 'ReplacePrefixMatch', replacePrefixMatch: replacement }), requestPath).path).toBe(seen);
  });

  test('ReplaceFullPath replaces the whole path', () => {
    expect(resolvePath(pathRule('PathPrefix', '/chat', { type: 'ReplaceFullPath', replaceFullPath: CHAT }), '/chat/x').path).toBe(CHAT);
  });
});

describe('precedence across routes', () => {
  test('Exact path beats a longer prefix; the route first by namespace/name wins a tie, then the first rule', () => {
    const objects = readRoutingObjects([
      gateway(), rayService('a', ['a']), rayService('b', ['b']), rayService('c', ['c']),
      route('zz', [{ ...pathRule('PathPrefix', '/v1/chat/completions'), backendRefs: [backend('c')] }, { ...pathRule('Exact', '/v1/chat/completions'), backendRefs: [backend('b')] }]),
      route('b-route', [modelRule('m', 'b'), modelRule('m', 'c')]),
      route('a-route', [modelRule('m', 'a')]),
    ]);
    expect(resolveRequest(objects, { path: CHAT }).rule).toMatchObject({ route: 'default/zz', index: 1 });
    expect(resolveRequest(objects, { model: 'm', path: '/v1/models' }).rule).toMatchObject({ route: 'default/a-route', index: 0 });
    const withoutA = readRoutingObjects([gateway(), rayService('b', ['b']), rayService('c', ['c']), route('b-route', [modelRule('m', 'b'), modelRule('m', 'c')])]);
    expect(resolveRequest(withoutA, { model: 'm', path: CHAT }).rule).toMatchObject({ route: 'default/b-route', index: 0 });
  });
});

// ----- Problems -----

describe('problems', () => {
  test('one of each in the broken fixture, each naming the model or Service', () => {
    const table = buildRouteTable(fixture('broken'));
    expect(messages(table)).toEqual([
      'duplicate: header X-Gateway-Model-Name: gemma-2b-it is matched by 2 rules: default/route-a rules[0] "gemma", default/route-b rules[0]; only default/route-a rules[0] "gemma" is used',
      'dangling-backend: HTTPRoute default/route-b rules[1]: backend default/phi-3-serve-svc:8000 is not the serve Service of any RayService',
      'unserved-name: phi-3 (alias): routed to a Ray cluster, but no RayService serves a model of that name; Ray Serve LLM answers only its model_id, so the request gets 404',
      'wrong-backend: qwen-2.5-3b (model): reaches default/gemma-2b-it-serve-svc:8000 via default/route-a rules[1] "qwen", expected default/qwen-25-3b-serve-svc:8000',
      'unreachable: mistral-7b (model): not reachable: no rule matches it, the Gateway answers 404',
    ]);
    expect(rows(table)).toContain('phi-3 alias -> default/phi-3-serve-svc:8000');
  });

  test('a route with more than 16 rules, and one with 128 matches', () => {
    const ids = Array.from({ length: 17 }, (_, i) => `m${i}`);
    const manyRules = buildRouteTable([gateway(), ...ids.map((id) => rayService(id, [id])), route('r', ids.map((id) => modelRule(id, id)))]);
    expect(messages(manyRules)).toEqual(['route-limits: HTTPRoute default/r has 17 rules; Gateway API allows at most 16']);
    const aliases = Array.from({ length: 128 }, (_, i) => ({ headers: [{ name: 'X-Gateway-Model-Name', value: i === 0 ? 'm' : `alias-${i}` }] }));
    const manyMatches = buildRouteTable([gateway(), rayService('m', ['m']), route('r', [{ matches: aliases, backendRefs: [backend('m')] }])]);
    expect(messages(manyMatches).filter((m) => !m.startsWith('unserved-name:'))).toEqual(['route-limits: HTTPRoute default/r has 128 matches; Gateway API allows fewer than 128 per route']);
  });

  test('a canary: each RayService serving the id must be a backend, and each weighted backend must serve it', () => {
    const deployments = [gateway(), rayService('q', ['q']), rayService('q-canary', ['q']), rayService('other', ['other']), route('r0', [modelRule('other', 'other')])];
    const clean = buildRouteTable([...deployments, route('r', [modelRule('q', ['q', 100], ['q-canary', 0])])]);
    expect(clean.problems).toEqual([]);
    const missingCanary = buildRouteTable([...deployments, route('r', [modelRule('q', 'q')])]);
    expect(messages(missingCanary)).toEqual([
      'wrong-backend: q (model): reaches default/q-serve-svc:8000 via default/r rules[0], expected default/q-serve-svc:8000, default/q-canary-serve-svc:8000',
    ]);
    const strayWeight = buildRouteTable([...deployments, route('r', [modelRule('q', ['q', 90], ['q-canary', 5], ['other', 5])])]);
    expect(messages(strayWeight)).toEqual([
      'wrong-backend: q (model): reaches default/q-serve-svc:8000 90%, default/q-canary-serve-svc:8000 5%, default/other-serve-svc:8000 5% via default/r rules[0], expected default/q-serve-svc:8000, default/q-canary-serve-svc:8000',
    ]);
    const allZero = buildRouteTable([...deployments, route('r', [modelRule('q', ['q', 0], ['q-canary', 0])])]);
    expect(messages(allZero)).toEqual(['unreachable: q (model): not reachable: rule default/r rules[0] has no backend with weight > 0']);
  });

  test('adapters: reached through the base model\'s RayServices, which must have LoRA on', () => {
    const base = [gateway(), adapterConfigMap('q', ['q:sql'])];
    const baseRule = { matches: [{ headers: [{ name: 'X-Gateway-Base-Model-Name', value: 'q' }] }], backendRefs: [backend('q')] };
    expect(messages(buildRouteTable([...base, rayService('q', ['q'], { lora: true }), route('r', [baseRule])]))).toEqual([]);
    expect(messages(buildRouteTable([...base, rayService('q', ['q']), route('r', [baseRule])]))).toEqual([
      'adapter: q:sql (adapter): RayService default/q serves its base model q without lora_config',
    ]);
    const onlyModelRule = buildRouteTable([...base, rayService('q', ['q'], { lora: true }), route('r', [modelRule('q', 'q')])]);
    expect(messages(onlyModelRule)).toEqual(['unreachable: q:sql (adapter): not reachable: no rule matches it, the Gateway answers 404']);
    expect(messages(buildRouteTable([...base, route('r', [baseRule])]))).toEqual([
      'dangling-backend: HTTPRoute default/r rules[0]: backend default/q-serve-svc:8000 is not the serve Service of any RayService',
      'adapter: q:sql (adapter): no RayService serves its base model q',
    ]);
    const twoBases = buildRouteTable([...base, rayService('q', ['q'], { lora: true }), route('r', [baseRule]), { ...adapterConfigMap('p', ['q:sql']) }]);
    expect(messages(twoBases)).toContain('adapter: q:sql (adapter): ConfigMaps give it different base models: q (default/q-adapters), p (default/p-adapters)');
  });

  test('a backend on the wrong port, and one in another namespace without a ReferenceGrant', () => {
    const wrongPort = buildRouteTable([gateway(), rayService('m', ['m']), route('r', [{ ...modelRule('m', 'm'), backendRefs: [{ name: 'm-serve-svc', port: 8080 }] }])]);
    expect(messages(wrongPort)).toContain('dangling-backend: HTTPRoute default/r rules[0]: backend default/m-serve-svc:8080 has the wrong port: the serve Service listens on 8000');
    const models = [gateway(), rayService('m', ['m'], { namespace: 'models' }), route('r', [{ ...modelRule('m'), backendRefs: [backend('m', 'models')] }])];
    expect(messages(buildRouteTable(models))).toEqual([
      'dangling-backend: HTTPRoute default/r rules[0]: backend models/m-serve-svc:8000 is in namespace models and no ReferenceGrant there allows HTTPRoutes from default',
    ]);
    const grant = {
      apiVersion: 'gateway.networking.k8s.io/v1beta1', kind: 'ReferenceGrant', metadata: { name: 'routes', namespace: 'models' },
      spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'default' }], to: [{ group: '', kind: 'Service' }] },
    };
    expect(buildRouteTable([...models, grant]).problems).toEqual([]);
  });

  test('a route the Gateway does not accept routes nothing', () => {
    const objects = [gateway('Same'), rayService('m', ['m']), route('r', [modelRule('m', 'm')], 'team')];
    expect(messages(buildRouteTable(objects))).toEqual([
      'detached-route: HTTPRoute team/r: Gateway default/gw does not accept it (no listener allows routes from namespace team)',
      'dangling-backend: HTTPRoute team/r rules[0]: backend team/m-serve-svc:8000 is not the serve Service of any RayService',
      'unreachable: m (model): not reachable: no rule matches it, the Gateway answers 404',
    ]);
    expect(messages(buildRouteTable([gateway('All'), rayService('m', ['m'], { namespace: 'team' }), route('r', [modelRule('m', 'm')], 'team')]))).toEqual([]);
  });

  test('several Gateways: one block each; a model reachable through one of them is reachable', () => {
    const second = { ...gateway(), metadata: { name: 'gw2', namespace: 'default' } };
    const onSecond = { ...route('r2', [modelRule('b', 'b')]), spec: { parentRefs: [{ name: 'gw2' }], rules: [modelRule('b', 'b')] } };
    const manifests = [gateway(), second, rayService('a', ['a']), rayService('b', ['b']), route('r1', [modelRule('a', 'a')]), onSecond];
    const table = buildRouteTable(manifests);
    expect(table.problems).toEqual([]);
    expect(table.entries.map((e) => `${e.gateway} ${e.name} ${e.rule === null ? 'no route' : e.backends[0].service}`)).toEqual([
      'default/gw a default/a-serve-svc:8000', 'default/gw b no route',
      'default/gw2 b default/b-serve-svc:8000', 'default/gw2 a no route',
    ]);
    expect(formatRouteTable(table)).toMatch(/^Gateway default\/gw\n(.*\n){3}\nGateway default\/gw2\n/);
    expect(() => resolveRequest(readRoutingObjects(manifests), { model: 'a', path: CHAT })).toThrow('2 Gateways');
    expect(resolveRequest(readRoutingObjects(manifests), { model: 'b', path: CHAT }, 'default/gw2').rule).toMatchObject({ route: 'default/r2' });
  });

  test('unreadable objects are reported, not thrown', () => {
    const broken = { ...rayService('m', ['m']), spec: { serveConfigV2: 'applications: [' } };
    expect(buildRouteTable([gateway(), broken]).problems.map((p) => p.kind)).toEqual(['invalid-object']);
    expect(buildRouteTable([gateway(), 'text', null, 42]).entries).toEqual([]);
  });
});

// ----- The CLI -----

describe('npm run routes', () => {
  test('exit 0 and the table for a clean folder; 1 and the problems for a broken one', () => {
    const clean = runRoutes([path.join(FIXTURES, 'full')]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/^\/gemma +path +llm\/gemma-2b-it-serve-svc:8000 +\/v1\/chat\/completions$/m);
    expect(clean.stdout).toContain('\n7 names, 0 problems\n');
    const broken = runRoutes([path.join(FIXTURES, 'broken')]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/\n4 names, 5 problems\n {2}- header X-Gateway-Model-Name: gemma-2b-it is matched by 2 rules/);
  });

  test('--json prints the table and the problems', () => {
    const result = runRoutes(['--json', path.join(FIXTURES, 'broken')]);
    expect(result.code).toBe(1);
    const parsed = JSON.parse(result.stdout) as RouteTable;
    expect(parsed.entries.find((e) => e.name === 'mistral-7b')).toMatchObject({ kind: 'model', rule: null, backends: [] });
    expect(parsed.problems.map((p) => p.kind)).toEqual(['duplicate', 'dangling-backend', 'unserved-name', 'wrong-backend', 'unreachable']);
  });

  test('exit 2 on usage and read errors', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'routes-'));
    expect(runRoutes(['--nope'])).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('unknown option --nope') });
    expect(runRoutes(['a', 'b'])).toMatchObject({ code: 2, stderr: expect.stringContaining('exactly one DIST_DIR') });
    expect(runRoutes([])).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('name the folder to read: DIST_DIR') });
    expect(runRoutes([path.join(empty, 'missing')])).toMatchObject({ code: 2, stderr: expect.stringContaining('is not a folder') });
    expect(runRoutes([empty])).toMatchObject({ code: 2, stderr: expect.stringContaining('no *.yaml files') });
    fs.writeFileSync(path.join(empty, 'bad.yaml'), 'kind: [\n');
    expect(runRoutes([empty])).toMatchObject({ code: 2, stderr: expect.stringContaining('bad.yaml') });
    expect(runRoutes(['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('usage:') });
  });

  test('as a process: the exit status is the result\'s, and DIST_DIR is required', () => {
    const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
    const script = path.join(ROOT, 'scripts', 'routes.ts');
    const run = (args: string[]) => spawnSync(tsx, [script, ...args], { cwd: os.tmpdir(), encoding: 'utf8' });
    const seed = run([path.join(FIXTURES, 'seed')]);
    expect(seed.stdout).toContain('qwen-2.5-3b');
    expect(seed.status).toBe(0);
    expect(run([]).status).toBe(2);
    expect(run([path.join(FIXTURES, 'broken')]).status).toBe(1);
    expect(run(['--nope']).status).toBe(2);
  });
});
