/**
 * GET /v1/models through the Gateway (issue #31, item 1): the responder lists exactly the ids and
 * adapter names the Gateway routes, its rule outranks the model rules (the route table), it is
 * locked down, and the real nginx serves its committed config as OpenAI clients expect.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { loadModelList, planModels } from '../lib';
import { configBytesPerName } from '../lib/plan/model-list-plan';
import { buildRouteTable, readRoutingObjects, resolveRequest } from '../scripts/route-table';
import { realNginx } from './support/real-nginx';
import { listProblems } from './support/problems';
import { K8sObject, ofKind, SEED_LIST_FILE, synthObjects } from './support/synth';

const SEED_MODELS_LIST = loadModelList(SEED_LIST_FILE);
/** Three teams behind one Gateway: a model beside it, one with two adapters, one with a canary. */
const TEAM_LIST = {
  namespace: 'llm-gateway',
  models: [
    { id: 'a', source: 'o/a' },
    { id: 'b', source: 'o/b', namespace: 'team-b', adapters: ['x', 'y'], loraStoragePath: 'gs://bucket/lora' },
    { id: 'c', source: 'o/c', namespace: 'team-c', canary: { weight: 10 } },
  ],
};

const responder = (objects: K8sObject[]) => objects.filter((o) => o.metadata.name === 'ray-multi-model-gateway-models' || o.metadata.name === 'ray-multi-model-gateway-models-healthcheck');
const configMap = (objects: K8sObject[]) => ofKind(objects, 'ConfigMap').find((c) => (c.metadata.labels as Record<string, string> | undefined)?.['app.kubernetes.io/component'] === 'model-list')!;
const listedIds = (objects: K8sObject[]) => JSON.parse(configMap(objects).data['models.json']).ids;

describe('the list: exactly the names the Gateway routes', () => {
  test('the seed: both ids; a team list: every id and adapter, in list order, from every team namespace', () => {
    expect(listedIds(synthObjects(SEED_MODELS_LIST))).toEqual(['gemma-2b-it', 'qwen-2.5-3b']);
    expect(listedIds(synthObjects(TEAM_LIST))).toEqual(['a', 'b', 'b:x', 'b:y', 'c']);
  });

  test('one responder per Gateway, in its namespace (shared by the teams), beside the Gateway in its file', () => {
    const objects = synthObjects(TEAM_LIST);
    expect(responder(objects).map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'ConfigMap llm-gateway/ray-multi-model-gateway-models',
      'Deployment llm-gateway/ray-multi-model-gateway-models',
      'Service llm-gateway/ray-multi-model-gateway-models',
      'NetworkPolicy llm-gateway/ray-multi-model-gateway-models',
      'HealthCheckPolicy llm-gateway/ray-multi-model-gateway-models-healthcheck',
    ]);
  });

  test('gateway.modelList: false: no responder, no rule, and /v1/models gets the Gateway\'s 404 again', () => {
    const objects = synthObjects({ ...TEAM_LIST, gateway: { modelList: false } });
    expect(responder(objects)).toEqual([]);
    expect(resolveRequest(readRoutingObjects(objects), { path: '/v1/models' }).rule).toBeNull();
  });

  test('a gateway name too long for the responder\'s Service is refused, naming the way out', () => {
    expect(listProblems({ gateway: { name: 'g'.repeat(60) }, models: [{ id: 'a', source: 'o/a' }] })).toEqual([
      `gateway: modelList: the responder's name "${'g'.repeat(60)}-models" (from gateway.name) must be a DNS-1035 label of at most 63 characters; shorten gateway.name or set modelList: false`,
    ]);
    expect(planModels({ gateway: { name: 'g'.repeat(60), modelList: false }, models: [{ id: 'a', source: 'o/a' }] }).modelList).toBeUndefined();
  });
});

