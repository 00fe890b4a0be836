/**
 * What a list change does to the running models, per RayService: compared with the committed
 * output, is it applied in place (the Serve config, replica counts) or does KubeRay start a whole
 * new Ray cluster beside the old one (anything else under rayClusterConfig), how many GPUs that
 * takes and costs until the switch, and whether the GPU pool's upgrade headroom holds them.
 * KubeRay's rules: lib/facts/kuberay-upgrade.ts; pools: lib/plan/node-pools.ts; prices: lib/facts/prices.ts.
 */
import { HASH_MUTED_SCALE_STRATEGY_FIELDS, HASH_MUTED_WORKER_GROUP_FIELDS } from '../facts/kuberay-upgrade';
import { HOURS_PER_MONTH, nodeMonthly } from '../facts/prices';
import { spreadSafeNodes, nodeRoom } from './capacity';
import { clusterCapacities } from './capacity-summary';
import type { ModelPlan, PlannedDeployment } from './model-plan';
import { RAY_CLUSTER_LOGGING } from './node-pools';
import { workerShape } from './pod-shapes';

/* eslint-disable @typescript-eslint/no-explicit-any */
/** A RayService as read from YAML (only the fields compared). */
export type RayServiceObject = { kind?: string; metadata?: { name?: string; namespace?: string }; spec?: Record<string, any> };

export type UpgradeKind = 'in place' | 'new cluster' | 'waits (upgrade: none)' | 'added' | 'removed';

export interface ModelUpgrade {
  /** `namespace/name` of the RayService. */
  readonly rayService: string;
  readonly kind: UpgradeKind;
  /** What changed, in words ("serveConfigV2", "rayClusterConfig"). */
  readonly changed: readonly string[];
  /** New cluster: the GPUs its workers take beside the old cluster's until the switch. */
  readonly extraGpus?: number;
  readonly accelerator?: string;
  /** New cluster: GPU nodes added for it, and their price per hour. */
  readonly extraNodes?: number;
  readonly extraHourly?: number;
  /** The clusters it runs in (a fleet's; empty for one cluster). */
  readonly clusters?: readonly string[];
}

const keyOf = (o: RayServiceObject) => `${o.metadata?.namespace ?? 'default'}/${o.metadata?.name ?? ''}`;

/** The cluster spec as KubeRay hashes it: worker groups without replicas, min/max and workersToDelete. */
export function hashedClusterSpec(clusterSpec: Record<string, any> | undefined): unknown {
  if (!clusterSpec) return undefined;
  const groups = (clusterSpec.workerGroupSpecs ?? []).map((group: Record<string, any>) => {
    const copy: Record<string, any> = { ...group };
    for (const field of HASH_MUTED_WORKER_GROUP_FIELDS) delete copy[field];
    if (copy.scaleStrategy) {
      copy.scaleStrategy = { ...copy.scaleStrategy };
      for (const field of HASH_MUTED_SCALE_STRATEGY_FIELDS) delete copy.scaleStrategy[field];
      // A struct in Go: an empty one and none hash the same.
      if (Object.keys(copy.scaleStrategy).length === 0) delete copy.scaleStrategy;
    }
    return copy;
  });
  return { ...clusterSpec, workerGroupSpecs: groups };
}

