/**
 * Proof with the real kube-scheduler (v1.32, test/support/control-plane.ts): for every fixture list
 * and example, Node objects exactly as the plan's pools make them (capacity and allocatable from
 * lib/facts/gke-allocatable.ts, GKE's labels, the GPU taint, status Ready) and the Pods KubeRay
 * creates from each synthesized RayService (test/support/kuberay-pods.ts), the router's pod, GKE's
 * system pods and per-node DaemonSets (the plan's allowances) are created, and every pod must be
 * bound: at steady state (every model at maxReplicas, pools at their minimum), and during an upgrade
 * of every model (a second Ray cluster of each NewCluster RayService, pools at their maximum).
 * A negative case shows the old plan (gcloud's 3 x e2-medium default pool) leaves heads unbound.
 * Where the real KubeRay operator runs, test/kuberay-operator.test.ts has it make the pods (steady and
 * during a real NewCluster upgrade) for one list per RayService shape, and those lists' cases here are
 * skipped: the hand-made pods stay only for the other lists, where the operator cannot run, and for
 * the negative case. The two files share the Nodes of the
 * run under one lock (test/support/planned-nodes.ts holdNodes); scenarios clean up after themselves.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadModelList, planModels } from '../lib';
import { buildCharts, objectsOf } from '../lib/charts/app';
import { clusterCapacities, ClusterCapacity } from '../lib/plan/capacity-summary';
import { ControlPlane, controlPlane, describeWithControlPlane, RUN_DIR_ENV } from './support/control-plane';
import { operatorSkipReason } from './support/kuberay-operator';
import { everyList } from './support/every-list';
import { rayServicePods, TEST_LABEL } from './support/kuberay-pods';
import { representativeLists } from './support/representative-lists';
import { createNodes, gkePods, must, nodesOf, plainPod, PlannedNode, holdNodes, releaseNodes } from './support/planned-nodes';
import { K8sObject, ROOT } from './support/synth';

const BIND_TIMEOUT_MS = 60_000;

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? yamlFiles(full) : /\.ya?ml$/.test(e.name) ? [full] : [];
  });
}
const LISTS = [
  ...yamlFiles(path.join(ROOT, 'test', 'fixtures', 'lists')),
  ...fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(ROOT, 'examples', f)),
].sort().map((f) => path.relative(ROOT, f));

interface Scenario { list: string; cluster: string; upgrade: boolean; pods: K8sObject[]; nodes: PlannedNode[] }

/** The scenarios of one list: per cluster, steady and upgrade. */
function scenarios(list: string, capacities?: (c: ClusterCapacity) => ClusterCapacity): Scenario[] {
  const plan = planModels(loadModelList(path.join(ROOT, list)));
  const files = buildCharts(plan);
  return clusterCapacities(plan).flatMap((planned) => {
    const c = capacities ? capacities(planned) : planned;
    const inCluster = files.filter((f) => plan.clusters.length === 0 || f.path.startsWith(`${c.cluster}/`));
    const rayServices = inCluster.flatMap((f) => objectsOf(f) as K8sObject[]).filter((o) => o.kind === 'RayService');
    const config = plan.clusters.length === 0 || plan.clusters.some((x) => x.name === c.cluster && x.config);
    return [false, true].map((upgrade) => {
      const nodes = nodesOf(c, (p) => (upgrade ? p.maxNodes : p.nodes));
      const pods = [
        ...rayServices.flatMap((rs) => rayServicePods(rs, (g) => g.maxReplicas)),
        ...(upgrade ? rayServices.filter((rs) => rs.spec.upgradeStrategy?.type === 'NewCluster').flatMap((rs) => rayServicePods(rs, (g) => g.replicas, '-upgrade')) : []),
        ...(config ? [plainPod('body-based-router', plan.namespace, {})] : []),
        ...gkePods(nodes),
      ];
      return { list, cluster: c.cluster, upgrade, pods, nodes };
    });
  });
}

