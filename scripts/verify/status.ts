/**
 * `cluster.sh status`: what is healthy, from the objects `kubectl get -o json` returned. One row
 * per object of the plan (deploy/verify-plan.json): RayService, Gateway, HTTPRoute, policy,
 * router. Which fields and conditions count: lib/facts/kuberay-status.ts (with their sources).
 */
import { isIP } from 'net';
import {
  GATEWAY_PROGRAMMED, POD_SCHEDULED, RAYSERVICE_READY, RAYSERVICE_UPGRADE_IN_PROGRESS, ROUTE_ACCEPTED, ROUTE_RESOLVED_REFS,
  SERVE_APP_FAILED, SERVE_APP_RUNNING, SERVE_UPDATE_FAILED_EVENT,
} from '../../lib/facts/kuberay-status';
import { INITIALIZING_TIMEOUT_ANNOTATION, INITIALIZING_TIMEOUT_REASON } from '../../lib/facts/kuberay-upgrade';
import { RAY_DASHBOARD_PORT, RAY_SERVICE_POD_LABEL } from '../../lib/facts/ray';
import type { VerifyCluster, VerifyPlan } from '../../lib/plan/verify-plan';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type K8sObject = Record<string, any>;
export interface Condition { type: string; status: string; reason?: string; message?: string }

export interface StatusRow {
  readonly kind: string;
  /** namespace/name */
  readonly name: string;
  readonly healthy: boolean;
  readonly detail: string;
  /** What to run or read next, when not healthy. */
  readonly hint?: string;
}
export interface ClusterStatus { readonly cluster: string; readonly context: string; readonly rows: StatusRow[] }
export interface StatusReport { readonly healthy: boolean; readonly clusters: ClusterStatus[] }

const conditionsOf = (o: K8sObject | undefined): Condition[] => (Array.isArray(o?.status?.conditions) ? o!.status.conditions : []);
const condition = (conditions: Condition[], type: string) => conditions.find((c) => c.type === type);
const isTrue = (c: Condition | undefined) => c?.status === 'True';
const said = (c: Condition | undefined, type: string) => (c ? `${type} ${c.status}${c.reason ? ` (${c.reason}${c.message ? `: ${c.message}` : ''})` : ''}` : `${type} not reported`);

function find(items: K8sObject[], kind: string, namespace: string, name: string): K8sObject | undefined {
  return items.find((o) => o.kind === kind && o.metadata?.namespace === namespace && o.metadata?.name === name);
}

/** Why a pod does not run: the scheduler's PodScheduled message, or a container's waiting reason. */
function podProblem(pod: K8sObject): string | undefined {
  const scheduled = condition(conditionsOf(pod), POD_SCHEDULED);
  if (scheduled && scheduled.status === 'False') return `pending: ${scheduled.reason ?? 'not scheduled'}${scheduled.message ? `: ${scheduled.message}` : ''}`;
  const statuses: K8sObject[] = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const waiting = statuses.find((s) => s.state?.waiting && s.state.waiting.reason !== 'PodInitializing' && s.state.waiting.reason !== 'ContainerCreating');
  if (waiting) return `${waiting.name}: ${waiting.state.waiting.reason}${waiting.state.waiting.message ? `: ${waiting.state.waiting.message}` : ''}`;
  if (pod.status?.phase === 'Pending') return 'pending';
  return undefined;
}

const isHead = (pod: K8sObject) => pod.metadata?.labels?.['ray.io/node-type'] === 'head';
const runningAndReady = (pod: K8sObject) => pod.status?.phase === 'Running' && isTrue(condition(conditionsOf(pod), 'Ready'));

function apps(serviceStatus: K8sObject | undefined): [string, K8sObject][] {
  return Object.entries(serviceStatus?.applicationStatuses ?? {}) as [string, K8sObject][];
}
const appsText = (list: [string, K8sObject][]) => list.map(([name, app]) => `${name} ${app.status ?? '?'}${app.message && app.status !== SERVE_APP_RUNNING ? ` (${String(app.message).split('\n')[0]})` : ''}`).join(', ');

