/**
 * Node objects exactly as the plan's pools make them, for the real scheduler (test/scheduler.test.ts,
 * test/kuberay-operator.test.ts): capacity and allocatable from lib/facts/gke-allocatable.ts, GKE's
 * labels, the GPU taint, status Ready. Plus the pods GKE runs besides ours (the plan's allowances for
 * system Deployments and per-node DaemonSets), and the helpers that create and remove them.
 */
import * as fs from 'fs';
import { DAEMONSET_ALLOWANCE, GPU_DAEMONSET_ALLOWANCE, nodeResources, NodeResources, SYSTEM_PODS_ALLOWANCE } from '../../lib/facts/gke-allocatable';
import { machineType } from '../../lib/facts/machine-types';
import { ClusterCapacity } from '../../lib/plan/capacity-summary';
import { TEST_LABEL } from './kuberay-pods';
import { K8sObject } from './synth';

export interface KubectlResult { status: number; stdout: string; stderr: string }
export interface Kubectl { kubectl(args: string[], input?: string): KubectlResult }
export interface PlannedNode { node: K8sObject; status: unknown; gpus: number }

const quantities = (r: NodeResources, gpus: number) => ({
  cpu: `${r.cpuMillis}m`, memory: `${r.memoryBytes}`, 'ephemeral-storage': `${r.ephemeralBytes}`, pods: `${r.pods}`,
  ...(gpus > 0 ? { 'nvidia.com/gpu': `${gpus}` } : {}),
});

/** The Nodes of one cluster's pools, `count(pool)` each, as GKE labels and taints them. */
export function nodesOf(c: ClusterCapacity, count: (p: ClusterCapacity['pools'][number]) => number): PlannedNode[] {
  return c.pools.flatMap((pool) => Array.from({ length: count(pool) }, (_, i) => {
    const m = machineType(pool.machineType);
    const { capacity, allocatable } = nodeResources(m.vcpus, m.memoryGiB, pool.diskSizeGb);
    const name = `${c.cluster}-${pool.name}-${i}`.toLowerCase();
    const node: K8sObject = {
      apiVersion: 'v1', kind: 'Node',
      metadata: {
        name,
        labels: {
          [TEST_LABEL]: 'true', 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64',
          'cloud.google.com/gke-nodepool': pool.name, 'cloud.google.com/machine-family': m.family, 'node.kubernetes.io/instance-type': m.name,
          ...(pool.accelerator ? { 'cloud.google.com/gke-accelerator': pool.accelerator } : {}),
        },
      },
      spec: pool.accelerator ? { taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }] } : {},
    };
    const status = {
      status: {
        capacity: quantities(capacity, pool.gpusPerNode), allocatable: quantities(allocatable, pool.gpusPerNode),
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'stand-in node', lastHeartbeatTime: new Date().toISOString(), lastTransitionTime: new Date().toISOString() }],
      },
    };
    return { node, status, gpus: pool.gpusPerNode };
  }));
}

const request = (r: { cpuMillis: number; memoryBytes: number }) => ({ requests: { cpu: `${r.cpuMillis}m`, memory: `${r.memoryBytes}` } });

export const plainPod = (name: string, namespace: string, resources: unknown, nodeName?: string): K8sObject => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name, namespace, labels: { [TEST_LABEL]: 'true' } },
  spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'main', image: 'pause', resources }] },
});

/** GKE's own pods on these nodes: the system Deployments (one pod holding their allowance) and each node's DaemonSets. */
export function gkePods(nodes: PlannedNode[]): K8sObject[] {
  return [
    plainPod('gke-system-deployments', 'kube-system', request(SYSTEM_PODS_ALLOWANCE)),
    ...nodes.map(({ node, gpus }) => plainPod(`daemonsets-${node.metadata.name}`, 'kube-system', request({
      cpuMillis: DAEMONSET_ALLOWANCE.cpuMillis + (gpus > 0 ? GPU_DAEMONSET_ALLOWANCE.cpuMillis : 0),
      memoryBytes: DAEMONSET_ALLOWANCE.memoryBytes + (gpus > 0 ? GPU_DAEMONSET_ALLOWANCE.memoryBytes : 0),
    }), node.metadata.name)),
  ];
}

export function must(out: KubectlResult, what: string): string {
  if (out.status !== 0) throw new Error(`${what}: ${out.stderr}`);
  return out.stdout;
}

/** Creates the Nodes, Ready and with only their GKE taints. */
export function createNodes(cp: Kubectl, nodes: PlannedNode[]): void {
  must(cp.kubectl(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: nodes.map((n) => n.node) })), 'create nodes');
  for (const { node, status } of nodes) {
    must(cp.kubectl(['patch', 'node', node.metadata.name, '--subresource=status', '--type=merge', '-p', JSON.stringify(status)]), `node ${node.metadata.name} status`);
    // The API server taints a new node not-ready; without a node lifecycle controller nothing lifts it once Ready.
    must(cp.kubectl(['patch', 'node', node.metadata.name, '--type=merge', '-p', JSON.stringify({ spec: { taints: node.spec.taints ?? null } })]), `node ${node.metadata.name} taints`);
  }
}

/**
 * The Nodes of this jest run are shared by the tests that bind pods (the scheduler test and the
 * operator test, possibly in two jest workers): each holds this lock folder while it has Nodes.
 */
export function holdNodes(runDir: string): void {
  const lock = `${runDir}/nodes-lock`;
  const since = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(lock);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() - since > 1_800_000) throw new Error(`${lock} held for 30 minutes`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
}

export function releaseNodes(runDir: string): void {
  fs.rmSync(`${runDir}/nodes-lock`, { recursive: true, force: true });
}