test('the ConfigMap stays within Kubernetes\' 1 MiB: the plan\'s bound covers the real size, and a list past it is refused', () => {
  for (const list of [SEED_MODELS_LIST, TEAM_LIST, { models: Array.from({ length: 300 }, (_, i) => ({ id: `org/Model-${i}"$\\{x}`, name: `m-${i}`, source: 'o/m', minReplicas: 1, maxReplicas: 1 })) }]) {
    const data: Record<string, string> = configMap(synthObjects(list)).data;
    const actual = Object.values(data).reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    const bound = 2048 + listedIds(synthObjects(list)).reduce((sum: number, id: string) => sum + configBytesPerName(id), 0);
    expect(actual).toBeLessThanOrEqual(bound);
  }
  const huge = { models: Array.from({ length: 14 }, (_, i) => ({ id: `${i}-${'x'.repeat(10000)}`, name: `m-${i}`, source: 'o/m', minReplicas: 1, maxReplicas: 1 })) };
  expect(listProblems(huge).filter((p) => p.includes('modelList'))).toEqual([
    expect.stringMatching(/^gateway: modelList: the list of 14 names needs up to 1\d{3} KiB of responder config, more than a ConfigMap holds \(1024 KiB\); set modelList: false$/),
  ]);
});

describe('the route table (npm run routes): GET /v1/models is answered by the responder', () => {
  test.each([['the seed', SEED_MODELS_LIST, 'default'], ['a team list', TEAM_LIST, 'llm-gateway']])('%s', (_name, list, namespace) => {
    const table = buildRouteTable(synthObjects(list));
    expect(table.problems).toEqual([]);
    const rows = table.entries.filter((e) => e.kind === 'models');
    expect(rows.map((e) => [e.name, e.backends.map((b) => b.service)])).toEqual([
      ['GET /v1/models', [`${namespace}/ray-multi-model-gateway-models:8080`]],
      ['GET /v1/models/{id}', [`${namespace}/ray-multi-model-gateway-models:8080`]],
    ]);
  });

  test('its path outranks every model rule: a /v1/models request whose body names a model (header set) still reaches the list; with a default model too', () => {
    const objects = synthObjects({ ...TEAM_LIST, defaultModel: 'a' });
    const routing = readRoutingObjects(objects);
    expect(resolveRequest(routing, { model: 'b', path: '/v1/models' }).backends.map((b) => b.service)).toEqual(['llm-gateway/ray-multi-model-gateway-models:8080']);
    expect(resolveRequest(routing, { path: '/v1/models/b:x' }).backends.map((b) => b.service)).toEqual(['llm-gateway/ray-multi-model-gateway-models:8080']);
    expect(resolveRequest(routing, { path: '/v1/chat/completions' }).backends.map((b) => b.service)).toEqual(['llm-gateway/a-serve-svc:8000']);
  });

  test('a list that lacks a routed name, or names one no rule routes, is flagged', () => {
    const objects = synthObjects(TEAM_LIST).map((o) => (o.kind === 'ConfigMap' && o.metadata.name === 'ray-multi-model-gateway-models'
      ? { ...o, data: { ...o.data, 'models.json': JSON.stringify({ path: '/v1/models', ids: ['a', 'b', 'zz'] }) } } : o));
    expect(buildRouteTable(objects).problems.map((p) => [p.kind, p.message])).toEqual([
      ['model-list', 'GET /v1/models: the list of llm-gateway/ray-multi-model-gateway-models lacks c, b:x, b:y and names zz, which no rule routes to a model'],
      ['model-list', 'GET /v1/models/{id}: the list of llm-gateway/ray-multi-model-gateway-models lacks c, b:x, b:y and names zz, which no rule routes to a model'],
    ]);
  });
});

describe('locked down', () => {
  const objects = synthObjects(TEAM_LIST);
  const deployment = ofKind(objects, 'Deployment').find((d) => d.metadata.name === 'ray-multi-model-gateway-models')!;
  const pod = deployment.spec.template.spec;

  test('non-root, read-only root, no token, no capabilities, RuntimeDefault seccomp, requests and limits, a pinned image', () => {
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 101, runAsGroup: 101, seccompProfile: { type: 'RuntimeDefault' } });
    const [container] = pod.containers;
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(container.resources).toEqual({ requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } });
    expect(container.image).toMatch(/^docker\.io\/nginxinc\/nginx-unprivileged:\d+\.\d+\.\d+$/);
    // The only writable place is a small memory-backed /tmp.
    expect(pod.volumes).toContainEqual({ name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } });
  });

  test('the NetworkPolicy admits the list\'s port from the load balancer\'s proxies and health checkers only, and no egress', () => {
    const policy = ofKind(objects, 'NetworkPolicy').find((p) => p.metadata.name === 'ray-multi-model-gateway-models')!;
    expect(policy.spec.podSelector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    expect(policy.spec.ingress).toEqual([{ from: ['192.168.10.0/24', '35.191.0.0/16', '130.211.0.0/22'].map((cidr) => ({ ipBlock: { cidr } })), ports: [{ protocol: 'TCP', port: 8080 }] }]);
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.egress).toBeUndefined();
    expect(responder(synthObjects({ ...TEAM_LIST, security: { networkPolicies: false } })).map((o) => o.kind)).not.toContain('NetworkPolicy');
  });

  test('its own health check asks nginx\'s /healthz on 8080', () => {
    const check = ofKind(objects, 'HealthCheckPolicy').find((p) => p.metadata.name === 'ray-multi-model-gateway-models-healthcheck')!;
    expect(check.spec.default.config.httpHealthCheck).toEqual({ portSpecification: 'USE_FIXED_PORT', port: 8080, requestPath: '/healthz' });
    expect(check.spec.targetRef).toEqual({ group: '', kind: 'Service', name: 'ray-multi-model-gateway-models' });
  });

  test('a changed list rolls the pods (the config hash is on the pod template)', () => {
    const hash = (list: unknown) => ofKind(synthObjects(list), 'Deployment')[0].spec.template.metadata.annotations['ray-llm-gateway/config-sha256'];
    expect(hash(TEAM_LIST)).not.toBe(hash({ ...TEAM_LIST, models: TEAM_LIST.models.slice(1) }));
  });
});