/** Same value, whatever the order of map keys. */
function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** Does the new cluster spec need a new Ray cluster (KubeRay's hash differs, appended worker groups aside)? */
export function needsNewCluster(before: Record<string, any> | undefined, after: Record<string, any> | undefined): boolean {
  if (sameValue(hashedClusterSpec(before), hashedClusterSpec(after))) return false;
  const oldGroups = (before?.workerGroupSpecs ?? []).length;
  const newGroups = (after?.workerGroupSpecs ?? []).length;
  if (newGroups <= oldGroups) return true;
  const trimmed = { ...after, workerGroupSpecs: after!.workerGroupSpecs.slice(0, oldGroups) };
  return !sameValue(hashedClusterSpec(before), hashedClusterSpec(trimmed));
}

/** The kind of change of one RayService (undefined: nothing that matters to KubeRay changed). */
export function changeOf(before: RayServiceObject | undefined, after: RayServiceObject | undefined): Pick<ModelUpgrade, 'kind' | 'changed'> | undefined {
  if (!before) return { kind: 'added', changed: [] };
  if (!after) return { kind: 'removed', changed: [] };
  const changed = Object.keys({ ...before.spec, ...after.spec }).filter((k) => !sameValue(before.spec?.[k], after.spec?.[k])).sort();
  if (changed.length === 0) return undefined;
  if (!needsNewCluster(before.spec?.rayClusterConfig, after.spec?.rayClusterConfig)) return { kind: 'in place', changed };
  const waits = after.spec?.upgradeStrategy?.type === 'None';
  return { kind: waits ? 'waits (upgrade: none)' : 'new cluster', changed };
}

/** The GPU pools of the clusters a model runs in (every cluster's for one cluster). */
function gpuPoolsOf(plan: ModelPlan, clusters: readonly string[]) {
  return clusterCapacities(plan).filter((c) => clusters.length === 0 || clusters.includes(c.cluster)).flatMap((c) => c.pools.filter((p) => p.accelerator));
}

/** The extra GPUs, nodes and hourly price of a new cluster of `d` (its minReplicas workers, as node-pools.ts counts the surge), per cluster it runs in. */
function surgeOf(plan: ModelPlan, d: PlannedDeployment, clusters: readonly string[]): Pick<ModelUpgrade, 'extraGpus' | 'accelerator' | 'extraNodes' | 'extraHourly'> {
  const pool = gpuPoolsOf(plan, clusters).find((p) => p.accelerator === d.accelerator);
  const extraGpus = d.minReplicas * d.gpusPerReplica;
  if (!pool) return { extraGpus, accelerator: d.accelerator };
  const room = nodeRoom(pool.machineType, pool.gpusPerNode, pool.diskSizeGb);
  const extraNodes = d.minReplicas === 0 ? 0 : spreadSafeNodes([{ pod: workerShape(d, RAY_CLUSTER_LOGGING), count: d.minReplicas }], room);
  const monthly = nodeMonthly(pool.machineType, pool.accelerator, pool.gpusPerNode, pool.diskSizeGb);
  return { extraGpus, accelerator: d.accelerator, extraNodes, ...(monthly === undefined ? {} : { extraHourly: (monthly / HOURS_PER_MONTH) * extraNodes }) };
}

/** Every RayService whose change matters, in the new output's order (removed ones last). */
export function upgradePlan(plan: ModelPlan, before: readonly RayServiceObject[], after: readonly RayServiceObject[]): ModelUpgrade[] {
  const old = new Map(before.map((o) => [keyOf(o), o]));
  const now = new Map(after.map((o) => [keyOf(o), o]));
  const deployments = new Map(plan.models.flatMap((m) => m.deployments.map((d) => [`${m.namespace}/${d.name}` as string, { d, clusters: m.clusters }] as const)));
  const result: ModelUpgrade[] = [];
  for (const [key, o] of now) {
    const change = changeOf(old.get(key), o);
    if (!change) continue;
    const planned = deployments.get(key);
    const surge = change.kind === 'new cluster' && planned ? { ...surgeOf(plan, planned.d, planned.clusters), clusters: planned.clusters } : {};
    result.push({ rayService: key, ...change, ...surge });
  }
  for (const key of old.keys()) if (!now.has(key)) result.push({ rayService: key, kind: 'removed', changed: [] });
  return result;
}

/** Per cluster and GPU pool: the nodes the new clusters need at once, and the pool's upgrade headroom. */
export function headroomOf(plan: ModelPlan, upgrades: readonly ModelUpgrade[]): { pool: string; needed: number; headroom: number }[] {
  const fleet = plan.clusters.length > 0;
  return clusterCapacities(plan).flatMap((c) => c.pools.filter((p) => p.accelerator).map((p) => ({
    pool: fleet ? `${c.cluster}/${p.name}` : p.name,
    needed: upgrades
      .filter((u) => u.accelerator === p.accelerator && (!fleet || (u.clusters ?? []).includes(c.cluster)))
      .reduce((n, u) => n + (u.extraNodes ?? 0), 0),
    headroom: p.upgradeNodes,
  }))).filter((p) => p.needed > 0);
}

const money = (n: number | undefined) => (n === undefined ? '?' : `$${n.toFixed(2)}`);

/** Lines a person reads: one per changed RayService, then one per GPU pool the new clusters use. */
export function upgradeLines(plan: ModelPlan, upgrades: readonly ModelUpgrade[]): string[] {
  if (upgrades.length === 0) return ['upgrade: no RayService changes against the committed output'];
  const lines = upgrades.map((u) => {
    const what = u.changed.length > 0 ? ` (changed: ${u.changed.join(', ')})` : '';
    if (u.kind !== 'new cluster') return `upgrade ${u.rayService}: ${u.kind}${what}`;
    const each = (u.clusters ?? []).length > 1 ? ` in each of its clusters (${u.clusters!.join(', ')})` : '';
    return `upgrade ${u.rayService}: new cluster, +${u.extraGpus} GPUs (${u.accelerator}), +${u.extraNodes ?? '?'} nodes, ~+${money(u.extraHourly)}/hour until the switch${each}${what}`;
  });
  for (const p of headroomOf(plan, upgrades)) {
    lines.push(`upgrade pool ${p.pool}: the new clusters need ${p.needed} more node(s) at once; upgrade headroom ${p.headroom}: ${p.needed <= p.headroom ? 'covered' : `NOT covered (${p.needed - p.headroom} short): they wait for nodes`}`);
  }
  return lines;
}
