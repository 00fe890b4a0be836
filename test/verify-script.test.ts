/**
 * `scripts/cluster.sh status`, `test` and `up --wait` with the recording stand-ins: the kubectl
 * stand-in answers `get -o json` from recorded answers (test/fixtures/status/CASE/default.json) and
 * each smoke request from CASE/smoke/MODEL.out. The plan is the fixture list
 * test/fixtures/lists/cluster/smoke.yaml (two models, one LoRA adapter), as synth writes it.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadModelList, planModels } from '../lib';
import { deployFiles } from '../lib/plan/deploy-files';
import { SMOKE_IMAGE, VerifyPlan } from '../lib/plan/verify-plan';
import { RAY_SERVICE_POD_LABEL } from '../lib/facts/ray';
import { smokePod } from '../scripts/verify/smoke';
import { isAddress } from '../scripts/verify/status';
import { tsv } from '../scripts/verify';
import { egressAllowed } from './support/network-policy';
import { synthObjects } from './support/synth';

const REPO = path.resolve(__dirname, '..');
const SCRIPT = path.join(REPO, 'scripts', 'cluster.sh');
const STAND_INS = path.join(REPO, 'test', 'stand-ins');
const STATUS = path.join(REPO, 'test', 'fixtures', 'status');
const LIST = path.join(REPO, 'test', 'fixtures', 'lists', 'cluster', 'smoke.yaml');
const TOKEN = 'hf_TESTTOKEN_verify_987';
const CTX = '--context=gke_test-project_us-central1-b_test-cluster';
const POD = 'ray-llm-gateway-smoke';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-sh-test-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const files = deployFiles(planModels(loadModelList(LIST)), 'test/fixtures/cluster', 'test/fixtures/cluster/dist');
const PLAN_FILE = path.join(work, 'verify-plan.json');
const STEPS_FILE = path.join(work, 'cluster-steps.tsv');
fs.writeFileSync(PLAN_FILE, files['verify-plan.json']);
fs.writeFileSync(STEPS_FILE, files['cluster-steps.tsv']);
const plan: VerifyPlan = JSON.parse(files['verify-plan.json']);

interface Result { status: number | null; stdout: string; stderr: string; calls: string[] }
const everything: string[] = [];

let runs = 0;
function run(args: string[], fixture: string, env: Record<string, string> = {}): Result {
  const dir = path.join(work, `run-${runs++}`);
  fs.mkdirSync(dir);
  const log = path.join(dir, 'calls.log');
  const result = spawnSync('bash', [SCRIPT, ...args], {
    cwd: dir, encoding: 'utf8', timeout: 60000, input: '',
    env: {
      PATH: `${STAND_INS}:/usr/bin:/bin`, HOME: dir, LANG: 'C', STANDIN_LOG: log, STANDIN_STDIN_LOG: path.join(dir, 'stdin.log'),
      STANDIN_STATUS_DIR: path.resolve(STATUS, fixture), CLUSTER_STEPS: STEPS_FILE, VERIFY_PLAN: PLAN_FILE,
      PROJECT_ID: 'test-project', CLUSTER: 'test-cluster', HUGGING_FACE_TOKEN: TOKEN, WAIT_INTERVAL: '0', ...env,
    },
  });
  const calls = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter((l) => l).map((l) => l.split('\t').join(' ')) : [];
  everything.push(result.stdout, result.stderr, ...calls, fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '');
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls };
}

const kubectl = (calls: string[]) => calls.filter((c) => c.startsWith('kubectl '));
const GET = `kubectl ${CTX} get rayservices.ray.io,pods,events,deployments.apps,gateways.gateway.networking.k8s.io,httproutes.gateway.networking.k8s.io,healthcheckpolicies.networking.gke.io,gcpbackendpolicies.networking.gke.io --namespace=default --output=json`;
const DELETE = `kubectl ${CTX} delete pod ${POD} --namespace=default --ignore-not-found --wait=false`;
const sent = (calls: string[]) => calls.filter((c) => c.includes(' exec ')).map((c) => /"model":"([^"]*)"/.exec(c)![1]);

describe('cluster.sh status', () => {
  test('healthy: one kubectl get -o json per namespace, one table, exit 0', () => {
    const r = run(['status'], 'healthy');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.calls).toEqual([GET]);
    expect(r.stdout).toContain('cluster test-cluster (gke_test-project_us-central1-b_test-cluster)');
    expect(r.stdout).toMatch(/RayService +default\/gemma-2b-it +yes +Ready True/);
    expect(r.stdout).toMatch(/Gateway +default\/ray-multi-model-gateway +yes +Programmed True \(Programmed\); address 10\.128\.0\.50/);
    expect(r.stdout).toMatch(/HTTPRoute +default\/ray-multi-model-route +yes +Accepted True/);
    expect(r.stdout).toMatch(/HealthCheckPolicy +default\/qwen-25-3b-serve-healthcheck +yes/);
    expect(r.stdout).toMatch(/GCPBackendPolicy +default\/qwen-25-3b-serve-backend +yes/);
    expect(r.stdout).toMatch(/Deployment +default\/body-based-router +yes +router: 1\/1 ready/);
    expect(r.stdout).toContain('status: healthy (9 objects)');
  });

  test('pending head: names the pod and the scheduler\'s reason (Insufficient cpu), exit 1', () => {
    const r = run(['status'], 'pending-head');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/RayService +default\/gemma-2b-it +NO +Ready False \(Initializing\); no Serve application reported; 0 serve endpoint\(s\); pod gemma-2b-it-x7k2p-head-4bq9s pending: Unschedulable: 0\/3 nodes are available: 3 Insufficient cpu/);
    expect(r.stdout).toMatch(/RayService +default\/qwen-25-3b +yes/);
    expect(r.stdout).toContain('status: 1 of 9 objects not healthy');
  });

  test('route not accepted, as JSON: the route row says Accepted False with its reason', () => {
    const r = run(['status', '--json'], 'route-not-accepted');
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.healthy).toBe(false);
    const bad = report.clusters[0].rows.filter((row: { healthy: boolean }) => !row.healthy);
    expect(bad).toEqual([{ kind: 'HTTPRoute', name: 'default/ray-multi-model-route', healthy: false, detail: expect.stringContaining('Accepted False (NotAllowedByListeners') }]);
  });

  test('operator blocked: FailedToUpdateServeApplications while the head runs -> says so and how to check', () => {
    const r = run(['status'], 'operator-blocked');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('default/gemma-2b-it: the KubeRay operator is likely blocked from the head\'s dashboard (port 8265)');
    expect(r.stdout).toContain('dial tcp 10.52.1.7:8265: i/o timeout');
    expect(r.stdout).toContain(`kubectl ${CTX} get events --namespace=default --field-selector=involvedObject.name=gemma-2b-it`);
    expect(r.stdout).toContain('kubectl get pods --all-namespaces -l app.kubernetes.io/component=kuberay-operator');
  });

  test('no objects at all (nothing applied): every row not found, exit 1', () => {
    const r = run(['status'], 'none');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('status: 9 of 9 objects not healthy');
    expect(r.stdout).toMatch(/RayService +default\/gemma-2b-it +NO +not found/);
  });

  test('status and test refuse --dry-run; --wait is for up only', () => {
    expect(run(['status', '--dry-run'], 'healthy').stderr).toContain('status only reads');
    expect(run(['test', '--wait'], 'healthy').stderr).toContain('--wait is for up');
  });
});

describe('cluster.sh test', () => {
  test('healthy: status read, smoke pod created, one request per model, adapter and unknown name, pod deleted; exit 0', () => {
    const r = run(['test'], 'healthy');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const calls = kubectl(r.calls);
    expect(calls[0]).toBe(GET);
    expect(calls[1]).toBe(`kubectl ${CTX} delete pod ${POD} --namespace=default --ignore-not-found`);
    expect(calls[2]).toMatch(new RegExp(`^kubectl ${CTX} create --filename=/.*/smoke-pod\\.json$`));
    expect(calls[3]).toBe(`kubectl ${CTX} wait --for=condition=Ready pod/${POD} --namespace=default --timeout=180s`);
    expect(sent(calls)).toEqual(['gemma-2b-it', 'gemma-2b-it:sql', 'qwen-2.5-3b', 'ray-llm-gateway-smoke-no-such-model']);
    expect(calls.filter((c) => c.includes(' exec '))[0]).toBe(`kubectl ${CTX} exec ${POD} --namespace=default -- curl -sS --max-time 300 --write-out \\n%{http_code} %{time_total} --header Content-Type: application/json --data {"model":"gemma-2b-it","messages":[{"role":"user","content":"Say hi."}],"max_tokens":8} http://10.128.0.50/v1/chat/completions`);
    expect(calls[calls.length - 1]).toBe(DELETE);
    expect(calls).toHaveLength(9);
    expect(r.stdout).toMatch(/gemma-2b-it +200 +gemma-2b-it +412 ms +ok/);
    expect(r.stdout).toMatch(/gemma-2b-it:sql +200 +gemma-2b-it:sql +455 ms +ok/);
    expect(r.stdout).toMatch(/ray-llm-gateway-smoke-no-such-model \(must not exist\) +404 +- +3 ms +ok/);
    expect(r.stdout).toContain('test: all 4 requests answered as expected');
  });

  test('route not accepted: each model fails, naming the route as the likely cause; the pod is deleted', () => {
    const r = run(['test'], 'route-not-accepted');
    expect(r.status).toBe(1);
    for (const model of ['gemma-2b-it', 'gemma-2b-it:sql', 'qwen-2.5-3b']) {
      expect(r.stdout).toContain(`error: ${model}: route not accepted: default/ray-multi-model-route (Accepted False (NotAllowedByListeners`);
    }
    expect(r.stdout).toContain('test: 3 of 4 requests failed');
    expect(kubectl(r.calls).pop()).toBe(DELETE);
  });

  test('pending head: that model fails with "no endpoints" and the scheduler\'s reason; the other answers', () => {
    const r = run(['test'], 'pending-head');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/error: gemma-2b-it: no endpoints: RayService default\/gemma-2b-it not ready .*Insufficient cpu/);
    expect(r.stdout).toMatch(/qwen-2\.5-3b +200 +qwen-2\.5-3b .* ok/);
    expect(r.stdout).not.toContain('error: qwen-2.5-3b');
  });

  test('a 404 from Ray for the adapter names Ray as the cause; the unknown name got its 404 from the load balancer', () => {
    const r = run(['test'], 'ray-404');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('error: gemma-2b-it:sql: 404 from Ray: the Serve application does not serve this name');
    expect(r.stdout).toContain('test: 1 of 4 requests failed');
  });

  test('the smoke pod is deleted also when it never becomes ready (the script stops at that step)', () => {
    const r = run(['test'], 'healthy', { STANDIN_FAIL: 'wait --for=condition=Ready' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('failed');
    const calls = kubectl(r.calls);
    expect(calls.filter((c) => c.includes(' exec '))).toEqual([]);
    expect(calls[calls.length - 1]).toBe(DELETE);
  });

  test('the smoke pod is deleted when a request fails (kubectl exec exits non-zero)', () => {
    const r = run(['test'], 'healthy', { STANDIN_FAIL: ' exec ' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('no answer from the Gateway address');
    expect(kubectl(r.calls).pop()).toBe(DELETE);
  });

  test('no Gateway address: stops before creating any pod, naming the Gateway', () => {
    const r = run(['test'], 'none');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('the Gateway default/ray-multi-model-gateway has no address yet');
    expect(kubectl(r.calls)).toEqual([GET]);
  });
});

describe('data read from the cluster is data (issue #28)', () => {
  test('a Gateway address that is no IP address or DNS name never reaches a command line (a newline in it ran kubectl before)', () => {
    const fixture = path.join(work, 'status-injected');
    fs.cpSync(path.join(STATUS, 'healthy'), fixture, { recursive: true });
    const file = path.join(fixture, 'default.json');
    const list = JSON.parse(fs.readFileSync(file, 'utf8'));
    const gateway = list.items.find((o: { kind: string }) => o.kind === 'Gateway');
    gateway.status.addresses = [{ type: 'example.com/free-text', value: '10.128.0.50\nrun\t-\tkubectl\tdelete\tnamespace\tvictim' }];
    fs.writeFileSync(file, JSON.stringify(list));
    const r = run(['test'], fixture);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('the Gateway default/ray-multi-model-gateway has no address yet');
    expect(kubectl(r.calls)).toEqual([GET]);
    expect(r.calls.join('\n')).not.toContain('victim');
  });

  test('verify lines refuse a word with a TAB or line break instead of writing it', () => {
    expect(() => tsv(['run', '-', 'kubectl', 'get', 'pod\nx'])).toThrow(/cannot be one word/);
    expect(() => tsv(['run', '-', 'kubectl', 'a\tb'])).toThrow(/cannot be one word/);
    expect(tsv(['get', 'f.json', 'kubectl'])).toBe('get\tf.json\tkubectl');
    expect(isAddress('10.0.0.1')).toBe(true);
    expect(isAddress('fd00::1')).toBe(true);
    expect(isAddress('gw.example.com')).toBe(true);
    for (const bad of ['10.0.0.1\nx', 'a b', '-x', '', 'a;b', '$(id)']) expect(isAddress(bad)).toBe(false);
  });
});

describe('cluster.sh up --wait', () => {
  test('pending head, WAIT_TIMEOUT=0: one progress line, the table, exit 1; no smoke pod', () => {
    const r = run(['up', '--wait'], 'pending-head', { WAIT_TIMEOUT: '0' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^wait \(\d+s of 0s\): 8\/9 healthy; waiting for RayService default\/gemma-2b-it: .*Insufficient cpu/m);
    expect(r.stdout).toContain('status: 1 of 9 objects not healthy');
    expect(r.stderr).toContain('not healthy after 0s (WAIT_TIMEOUT)');
    expect(r.calls.some((c) => c.includes(' create --filename='))).toBe(false);
  });

  test('healthy: after the steps, waits, then runs the test; exit 0', () => {
    const r = run(['up', '--wait'], 'healthy');
    expect(r.status).toBe(0);
    const done = r.stdout.indexOf('done: ');
    expect(done).toBeGreaterThan(0);
    expect(r.stdout.indexOf('wait: 9/9 healthy')).toBeGreaterThan(done);
    expect(r.stdout).toContain('test: all 4 requests answered as expected');
    expect(kubectl(r.calls).pop()).toBe(DELETE);
  });
});

describe('the smoke pod', () => {
  test('no token, no privileges, pinned image, in the Gateway\'s namespace', () => {
    const pod = smokePod(plan) as any;
    expect(pod.metadata.namespace).toBe('default');
    expect(pod.spec.automountServiceAccountToken).toBe(false);
    expect(pod.spec.serviceAccountName).toBeUndefined();
    expect(pod.spec.containers[0].image).toBe(SMOKE_IMAGE);
    expect(SMOKE_IMAGE).toMatch(/^curlimages\/curl:\d+\.\d+\.\d+$/);
    expect(pod.spec.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(pod.metadata.labels[RAY_SERVICE_POD_LABEL]).toBeUndefined();
  });

  test('our NetworkPolicies (egress restricted too) do not stop it from calling the Gateway address', () => {
    const list = { models: [{ id: 'gemma-2b-it', source: 'google/gemma-2b-it' }], security: { egress: 'restricted' } };
    const objects = synthObjects(list);
    expect(objects.filter((o) => o.kind === 'NetworkPolicy').length).toBeGreaterThan(1);
    const pod = smokePod(plan) as any;
    expect(egressAllowed(objects, { namespace: 'default', labels: pod.metadata.labels }, { ip: '10.128.0.50' }, 80)).toBe(true);
  });
});

describe('the verify plan (deploy/verify-plan.json)', () => {
  test('adapters are sent as <id>:<adapter>; routes, policies and the router are in the config cluster only', () => {
    expect(plan.models.map((m) => [m.id, m.adapters])).toEqual([['gemma-2b-it', ['gemma-2b-it:sql']], ['qwen-2.5-3b', []]]);
    const fleetFiles = deployFiles(planModels(loadModelList(path.join(REPO, 'test', 'fixtures', 'lists', 'cluster', 'multi-global.yaml'))), 'deploy', 'dist');
    const fleet: VerifyPlan = JSON.parse(fleetFiles['verify-plan.json']);
    const config = fleet.clusters.filter((c) => c.config);
    expect(config).toHaveLength(1);
    expect(fleet.smoke.cluster).toBe(config[0].name);
    for (const c of fleet.clusters.filter((x) => !x.config)) {
      expect([c.gateway, c.router, c.routes.length, c.policies.length]).toEqual([undefined, undefined, 0, 0]);
      expect(c.context).toMatch(new RegExp(`^gke_\\{project\\}_[a-z0-9-]+_${c.name}$`));
    }
  });
});

describe('the token', () => {
  test('no run above printed it or passed it to a command (HUGGING_FACE_TOKEN was set in each)', () => {
    expect(runs).toBeGreaterThan(10);
    expect(everything.join('\n')).not.toContain(TOKEN);
  });
});
