/**
 * The upgrade in the plan (issue #31 item 4): a list change compared with the committed output says,
 * per RayService, "in place" or "new cluster, +N GPUs" (KubeRay's cluster hash:
 * lib/facts/kuberay-upgrade.ts), and every RayService carries `ray.io/initializing-timeout`.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadModelList, planModels } from '../lib';
import { INITIALIZING_TIMEOUT_ANNOTATION } from '../lib/facts/kuberay-upgrade';
import { defaultInitializingTimeoutSeconds, INITIALIZING_TIMEOUT_RULE } from '../lib/plan/initializing-timeout';
import { coldStartEstimate } from '../lib/plan/cold-start';
import { changeOf, RayServiceObject } from '../lib/plan/upgrade-plan';
import { chartFilesOnDemand, committedOutput, folderOutput, manifestFiles, parseRayServices, rayServiceDocs, upgradeReport } from '../lib/synth';
import { deployFiles } from '../lib/plan/deploy-files';
import { K8sObject, statusReport } from '../scripts/verify/status';
import { listProblems } from './support/problems';
import { ofKind, synthObjects } from './support/synth';

const REPO = path.resolve(__dirname, '..');
type Model = Record<string, unknown>;
const base = (): { models: Model[] } => ({
  models: [
    { id: 'gemma-2b-it', source: 'google/gemma-2b-it', minReplicas: 2, maxReplicas: 2 },
    { id: 'qwen-2.5-3b', source: 'Qwen/Qwen2.5-3B', minReplicas: 2, maxReplicas: 2 },
  ],
});
const edited = (change: Model) => {
  const list = base();
  list.models[0] = { ...list.models[0], ...change };
  return list;
};
const manifestsOf = (list: unknown) => manifestFiles(chartFilesOnDemand(planModels(list as never)));

/** The base list's output, written to a folder (the "committed" output). */
function committedFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rlg-upgrade-'));
  for (const [file, text] of Object.entries(manifestsOf(base()))) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}
const report = (list: unknown, dir: string) => upgradeReport(planModels(list as never), manifestsOf(list), folderOutput(dir));