function rayServiceRow(items: K8sObject[], ns: string, name: string, context: string): StatusRow {
  const id = `${ns}/${name}`;
  const rs = find(items, 'RayService', ns, name);
  if (!rs) return { kind: 'RayService', name: id, healthy: false, detail: 'not found', hint: 'not applied yet: run scripts/cluster.sh up (or, with GitOps, check the controller\'s sync)' };
  const conditions = conditionsOf(rs);
  const ready = condition(conditions, RAYSERVICE_READY);
  const upgrading = isTrue(condition(conditions, RAYSERVICE_UPGRADE_IN_PROGRESS));
  const active = apps(rs.status?.activeServiceStatus);
  const pending = apps(rs.status?.pendingServiceStatus);
  const running = active.length > 0 && active.every(([, app]) => app.status === SERVE_APP_RUNNING);
  const endpoints = Number(rs.status?.numServeEndpoints ?? 0);
  const parts = [said(ready, RAYSERVICE_READY), active.length ? `apps ${appsText(active)}` : 'no Serve application reported', `${endpoints} serve endpoint(s)`];
  if (upgrading) parts.push(`upgrade in progress${pending.length ? ` (new cluster: ${appsText(pending)})` : ''}`);
  const pods = items.filter((o) => o.kind === 'Pod' && o.metadata?.namespace === ns && o.metadata?.labels?.[RAY_SERVICE_POD_LABEL] === name);
  const problems = pods.flatMap((pod) => {
    const p = podProblem(pod);
    return p ? [`pod ${pod.metadata.name} ${p}`] : [];
  });
  parts.push(...problems);
  const healthy = isTrue(ready) && running && endpoints > 0;
  if (healthy) return { kind: 'RayService', name: id, healthy, detail: parts.join('; ') };
  const failedEvents = items.filter((o) => o.kind === 'Event' && o.reason === SERVE_UPDATE_FAILED_EVENT && o.involvedObject?.name === name && o.involvedObject?.namespace === ns);
  const headUp = pods.some((pod) => isHead(pod) && runningAndReady(pod));
  let hint: string | undefined;
  if (ready?.reason === INITIALIZING_TIMEOUT_REASON) {
    hint = `hit its ${INITIALIZING_TIMEOUT_ANNOTATION} (${rs.metadata?.annotations?.[INITIALIZING_TIMEOUT_ANNOTATION] ?? 'value not shown'}): KubeRay deleted its Ray cluster and will not retry. `
      + `Find why the first start was slow (kubectl --context=${context} get events --namespace=${ns} --field-selector=involvedObject.name=${name}), `
      + `then kubectl --context=${context} delete rayservices.ray.io --namespace=${ns} ${name} and run scripts/cluster.sh up again`;
  } else if (failedEvents.length > 0 || (headUp && active.length === 0 && pending.length === 0)) {
    const evidence = failedEvents.length > 0
      ? `event ${SERVE_UPDATE_FAILED_EVENT}: ${String(failedEvents[failedEvents.length - 1].message ?? '').slice(0, 300)}`
      : 'the head pod runs but no Serve application status was ever reported';
    hint = `the KubeRay operator is likely blocked from the head's dashboard (port ${RAY_DASHBOARD_PORT}) — ${evidence}. Check: `
      + `kubectl --context=${context} get events --namespace=${ns} --field-selector=involvedObject.name=${name}; `
      + `kubectl --context=${context} get networkpolicy --namespace=${ns} --output=yaml (the operator peer); `
      + 'kubectl get pods --all-namespaces -l app.kubernetes.io/component=kuberay-operator (where the operator runs)';
  } else if (problems.some((p) => p.includes('pending: Unschedulable'))) {
    hint = 'no node fits a Ray pod: compare its requests with the nodes (kubectl describe pod) — see the capacity plan in deploy/cluster-plan.env';
  } else if (active.some(([, app]) => SERVE_APP_FAILED.includes(app.status))) {
    hint = `the Serve application failed: kubectl --context=${context} logs --namespace=${ns} -l ${RAY_SERVICE_POD_LABEL}=${name},ray.io/node-type=head`;
  }
  return { kind: 'RayService', name: id, healthy, detail: parts.join('; '), ...(hint ? { hint } : {}) };
}

function gatewayRow(items: K8sObject[], ns: string, name: string): StatusRow {
  const gw = find(items, 'Gateway', ns, name);
  const id = `${ns}/${name}`;
  if (!gw) return { kind: 'Gateway', name: id, healthy: false, detail: 'not found' };
  const programmed = condition(conditionsOf(gw), GATEWAY_PROGRAMMED);
  const address = gatewayAddress(gw);
  const healthy = isTrue(programmed) && address !== undefined;
  return { kind: 'Gateway', name: id, healthy, detail: `${said(programmed, GATEWAY_PROGRAMMED)}; address ${address ?? 'none yet'}` };
}