// ---------------------------------------------------------------------------------------------
// The real nginx serving the committed config (from the synthesized ConfigMap, only the listen
// address and the temp folder moved to this machine).

const nginx = realNginx();
if (nginx.skip) process.stdout.write(`\nreal nginx tests skipped: ${nginx.skip}\n`);
const describeNginx = nginx.binary ? describe : describe.skip;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function get(port: number, urlPath: string, method = 'GET'): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path: urlPath, method }, (response) => {
      let body = '';
      response.on('data', (chunk) => { body += chunk; });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, type: String(response.headers['content-type']), body }));
    });
    request.on('error', reject);
    request.end();
  });
}

describeNginx('the real nginx serves the committed config', () => {
  // Ids that need escaping in nginx's config: a quote, a backslash, a dollar, braces and a semicolon.
  const tricky = { models: [{ id: 'we"ird\\mo$del{x};', source: 'o/w' }, { id: 'Gemma', source: 'o/g' }, { id: 'gemma', name: 'gemma-lower', source: 'o/h', adapters: ['sql'], loraStoragePath: 'gs://b/l' }] };
  let child: ChildProcess;
  let port: number;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rlg-model-list-'));
    port = await freePort();
    const committed: string = configMap(synthObjects(tricky)).data['nginx.conf'];
    const config = committed.replace('listen 8080;', `listen 127.0.0.1:${port};`).split('/tmp/').join(`${dir}/`);
    fs.writeFileSync(path.join(dir, 'nginx.conf'), config);
    child = spawn(nginx.binary!, ['-e', 'stderr', '-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => { stderr += d; });
    for (let i = 0; i < 50; i++) {
      if (await get(port, '/healthz').then(() => true, () => false)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`nginx did not start: ${stderr}`);
  }, 30_000);

  afterAll(() => {
    child?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('GET /v1/models: OpenAI\'s list, exactly the ids and adapter names, as JSON', async () => {
    const answer = await get(port, '/v1/models');
    expect([answer.status, answer.type]).toEqual([200, 'application/json']);
    expect(JSON.parse(answer.body)).toEqual({
      object: 'list',
      data: ['we"ird\\mo$del{x};', 'Gemma', 'gemma', 'gemma:sql'].map((id) => ({ id, object: 'model', created: 0, owned_by: 'ray-llm-gateway' })),
    });
  });

  test('GET /v1/models/{id}: each object, the id percent-encoded as clients send it, case-sensitive', async () => {
    for (const id of ['we"ird\\mo$del{x};', 'Gemma', 'gemma', 'gemma:sql']) {
      const answer = await get(port, `/v1/models/${encodeURIComponent(id)}`);
      expect([id, answer.status, JSON.parse(answer.body)]).toEqual([id, 200, { id, object: 'model', created: 0, owned_by: 'ray-llm-gateway' }]);
    }
  });

  test('an unknown id (or any other path): 404 with OpenAI\'s error object', async () => {
    for (const p of ['/v1/models/GEMMA', '/v1/models/nope', '/v1/chat/completions']) {
      const answer = await get(port, p);
      expect([p, answer.status, JSON.parse(answer.body).error.code]).toEqual([p, 404, 'model_not_found']);
    }
  });
});