describe('the upgrade in the plan', () => {
  const dir = committedFolder();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a worker.memory change is a new cluster: +2 GPUs (its 2 workers), the nodes and price, covered by the pool headroom', () => {
    expect(report(edited({ worker: { memory: '20Gi' } }), dir)).toEqual([
      `upgrade: compared with ${dir}`,
      expect.stringMatching(/^upgrade default\/gemma-2b-it: new cluster, \+2 GPUs \(nvidia-l4\), \+2 nodes, ~\+\$1\.\d\d\/hour until the switch \(changed: rayClusterConfig\)$/),
      'upgrade pool gpu-nvidia-l4: the new clusters need 2 more node(s) at once; upgrade headroom 4: covered',
    ]);
  });

  test('an engineKwargs change is in place (only serveConfigV2 changed)', () => {
    expect(report(edited({ engineKwargs: { max_model_len: 4096 } }), dir)).toEqual([
      `upgrade: compared with ${dir}`,
      'upgrade default/gemma-2b-it: in place (changed: serveConfigV2)',
    ]);
  });

  test('replica counts alone are in place: KubeRay leaves replicas, minReplicas, maxReplicas out of its hash', () => {
    expect(report(edited({ minReplicas: 3, maxReplicas: 3 }), dir)[1]).toBe('upgrade default/gemma-2b-it: in place (changed: rayClusterConfig, serveConfigV2)');
  });

  test('turning on autoscaling (min < max) is a new cluster: it adds the autoscaler to rayClusterConfig', () => {
    expect(report(edited({ minReplicas: 1, maxReplicas: 3 }), dir)[1]).toMatch(/^upgrade default\/gemma-2b-it: new cluster, \+1 GPUs \(nvidia-l4\), \+1 nodes, /);
  });

  test('no change, a model added and one removed', () => {
    expect(report(base(), dir)).toEqual([`upgrade: compared with ${dir}`, 'upgrade: no RayService changes against the committed output']);
    const list = base();
    list.models = [list.models[0], { id: 'llama', source: 'meta-llama/Llama-3.2-1B' }];
    expect(report(list, dir).slice(1)).toEqual(['upgrade default/llama: added', 'upgrade default/qwen-25-3b: removed']);
  });

  test('with upgrade: none a cluster change waits; the GPUs of two upgrades at once are added up per pool', () => {
    expect(report(edited({ upgrade: 'none', image: 'rayproject/ray-llm:2.54.0-py311-cu128-b' }), dir)[1]).toBe('upgrade default/gemma-2b-it: waits (upgrade: none) (changed: rayClusterConfig, upgradeStrategy)');
    const both = base();
    both.models = both.models.map((m) => ({ ...m, head: { cpu: '3' } }));
    expect(report(both, dir).slice(-1)).toEqual(['upgrade pool gpu-nvidia-l4: the new clusters need 4 more node(s) at once; upgrade headroom 4: covered']);
  });

  test('appending a worker group updates the running cluster (KubeRay\'s partial hash); changing one does not', () => {
    const group = { groupName: 'gpu', replicas: 1, template: { spec: { containers: [{ name: 'llm', image: 'a' }] } } };
    const rs = (groups: unknown[]): RayServiceObject => ({ metadata: { name: 'x' }, spec: { rayClusterConfig: { rayVersion: '2.54.0', workerGroupSpecs: groups } } });
    expect(changeOf(rs([group]), rs([group, { ...group, groupName: 'more' }]))?.kind).toBe('in place');
    expect(changeOf(rs([group]), rs([{ ...group, groupName: 'renamed' }]))?.kind).toBe('new cluster');
    expect(changeOf(rs([group]), rs([{ ...group, replicas: 5, scaleStrategy: { workersToDelete: ['p'] } }]))?.kind).toBe('in place');
  });

  test('a fleet: the new cluster in each of the model\'s clusters, headroom per cluster and pool', () => {
    const fleet = (memory?: string) => ({
      gateway: { className: 'gke-l7-rilb-mc', bodyBasedRouting: false },
      clusters: [{ name: 'a', region: 'us-central1' }, { name: 'b', region: 'us-central1', config: true }],
      models: [{ id: 'gemma-2b-it', source: 'google/gemma-2b-it', ...(memory ? { worker: { memory } } : {}) }, { id: 'qwen', source: 'Qwen/Qwen2.5-3B', clusters: ['a'] }],
    });
    const before = manifestsOf(fleet());
    const committed = { from: 'before', rayServices: rayServiceDocs(Object.values(before)) };
    const lines = upgradeReport(planModels(fleet('20Gi') as never), manifestsOf(fleet('20Gi')), committed);
    expect(lines[1]).toMatch(/^upgrade default\/gemma-2b-it: new cluster, \+2 GPUs \(nvidia-l4\), \+2 nodes, ~\+\$1\.\d\d\/hour until the switch in each of its clusters \(a, b\) \(changed: rayClusterConfig\)$/);
    expect(lines.slice(2)).toEqual([
      'upgrade pool a/gpu-nvidia-l4: the new clusters need 2 more node(s) at once; upgrade headroom 4: covered',
      'upgrade pool b/gpu-nvidia-l4: the new clusters need 2 more node(s) at once; upgrade headroom 2: covered',
    ]);
  });

  test('npm run plan --against=DIR prints the comparison after the capacity lines', () => {
    const list = path.join(dir, 'edited.yaml');
    fs.writeFileSync(list, JSON.stringify(edited({ worker: { memory: '20Gi' } })));
    const out = execFileSync(path.join(REPO, 'node_modules/.bin/tsx'), ['scripts/plan.ts', list, `--against=${dir}`], { cwd: REPO, encoding: 'utf8' });
    expect(out).toMatch(/^cluster: nodes steady\/upgrade: .*\nPrices: .*\nupgrade: compared with .*\nupgrade default\/gemma-2b-it: new cluster, \+2 GPUs \(nvidia-l4\)/);
  });
});

describe('the committed output', () => {
  test('dist/ at git HEAD of a checkout; outside a git checkout the comparison says so and is skipped', () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'rlg-committed-'));
    try {
      const dist = path.join(repo, 'dist');
      expect(committedOutput(dist)).toEqual({ skipped: 'not a git checkout with a commit: no committed output to compare with' });
      for (const [file, text] of Object.entries(manifestsOf(base()))) {
        fs.mkdirSync(path.dirname(path.join(dist, file)), { recursive: true });
        fs.writeFileSync(path.join(dist, file), text);
      }
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, stdio: 'ignore' });
      git('init', '-q');
      git('add', '.');
      git('commit', '-q', '-m', 'x');
      // The working copy changes; HEAD is what counts.
      fs.rmSync(path.join(dist, 'default'), { recursive: true });
      const committed = committedOutput(dist);
      expect('rayServices' in committed && parseRayServices(committed.rayServices).map((o) => o.metadata?.name)).toEqual(['gemma-2b-it', 'qwen-25-3b']);
      expect(upgradeReport(planModels(edited({ engineKwargs: { max_model_len: 4096 } }) as never), manifestsOf(edited({ engineKwargs: { max_model_len: 4096 } })), committed)).toEqual([
        'upgrade: compared with dist/ at git HEAD', 'upgrade default/gemma-2b-it: in place (changed: serveConfigV2)',
      ]);
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });
});