/** The first address in the Gateway's status. */
export function gatewayAddress(gw: K8sObject | undefined): string | undefined {
  const addresses: K8sObject[] = gw?.status?.addresses ?? [];
  return addresses.find((a) => isAddress(a.value))?.value;
}

const DNS_LABEL = '[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?';
const DNS_NAME = new RegExp(`^(?=.{1,253}$)${DNS_LABEL}(\\.${DNS_LABEL})*$`, 'i');
/**
 * Data read from the cluster is data: a Gateway address is used (in a curl URL, a --resolve value)
 * only when it is an IP address or a DNS name. `status.addresses[].value` may hold free text (the
 * Gateway API CRD allows any string for domain-prefixed address types), which must never reach a
 * command line: a value with a TAB or line break would otherwise add fields or lines.
 */
export function isAddress(value: unknown): value is string {
  return typeof value === 'string' && (isIP(value) !== 0 || DNS_NAME.test(value));
}

function routeRow(items: K8sObject[], ns: string, name: string, gatewayName: string): StatusRow {
  const route = find(items, 'HTTPRoute', ns, name);
  const id = `${ns}/${name}`;
  if (!route) return { kind: 'HTTPRoute', name: id, healthy: false, detail: 'not found' };
  const parent = (route.status?.parents ?? []).find((p: K8sObject) => p.parentRef?.name === gatewayName);
  const conditions: Condition[] = parent?.conditions ?? [];
  const accepted = condition(conditions, ROUTE_ACCEPTED);
  const resolved = condition(conditions, ROUTE_RESOLVED_REFS);
  const detail = parent ? `${said(accepted, ROUTE_ACCEPTED)}; ${said(resolved, ROUTE_RESOLVED_REFS)}` : `no status for parent Gateway ${gatewayName} yet`;
  return { kind: 'HTTPRoute', name: id, healthy: isTrue(accepted) && isTrue(resolved), detail };
}

function policyRow(items: K8sObject[], kind: string, ns: string, name: string): StatusRow {
  const policy = find(items, kind, ns, name);
  const id = `${ns}/${name}`;
  if (!policy) return { kind, name: id, healthy: false, detail: 'not found' };
  const conditions = [...conditionsOf(policy), ...(policy.status?.ancestors ?? []).flatMap((a: K8sObject) => a.conditions ?? [])] as Condition[];
  if (conditions.length === 0) return { kind, name: id, healthy: true, detail: 'no status reported (counted as attached)' };
  const bad = conditions.filter((c) => c.status === 'False');
  return { kind, name: id, healthy: bad.length === 0, detail: (bad.length ? bad : conditions).map((c) => said(c, c.type)).join('; ') };
}

function routerRow(items: K8sObject[], ns: string, name: string): StatusRow {
  const dep = find(items, 'Deployment', ns, name);
  const id = `${ns}/${name}`;
  if (!dep) return { kind: 'Deployment', name: id, healthy: false, detail: 'router not found', hint: 'the router is installed by `up` (helm) or, with GitOps, by the controller' };
  const want = Number(dep.spec?.replicas ?? 1);
  const ready = Number(dep.status?.readyReplicas ?? 0);
  return { kind: 'Deployment', name: id, healthy: ready >= 1 && ready >= want, detail: `router: ${ready}/${want} ready` };
}

export function clusterStatus(cluster: VerifyCluster, items: K8sObject[]): ClusterStatus {
  const rows: StatusRow[] = cluster.rayServices.map((rs) => rayServiceRow(items, rs.namespace, rs.name, cluster.context));
  if (cluster.gateway) rows.push(gatewayRow(items, cluster.gateway.namespace, cluster.gateway.name));
  for (const route of cluster.routes) rows.push(routeRow(items, route.namespace, route.name, cluster.gateway?.name ?? ''));
  for (const policy of cluster.policies) rows.push(policyRow(items, policy.kind, policy.namespace, policy.name));
  if (cluster.router) rows.push(routerRow(items, cluster.router.namespace, cluster.router.name));
  return { cluster: cluster.name, context: cluster.context, rows };
}

/** @param items per cluster (plan order), every object the queries returned there */
export function statusReport(plan: VerifyPlan, items: K8sObject[][]): StatusReport {
  const clusters = plan.clusters.map((c, i) => clusterStatus(c, items[i] ?? []));
  return { healthy: clusters.every((c) => c.rows.every((r) => r.healthy)), clusters };
}
