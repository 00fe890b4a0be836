/**
 * The kubelet (and endpoints controller) stand-in for the real KubeRay operator's tests: the control
 * plane of test/support/control-plane.ts has neither kubelets nor a kube-controller-manager. Called by
 * the test in its wait loops (the test process is synchronous), one `step` at a time:
 * - every Ray pod (label `ray.io/node-type`) the real scheduler bound to a node becomes Running and
 *   Ready with an address of 10.244.0.0/16 (never connected to: the operator's HTTP goes through the
 *   dashboard stand-in, test/support/ray-dashboard-stand-in.py);
 * - every Service with a selector in the namespaces of Ray pods gets the Endpoints of its ready pods,
 *   as the endpoints controller would: KubeRay counts the serve Service's Endpoints addresses for
 *   RayService Ready (ray-project/kuberay@v1.5.0 ray-operator/controllers/ray/rayservice_controller.go
 *   calculateStatus, `serveEndPoints.Subsets`);
 * - `heads.json` for the dashboard stand-in: each head pod's address, its head Service's DNS name
 *   (the host KubeRay's dashboard URL names: utils/util.go FetchHeadServiceURL) and its Ray version.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ControlPlane } from './control-plane';

const CLUSTER_DOMAIN = 'cluster.local';

function get(cp: ControlPlane, what: string[]): any[] {
  const out = cp.kubectl(['get', ...what, '--all-namespaces', '-o', 'json']);
  if (out.status !== 0) throw new Error(`kubectl get ${what.join(' ')}: ${out.stderr}`);
  return JSON.parse(out.stdout).items;
}

const ready = (pod: any): boolean => pod.status?.phase === 'Running' && (pod.status.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');

/** A stable address per pod uid. */
function addressOf(uid: string): string {
  const n = parseInt(uid.replace(/-/g, '').slice(0, 8), 16);
  return `10.244.${(n >>> 8) % 256}.${(n % 254) + 1}`;
}

function markRunning(cp: ControlPlane, pod: any): void {
  const now = new Date().toISOString();
  const ip = addressOf(pod.metadata.uid);
  const condition = (type: string) => ({ type, status: 'True', lastTransitionTime: now });
  const status = {
    status: {
      phase: 'Running', podIP: ip, podIPs: [{ ip }], hostIP: '10.128.0.2', startTime: now,
      conditions: ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready'].map(condition),
      containerStatuses: pod.spec.containers.map((c: any) => ({
        name: c.name, image: c.image, imageID: '', ready: true, started: true, restartCount: 0, state: { running: { startedAt: now } },
      })),
      initContainerStatuses: (pod.spec.initContainers ?? []).map((c: any) => ({
        name: c.name, image: c.image, imageID: '', ready: true, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } },
      })),
    },
  };
  const out = cp.kubectl(['patch', 'pod', '-n', pod.metadata.namespace, pod.metadata.name, '--subresource=status', '--type=merge', '-p', JSON.stringify(status)]);
  if (out.status !== 0 && !/NotFound/.test(out.stderr)) throw new Error(`pod ${pod.metadata.name} status: ${out.stderr}`);
}

const matches = (selector: Record<string, string>, labels: Record<string, string> = {}) => Object.entries(selector).every(([k, v]) => labels[k] === v);

function endpointsOf(service: any, pods: any[]): any {
  const chosen = pods.filter((p) => p.metadata.namespace === service.metadata.namespace && ready(p) && !p.metadata.deletionTimestamp && matches(service.spec.selector, p.metadata.labels));
  const ports = (service.spec.ports ?? []).map((sp: any) => {
    const target = sp.targetPort ?? sp.port;
    const byName = typeof target === 'string'
      ? chosen[0]?.spec.containers.flatMap((c: any) => c.ports ?? []).find((p: any) => p.name === target)?.containerPort
      : target;
    return { name: sp.name, port: byName ?? sp.port, protocol: sp.protocol ?? 'TCP' };
  });
  return {
    apiVersion: 'v1', kind: 'Endpoints',
    metadata: { name: service.metadata.name, namespace: service.metadata.namespace },
    subsets: chosen.length === 0 ? [] : [{
      addresses: chosen.map((p) => ({ ip: p.status.podIP, nodeName: p.spec.nodeName, targetRef: { kind: 'Pod', name: p.metadata.name, namespace: p.metadata.namespace, uid: p.metadata.uid } })),
      ports,
    }],
  };
}

const written = new Map<string, string>();

/** One round of what kubelets and the endpoints controller would do; returns how many Ray pods are Running and Ready. */
export function kubeletStep(cp: ControlPlane, stateDir: string): number {
  const rayPods = get(cp, ['pods', '-l', 'ray.io/node-type']);
  // The heads' table first: KubeRay calls a head's dashboard as soon as it is Ready.
  writeHeads(cp, stateDir, rayPods.filter((p) => p.spec.nodeName));
  for (const pod of rayPods.filter((p) => p.spec.nodeName && !ready(p) && !p.metadata.deletionTimestamp)) markRunning(cp, pod);
  const pods = get(cp, ['pods', '-l', 'ray.io/node-type']);
  const namespaces = new Set(pods.map((p) => p.metadata.namespace));
  const services = get(cp, ['services']).filter((s) => namespaces.has(s.metadata.namespace) && s.spec.selector);
  const endpoints = services.map((s) => endpointsOf(s, pods));
  const changed = endpoints.filter((e) => written.get(`${e.metadata.namespace}/${e.metadata.name}`) !== JSON.stringify(e));
  if (changed.length > 0) {
    const out = cp.kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: changed }));
    if (out.status !== 0) throw new Error(`endpoints: ${out.stderr}`);
    for (const e of changed) written.set(`${e.metadata.namespace}/${e.metadata.name}`, JSON.stringify(e));
  }
  return pods.filter(ready).length;
}

function writeHeads(cp: ControlPlane, stateDir: string, pods: any[]): void {
  const clusters = new Map(get(cp, ['rayclusters']).map((c) => [`${c.metadata.namespace}/${c.metadata.name}`, c]));
  const byHost: Record<string, unknown> = {};
  const byAddress: Record<string, unknown> = {};
  for (const pod of pods.filter((p) => p.metadata.labels['ray.io/node-type'] === 'head')) {
    const cluster = clusters.get(`${pod.metadata.namespace}/${pod.metadata.labels['ray.io/cluster']}`);
    if (!cluster) continue;
    const service = cluster.status?.head?.serviceName ?? `${cluster.metadata.name}-head-svc`;
    const head = { host: `${service}.${pod.metadata.namespace}.svc.${CLUSTER_DOMAIN}`, rayVersion: cluster.spec.rayVersion, cluster: cluster.metadata.name };
    byHost[head.host] = head;
    byAddress[addressOf(pod.metadata.uid)] = head;
  }
  const file = path.join(stateDir, 'heads.json');
  fs.writeFileSync(`${file}.partial`, JSON.stringify({ byHost, byAddress }));
  fs.renameSync(`${file}.partial`, file);
}

/** Deletes the Endpoints this stand-in wrote (between scenarios: no controller removes them). */
export function forgetEndpoints(cp: ControlPlane): void {
  for (const key of written.keys()) {
    const [namespace, name] = key.split('/');
    cp.kubectl(['delete', 'endpoints', '-n', namespace, name, '--ignore-not-found']);
  }
  written.clear();
}