describe('ray.io/initializing-timeout', () => {
  const annotations = (list: unknown) => Object.fromEntries(ofKind(synthObjects(list), 'RayService').map((o) => [o.metadata.name, (o.metadata.annotations as Record<string, string> | undefined)?.[INITIALIZING_TIMEOUT_ANNOTATION]]));

  test('default: twice the cold-start estimate rounded up to 5 minutes, at least 10 minutes (the seed: 250 s and 262 s -> 10m)', () => {
    const plan = planModels(loadModelList(path.join(REPO, 'test/fixtures/lists/seed.yaml')));
    expect(plan.models.map((m) => coldStartEstimate(m.deployments[0]).totalSeconds)).toEqual([250, 262]);
    expect(annotations(loadModelList(path.join(REPO, 'test/fixtures/lists/seed.yaml')))).toEqual({ 'gemma-2b-it': '10m', 'qwen-25-3b': '10m' });
  });

  test('a large model: 2 x estimate rounded up; an unknown size: 30 minutes', () => {
    const plan = planModels({ models: [
      { id: 'big', source: 'org/big-70b', accelerator: 'nvidia-h100-80gb', gpusPerReplica: 4, weightsGiB: 140 },
      { id: 'unknown', source: 'org/mystery' },
    ] } as never);
    const [big, unknown] = plan.models.map((m) => m.deployments[0]);
    const estimate = coldStartEstimate(big).totalSeconds!;
    expect(big.initializingTimeoutSeconds).toBe(Math.max(Math.ceil((2 * estimate) / 300) * 300, 600));
    expect(big.initializingTimeoutSeconds).toBeGreaterThan(600);
    expect(unknown.initializingTimeoutSeconds).toBe(INITIALIZING_TIMEOUT_RULE.unknownEstimate);
    expect(defaultInitializingTimeoutSeconds(unknown)).toBe(1800);
  });

  test('set per model and per canary; the value is a Go duration KubeRay accepts (whole minutes, else seconds)', () => {
    expect(annotations({ models: [
      { id: 'a', source: 'google/gemma-2b-it', initializingTimeoutSeconds: 1200, canary: { weight: 10, initializingTimeoutSeconds: 90 } },
    ] })).toEqual({ a: '20m', 'a-canary': '90s' });
  });

  test('a bad value names the model and the field', () => {
    expect(listProblems({ models: [{ id: 'a', source: 'google/gemma-2b-it', initializingTimeoutSeconds: 30 }] })).toEqual([
      'models[0] "a": initializingTimeoutSeconds must be a whole number from 60 to 86400 (got 30)',
    ]);
  });

  test('status names a RayService that hit it, with the annotation\'s value and what to do', () => {
    const plan = JSON.parse(deployFiles(planModels(loadModelList(path.join(REPO, 'test/fixtures/lists/cluster/smoke.yaml'))), 'deploy')['verify-plan.json']);
    const items: K8sObject[] = JSON.parse(fs.readFileSync(path.join(REPO, 'test/fixtures/status/healthy/default.json'), 'utf8')).items;
    const rs = items.find((o) => o.kind === 'RayService' && o.metadata.name === 'qwen-25-3b')!;
    rs.metadata.annotations = { [INITIALIZING_TIMEOUT_ANNOTATION]: '10m' };
    rs.status = { conditions: [{ type: 'Ready', status: 'False', reason: 'InitializingTimeout', message: 'RayService failed to become ready within the configured timeout of 10m0s.' }] };
    const row = statusReport(plan, [items]).clusters[0].rows.find((r) => r.name === 'default/qwen-25-3b')!;
    expect(row.healthy).toBe(false);
    expect(row.detail).toContain('Ready False (InitializingTimeout: RayService failed to become ready within the configured timeout of 10m0s.)');
    expect(row.hint).toMatch(/^hit its ray\.io\/initializing-timeout \(10m\): KubeRay deleted its Ray cluster and will not retry\. .*delete rayservices\.ray\.io --namespace=default qwen-25-3b and run scripts\/cluster\.sh up again$/);
  });
});