function cleanUp(cp: ControlPlane): void {
  must(cp.kubectl(['delete', 'pods', '--all-namespaces', '-l', TEST_LABEL, '--grace-period=0', '--force', '--ignore-not-found']), 'delete pods');
  must(cp.kubectl(['delete', 'nodes', '-l', TEST_LABEL, '--ignore-not-found']), 'delete nodes');
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Creates the scenario; returns each pod that stays unbound with the scheduler's reason. */
function unbound(cp: ControlPlane, s: Scenario): string[] {
  cleanUp(cp);
  // Each namespace, and the ServiceAccounts its pods run as (no controller makes `default` here).
  for (const ns of new Set(s.pods.map((p) => p.metadata.namespace!))) {
    const accounts = new Set(['default', ...s.pods.filter((p) => p.metadata.namespace === ns).map((p) => p.spec.serviceAccountName ?? 'default')]);
    const objects = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, ...[...accounts].map((name) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns } }))];
    must(cp.kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects })), `namespace ${ns}`);
  }
  createNodes(cp, s.nodes);
  must(cp.kubectl(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: s.pods })), 'create pods');
  const since = Date.now();
  let pending: any[] = [];
  for (;;) {
    const pods = JSON.parse(must(cp.kubectl(['get', 'pods', '--all-namespaces', '-l', TEST_LABEL, '-o', 'json']), 'get pods')).items as any[];
    pending = pods.filter((p) => !p.spec.nodeName);
    if (pods.length === s.pods.length && pending.length === 0) return [];
    // An unschedulable pod has its reason once the scheduler tried; wait for every pending one to have it.
    const reasons = pending.map((p) => (p.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled' && c.status === 'False'));
    if (pending.length > 0 && reasons.every((r) => r?.reason === 'Unschedulable') && Date.now() - since > 5000) break;
    if (Date.now() - since > BIND_TIMEOUT_MS) break;
    sleep(500);
  }
  return pending.map((p) => `${p.metadata.namespace}/${p.metadata.name}: ${(p.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled')?.message ?? 'not scheduled yet'}`);
}

describeWithControlPlane('the real kube-scheduler binds every pod the plan makes room for', () => {
  beforeAll(() => holdNodes(process.env[RUN_DIR_ENV] as string), 1_800_000);
  afterAll(() => {
    try {
      const cp = controlPlane();
      if (cp) cleanUp(cp);
    } finally {
      releaseNodes(process.env[RUN_DIR_ENV] as string);
    }
  });

  // The hand-made pod model only where the real operator does not make the pods
  // (test/kuberay-operator.test.ts binds them, steady and during an upgrade).
  // Lists the operator test does not run (one per RayService shape, for time) keep the hand-made pods.
  const byOperator = operatorSkipReason() === undefined ? new Set(representativeLists(everyList()).map(([name]) => name)) : new Set<string>();
  for (const list of LISTS) {
    const why = operatorSkipReason() === undefined ? 'not among the operator test\'s lists' : 'the operator cannot run here';
    (byOperator.has(list) ? test.skip : test)(`${list}: every pod bound, steady and during an all-model upgrade (hand-made KubeRay pods: ${why})`, () => {
      const cp = controlPlane()!;
      const all = scenarios(list);
      expect(all.length).toBeGreaterThanOrEqual(2);
      for (const s of all) {
        const label = `${s.list} ${s.cluster} ${s.upgrade ? 'upgrade' : 'steady'} (${s.pods.length} pods, ${s.nodes.length} nodes)`;
        expect({ scenario: label, unbound: unbound(cp, s) }).toEqual({ scenario: label, unbound: [] });
      }
    }, 300_000);
  }

  test('the old plan (gcloud\'s default 3 x e2-medium pool) leaves the Ray heads unbound, for want of CPU and memory', () => {
    const cp = controlPlane()!;
    const oldPlan = (c: ClusterCapacity): ClusterCapacity => ({
      ...c, pools: c.pools.map((p) => (p.accelerator ? p : { ...p, machineType: 'e2-medium', diskSizeGb: 100, nodes: 3, maxNodes: 3 })),
    });
    const [steady] = scenarios('test/fixtures/lists/seed.yaml', oldPlan);
    const left = unbound(cp, steady);
    expect(left.filter((l) => /-head: /.test(l))).toHaveLength(2);
    expect(left.join('\n')).toMatch(/Insufficient (cpu|memory)/);
    expect(left.join('\n')).toMatch(/untolerated taint.*nvidia\.com\/gpu/);
  }, 300_000);
});
