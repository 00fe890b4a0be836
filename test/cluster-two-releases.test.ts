/**
 * The namespace and ApplySet lines of deploy/cluster-steps.tsv, run with the real kubectl against
 * the real kube-apiserver (test/support/control-plane.ts). Each list is synthesized into a temp
 * folder as synth does (dist/ from the charts, deploy/ from lib/plan/deploy-files.ts with the dist
 * file names), and the exact argv of its step lines is run there, placeholders filled as
 * scripts/cluster.sh fills them (the kube context is a copy of the control plane's, renamed to the
 * one the step file names). Issue #28: two releases in one namespace leave each other's objects
 * untouched; `down` leaves a namespace that existed before (and its data) intact.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildCharts } from '../lib';
import { manifestFiles } from '../lib/synth';
import { deployFiles } from '../lib/plan/deploy-files';
import { controlPlane, describeWithControlPlane, RUN_DIR_ENV } from './support/control-plane';
import { holdNodes, releaseNodes } from './support/planned-nodes';
import { planAnyList } from './support/problems';

const FILL: Record<string, string> = { '{project}': 'test-project', '{location}': 'us-central1-b', '{cluster}': 'test-cluster', '{region}': 'us-central1' };
const CONTEXT = 'gke_test-project_us-central1-b_test-cluster';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'two-releases-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const list = (release: string, namespace: string, models: string[]) => ({
  release, namespace: `gw-${release}`, gateway: { name: `gw-${release}` },
  models: models.map((id) => ({ id, source: `org/${id}`, namespace, minReplicas: 1, maxReplicas: 1 })),
});

/** Synthesizes the list into work/NAME (dist/ and deploy/ as synth writes them); returns that folder. */
function synth(name: string, spec: unknown): string {
  const root = path.join(work, name);
  fs.rmSync(root, { recursive: true, force: true });
  const plan = planAnyList(spec);
  const dist = manifestFiles(buildCharts(plan));
  const files = { ...Object.fromEntries(Object.entries(dist).map(([f, t]) => [`dist/${f}`, t])),
    ...Object.fromEntries(Object.entries(deployFiles(plan, 'deploy', 'dist', Object.keys(dist))).map(([f, t]) => [`deploy/${f}`, t])) };
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

/** The argv lines of KIND of step ID (of `down` for a delete or listed line, else of `up`) in ROOT's step file, placeholders filled. */
function lines(root: string, id: string, kind: string): string[][] {
  const text = fs.readFileSync(path.join(root, 'deploy/cluster-steps.tsv'), 'utf8').split('\n');
  const phase = kind === 'delete' || kind === 'listed' ? 'down' : 'up';
  const start = text.findIndex((l) => l === `step\t${phase}\t${id}\t${l.split('\t')[3]}`);
  expect({ id, found: start >= 0 }).toEqual({ id, found: true });
  const end = text.findIndex((l, i) => i > start && l.startsWith('step\t'));
  return text.slice(start + 1, end < 0 ? undefined : end).filter((l) => l.split('\t')[0] === kind)
    .map((l) => l.split('\t').slice(1).map((w) => Object.entries(FILL).reduce((s, [k, v]) => s.split(k).join(v), w)));
}

let kubeconfig = '';
function run(root: string, argv: string[]): { status: number; stdout: string; stderr: string } {
  const out = spawnSync(argv[0], argv.slice(1), { cwd: root, encoding: 'utf8', env: { ...process.env, KUBECONFIG: kubeconfig } });
  return { status: out.status ?? 1, stdout: out.stdout ?? '', stderr: out.stderr ?? '' };
}
/** Runs every KIND line of step ID; each must succeed. */
function runStep(root: string, id: string, kind: string): string {
  let all = '';
  for (const argv of lines(root, id, kind)) {
    const out = run(root, argv);
    expect({ argv: argv.join(' '), status: out.status, stderr: out.status === 0 ? '' : out.stderr }).toEqual({ argv: argv.join(' '), status: 0, stderr: '' });
    all += out.stdout;
  }
  return all;
}
/** up's namespace step as cluster.sh runs it: its check, then its create only when absent; then the ApplySet clean-up. */
function upNamespace(root: string, ns: string): void {
  const [check] = lines(root, `namespace:{cluster}/${ns}`, 'check');
  if (run(root, check).status !== 0) runStep(root, `namespace:{cluster}/${ns}`, 'create');
  runStep(root, `namespace-unlisted:{cluster}/${ns}`, 'create');
}

/** The objects of KIND in NS not being deleted (a RayService may keep its finalizer here: the operator may not run). */
const names = (kind: string, ns: string) => {
  const out = controlPlane()!.kubectl(['get', kind, '--namespace', ns, '--output=json']);
  expect(out.stderr).toBe('');
  const items = (JSON.parse(out.stdout) as { items: { metadata: { name: string; deletionTimestamp?: string } }[] }).items;
  return items.filter((o) => !o.metadata.deletionTimestamp).map((o) => o.metadata.name).sort();
};

/** Every namespace this file's releases use (their Gateways' and their models'). */
const NAMESPACES = ['shared-rel', 'pre-existing', 'gw-alpha', 'gw-beta', 'gw-gamma'];

/**
 * The real KubeRay operator may run in this control plane (test/kuberay-operator.test.ts starts it
 * once per run): it reconciles the RayServices applied here into RayClusters and pods, which the
 * real scheduler would bind on the Nodes of the scheduler and operator tests. So this file holds
 * their Nodes lock (no Nodes exist meanwhile: those pods stay Pending) and, before releasing it,
 * removes every RayService, RayCluster and pod of its namespaces (finalizers dropped: the operator
 * may not be running to remove them).
 */
function removeRayObjects(): void {
  const cp = controlPlane()!;
  for (const ns of NAMESPACES) {
    for (const kind of ['rayservices.ray.io', 'rayclusters.ray.io']) {
      const listed = cp.kubectl(['get', kind, `--namespace=${ns}`, '--output=name']).stdout.split('\n').filter(Boolean);
      for (const name of listed) cp.kubectl(['patch', name, `--namespace=${ns}`, '--type=merge', '--patch={"metadata":{"finalizers":null}}']);
      cp.kubectl(['delete', kind, '--all', `--namespace=${ns}`, '--ignore-not-found', '--wait=true', '--timeout=60s']);
    }
    cp.kubectl(['delete', 'pods', '--all', `--namespace=${ns}`, '--ignore-not-found', '--force', '--grace-period=0']);
  }
}

describeWithControlPlane('the step file\'s namespace and ApplySet lines on the real kube-apiserver (issue #28)', () => {
  afterAll(() => {
    try {
      removeRayObjects();
    } finally {
      releaseNodes(process.env[RUN_DIR_ENV] as string);
    }
  }, 300_000);

  beforeAll(() => {
    holdNodes(process.env[RUN_DIR_ENV] as string);
    const cp = controlPlane()!;
    kubeconfig = path.join(work, 'kubeconfig');
    fs.copyFileSync(cp.kubeconfig, kubeconfig);
    const current = spawnSync('kubectl', ['config', 'current-context'], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: kubeconfig } }).stdout.trim();
    expect(spawnSync('kubectl', ['config', 'rename-context', current, CONTEXT], { env: { ...process.env, KUBECONFIG: kubeconfig } }).status).toBe(0);
  }, 300_000);

  test('two releases in one shared namespace, with real `kubectl apply --prune --applyset`, leave each other\'s objects untouched, also when one removes a model', () => {
    const alpha = synth('alpha', list('alpha', 'shared-rel', ['a1', 'a2']));
    const beta = synth('beta', list('beta', 'shared-rel', ['b1']));
    upNamespace(alpha, 'shared-rel');
    runStep(alpha, 'manifests:{cluster}/shared-rel', 'create');
    upNamespace(beta, 'shared-rel');
    runStep(beta, 'manifests:{cluster}/shared-rel', 'create');
    expect(names('rayservices', 'shared-rel')).toEqual(['a1', 'a2', 'b1']);
    // the namespace is alpha's (created marked); beta found it and never marked it
    expect(controlPlane()!.kubectl(['get', 'namespace', 'shared-rel', '--output=jsonpath={.metadata.labels}']).stdout)
      .toMatch(/"ray-llm-gateway\/release":"alpha"/);
    expect(controlPlane()!.kubectl(['get', 'namespace', 'shared-rel', '--output=jsonpath={.metadata.labels}']).stdout).not.toMatch(/applyset/);

    // alpha drops a2: its prune deletes a2 and nothing of beta's
    const alpha2 = synth('alpha', list('alpha', 'shared-rel', ['a1']));
    runStep(alpha2, 'manifests:{cluster}/shared-rel', 'create');
    expect(names('rayservices', 'shared-rel')).toEqual(['a1', 'b1']);
    runStep(beta, 'manifests:{cluster}/shared-rel', 'create');
    expect(names('rayservices', 'shared-rel')).toEqual(['a1', 'b1']);
    expect(controlPlane()!.kubectl(['get', 'namespace', 'shared-rel', '--output=jsonpath={.status.phase}']).stdout).toBe('Active');
  }, 300_000);

  test('down deletes its release\'s objects and leaves a namespace that existed before intact, with its data; even one an earlier up put into the ApplySet', () => {
    const cp = controlPlane()!;
    cp.ensureNamespace('pre-existing');
    expect(cp.kubectl(['create', 'configmap', 'their-data', '--namespace=pre-existing', '--from-literal=k=v']).status).toBe(0);
    const gamma = synth('gamma', list('gamma', 'pre-existing', ['g1']));
    // What an earlier version did: the whole folder, its Namespace object included, applied into the ApplySet.
    const old = run(gamma, ['env', 'KUBECTL_APPLYSET=true', 'kubectl', `--context=${CONTEXT}`, 'apply', '--namespace=pre-existing', '--prune', '--applyset=rlg-gamma', '--recursive', '--filename=dist/pre-existing']);
    expect(old.status).toBe(0);
    expect(cp.kubectl(['get', 'namespace', 'pre-existing', '--output=jsonpath={.metadata.labels}']).stdout).toMatch(/applyset.kubernetes.io\/part-of/);

    upNamespace(gamma, 'pre-existing');
    // up after the fix: the namespace left the ApplySet, so this prune keeps it
    const applied = runStep(gamma, 'manifests:{cluster}/pre-existing', 'create');
    expect(applied).not.toMatch(/namespace\/pre-existing pruned/);
    expect(names('rayservices', 'pre-existing')).toEqual(['g1']);

    // down, as cluster.sh runs it: the manifests and the ApplySet parent; the namespace only when listed (marked)
    runStep(gamma, 'manifests:{cluster}/pre-existing', 'delete');
    expect(runStep(gamma, 'namespace:{cluster}/pre-existing', 'listed')).toBe('');
    expect(names('rayservices', 'pre-existing')).toEqual([]);
    expect(names('secrets', 'pre-existing')).not.toContain('rlg-gamma');
    expect(cp.kubectl(['get', 'namespace', 'pre-existing', '--output=jsonpath={.status.phase}']).stdout).toBe('Active');
    expect(cp.kubectl(['get', 'configmap', 'their-data', '--namespace=pre-existing', '--output=jsonpath={.data.k}']).stdout).toBe('v');

    // a namespace the release created is marked, so its down step lists it (and deletes it)
    const delta = synth('delta', list('delta', 'made-by-delta', ['d1']));
    upNamespace(delta, 'made-by-delta');
    expect(runStep(delta, 'namespace:{cluster}/made-by-delta', 'listed').trim()).toBe('namespace/made-by-delta');
  }, 300_000);
});
