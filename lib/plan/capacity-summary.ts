/**
 * The capacity plan as lines a person reads (`npm run plan`, and one line per cluster in synth's
 * summary): per cluster its pools x nodes (steady / during an all-model upgrade), GPUs and an
 * estimated monthly price (lib/facts/prices.ts: dated, cited, an estimate).
 */
import { CLUSTER_HOURLY, HOURS_PER_MONTH, nodeMonthly, PRICE_DATE, PRICE_REGION, PRICE_SOURCE } from '../facts/prices';
import { ModelPlan } from './model-plan';
import { cpuPoolFor, gpuPoolsFor, PoolSize } from './node-pools';

/** One cluster's pools. */
export interface ClusterCapacity {
  readonly cluster: string;
  readonly pools: readonly (PoolSize & { readonly name: string; readonly accelerator?: string; readonly gpusPerNode: number })[];
}

export function clusterCapacities(plan: ModelPlan): ClusterCapacity[] {
  const groups = plan.clusters.length === 0
    ? [{ cluster: 'cluster', models: plan.models, router: true }]
    : plan.clusters.map((c) => ({ cluster: c.name, models: plan.models.filter((m) => m.clusters.includes(c.name)), router: c.config }));
  return groups.map(({ cluster, models, router }) => ({
    cluster,
    pools: [{ ...cpuPoolFor(models, router), gpusPerNode: 0 }, ...gpuPoolsFor(models)],
  }));
}

const dollars = (n: number | undefined) => (n === undefined ? '?' : `$${Math.round(n).toLocaleString('en-US')}`);

/** Monthly price of a cluster at `count(pool)` nodes per pool; undefined when a price is missing. */
function monthly(c: ClusterCapacity, count: (p: PoolSize) => number): number | undefined {
  let total = CLUSTER_HOURLY * HOURS_PER_MONTH;
  for (const p of c.pools) {
    const node = nodeMonthly(p.machineType, p.accelerator, p.gpusPerNode, p.diskSizeGb);
    if (node === undefined) return undefined;
    total += node * count(p);
  }
  return total;
}

/** One line per cluster. */
export function capacityLines(plan: ModelPlan): string[] {
  return clusterCapacities(plan).map((c) => {
    const pools = c.pools.map((p) => `${p.name} ${p.nodes}/${p.maxNodes} x ${p.machineType} (${p.diskSizeGb} GB disk)`).join(', ');
    const gpus = (count: (p: PoolSize) => number) => c.pools.reduce((n, p) => n + p.gpusPerNode * count(p), 0);
    return `${c.cluster}: nodes steady/upgrade: ${pools}; GPUs ${gpus((p) => p.nodes)}/${gpus((p) => p.maxNodes)}; ` +
      `~${dollars(monthly(c, (p) => p.nodes))}/month steady, ${dollars(monthly(c, (p) => p.maxNodes))} during an upgrade`;
  });
}

/** Where the prices come from, for the end of the report. */
export const PRICE_NOTE = `on-demand ${PRICE_REGION} prices of ${PRICE_DATE} (${PRICE_SOURCE}), an estimate`;
