/**
 * The node pools of one cluster, sized by packing its pods (lib/plan/capacity.ts): the CPU pool
 * (the cluster's default pool) for the Ray heads, their sidecars and the router, and one GPU pool
 * per accelerator for the workers. Each has a steady size (every model at maxReplicas) and an
 * upgrade size: KubeRay's NewCluster strategy starts a second Ray cluster (a second head and
 * minReplicas workers, the RayService's `replicas`) and switches the serve Service only once it
 * serves; one list change (a new default image) can upgrade every model at once.
 */
import { findAccelerator } from '../facts/accelerators';
import { SYSTEM_PODS_ALLOWANCE } from '../facts/gke-allocatable';
import { CPU_MACHINE_TYPES } from '../facts/machine-types';
import { diskSizeFor, largestRoom, nodeRoom, packedNodes, PodGroup, spreadSafeNodes, unfitResource } from './capacity';
import type { PlannedDeployment, PlannedModel } from './model-plan';
import { headShape, ROUTER_SHAPE, workerShape } from './pod-shapes';

/** scripts/cluster.sh creates clusters with `--enable-ray-cluster-logging`: every Ray pod gets GKE's logging sidecar. */
export const RAY_CLUSTER_LOGGING = true;
/** The name GKE gives the pool `clusters create` makes. */
export const CPU_POOL_NAME = 'default-pool';

/** A pool's size: nodes at steady state, extra nodes during an all-model upgrade, their sum, and the boot disk. */
export interface PoolSize {
  readonly machineType: string;
  /** Boot disk per node, GB (gcloud `--disk-size`). */
  readonly diskSizeGb: number;
  readonly nodes: number;
  readonly upgradeNodes: number;
  /** nodes + upgradeNodes: the pool's autoscaling maximum. */
  readonly maxNodes: number;
}

/** The CPU pool: the cluster's default pool, with an explicit machine type, disk and size. */
export interface CpuPoolPlan extends PoolSize {
  readonly name: string;
}

function sized(machine: string, gpus: number, steady: readonly PodGroup[], surge: readonly PodGroup[]): PoolSize {
  const all = [...steady, ...surge];
  const diskSizeGb = diskSizeFor(all, machine, gpus);
  const room = nodeRoom(machine, gpus, diskSizeGb);
  const pack = gpus > 0 ? spreadSafeNodes : packedNodes;
  const nodes = Math.max(pack(steady, room), 1);
  const maxNodes = Math.max(pack(all, room), nodes);
  return { machineType: machine, diskSizeGb, nodes, upgradeNodes: maxNodes - nodes, maxNodes };
}

const deploymentsOf = (models: readonly PlannedModel[]) => models.flatMap((m) => m.deployments);
const upgrading = (d: PlannedDeployment) => d.upgradeStrategy === 'NewCluster';

// The plan asks for the same cluster's pools more than once (checks, steps, summary): packed once per list.
const cpuPools = new WeakMap<readonly PlannedModel[], Map<boolean, CpuPoolPlan>>();
const gpuPools = new WeakMap<readonly PlannedModel[], GpuPoolSize[]>();

/** The CPU pool of a cluster running these models (and the router, on the config cluster). */
export function cpuPoolFor(models: readonly PlannedModel[], router: boolean): CpuPoolPlan {
  const known = cpuPools.get(models) ?? new Map<boolean, CpuPoolPlan>();
  cpuPools.set(models, known);
  const pool = known.get(router) ?? planCpuPool(models, router);
  known.set(router, pool);
  return pool;
}

function planCpuPool(models: readonly PlannedModel[], router: boolean): CpuPoolPlan {
  const deployments = deploymentsOf(models);
  const heads = deployments.map((d) => ({ pod: headShape(d, RAY_CLUSTER_LOGGING), count: 1 }));
  const steady = [{ pod: SYSTEM_PODS_ALLOWANCE, count: 1 }, ...heads, { pod: ROUTER_SHAPE, count: router ? 1 : 0 }];
  const surge = heads.filter((_, i) => upgrading(deployments[i]));
  const fits = (m: string) => heads.every((h) => !unfitResource(h.pod, largestRoom(m, 0)));
  const machine = CPU_MACHINE_TYPES.find(fits) ?? CPU_MACHINE_TYPES[CPU_MACHINE_TYPES.length - 1];
  return { name: CPU_POOL_NAME, ...sized(machine, 0, steady, surge) };
}

/** The GPU pools' shared fields: see NodePoolPlan in cluster-plan.ts. */
export interface GpuPoolSize extends PoolSize {
  readonly name: string;
  readonly accelerator: string;
  readonly gpusPerNode: number;
}

/**
 * One GPU pool per accelerator, in order of first use. Its machine carries as many GPUs as the
 * largest replica on it needs (GPU counts are the machine sizes, powers of two).
 */
export function gpuPoolsFor(models: readonly PlannedModel[]): GpuPoolSize[] {
  const known = gpuPools.get(models) ?? planGpuPools(models);
  gpuPools.set(models, known);
  return known.map((pool) => ({ ...pool }));
}

function planGpuPools(models: readonly PlannedModel[]): GpuPoolSize[] {
  const byAccelerator = new Map<string, PlannedDeployment[]>();
  for (const d of deploymentsOf(models)) {
    const list = byAccelerator.get(d.accelerator);
    if (list) list.push(d);
    else byAccelerator.set(d.accelerator, [d]);
  }
  return [...byAccelerator].map(([accelerator, deployments]) => {
    const gpusPerNode = Math.max(...deployments.map((d) => d.gpusPerReplica));
    const machine = findAccelerator(accelerator)!.machineTypes[gpusPerNode];
    const workers = deployments.map((d) => workerShape(d, RAY_CLUSTER_LOGGING));
    const steady = deployments.map((d, i) => ({ pod: workers[i], count: d.maxReplicas }));
    const surge = deployments.map((d, i) => ({ pod: workers[i], count: upgrading(d) ? d.minReplicas : 0 }));
    return { name: `gpu-${accelerator}`, accelerator, gpusPerNode, ...sized(machine, gpusPerNode, steady, surge) };
  });
}
