/** Validation of the fleet: the clusters of a multi-cluster Gateway and which models run where. */
import { checkProxySubnetRange, IPV4_CIDR, overlaps } from './cidr';
import { CROSS_REGION_PROXY_CLASS_NAMES, REGIONAL_MULTI_CLUSTER_CLASS_NAMES } from '../facts/gateway-classes';
import { PlannedCluster } from './model-plan';
import { Problems } from '../list/problems';
import { ClusterSpec } from '../list/list-spec';

/** GKE cluster names: lowercase letters, digits, hyphens, at most 40, starting with a letter. */
const CLUSTER_NAME = /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/;
const REGION = /^[a-z]+-[a-z]+[0-9]+$/;
const LOCATION = /^[a-z]+-[a-z]+[0-9]+(-[a-z])?$/;

/** Multi-cluster GatewayClasses whose load balancer is regional: every cluster in one region. */
export const REGIONAL_MULTI_CLUSTER_CLASSES = REGIONAL_MULTI_CLUSTER_CLASS_NAMES;

/**
 * @param specs the list's clusters (checked at the border; a wrong name or region is "")
 * @param places how problems name each of them (`clusters[0] "us-central"`)
 */
export function planClusters(problems: Problems, specs: readonly ClusterSpec[] | undefined, places: readonly string[], defaultRange: string, gatewayClassName: string): PlannedCluster[] {
  if (specs === undefined) return [];
  const clusters = specs.map((spec, index): PlannedCluster => {
    const where = places[index];
    const name = spec.name;
    if (name && !CLUSTER_NAME.test(name)) problems.add(where, `name "${name}" is not a GKE cluster name (lowercase letters, digits, "-", at most 40, starting with a letter)`);
    const region = spec.region;
    if (region && !REGION.test(region)) problems.add(where, `region "${region}" is not a region such as us-central1`);
    const location = spec.location ?? `${region}-b`;
    if (spec.location !== undefined && !(LOCATION.test(location) && location.startsWith(region))) problems.add(where, `location "${location}" is not ${region} or a zone of it`);
    const proxySubnetRange = spec.proxySubnetRange ?? '';
    if (spec.proxySubnetRange !== undefined) checkProxySubnetRange((m) => problems.add(where, m), proxySubnetRange, '');
    return { name, region, location, config: spec.config ?? false, proxySubnetRange, proxySourceRanges: [] };
  });
  const planned = withPlannedRanges(clusters, defaultRange);

  const configs = planned.filter((c) => c.config);
  if (configs.length > 1) problems.add('clusters', `${configs.map((c) => c.name).join(', ')} are all config clusters; mark exactly one`);
  const withConfig = configs.length === 0 ? planned.map((c, i) => ({ ...c, config: i === 0 })) : planned;

  const names = new Set<string>();
  const rangeOfRegion = new Map<string, string>();
  for (const cluster of withConfig) {
    if (names.has(cluster.name)) problems.add('clusters', `"${cluster.name}" is listed twice`);
    names.add(cluster.name);
    const range = rangeOfRegion.get(cluster.region);
    if (range !== undefined && range !== cluster.proxySubnetRange) {
      problems.add(`clusters "${cluster.name}"`, `proxySubnetRange ${cluster.proxySubnetRange} differs from ${range} of another cluster in ${cluster.region}; a region has one proxy-only subnet`);
    }
    if (range === undefined) rangeOfRegion.set(cluster.region, cluster.proxySubnetRange);
  }
  const ranges = [...rangeOfRegion.entries()];
  for (const [region, range] of ranges) {
    const other = ranges.find(([r, x]) => r !== region && x === range);
    if (other && region < other[0]) problems.add('clusters', `regions ${region} and ${other[0]} both use proxySubnetRange ${range}; set a distinct proxySubnetRange per region`);
    const overlapping = ranges.find(([r, x]) => r !== region && x !== range && IPV4_CIDR.test(x) && IPV4_CIDR.test(range) && overlaps(x, range));
    if (overlapping && region < overlapping[0]) problems.add('clusters', `proxySubnetRange ${range} of ${region} overlaps ${overlapping[1]} of ${overlapping[0]}; the ranges of a network must not overlap`);
  }
  return withConfig.map((c) => ({ ...c, proxySourceRanges: proxySourceRanges(gatewayClassName, withConfig, c) }));
}

/** `cidr` moved on by `n` blocks of its own size (192.168.10.0/24, 1 -> 192.168.11.0/24). */
function nextBlock(cidr: string, n: number): string {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = base.split('.').reduce((x, octet) => x * 256 + Number(octet), 0) + n * size;
  return `${[24, 16, 8, 0].map((shift) => Math.floor(start / 2 ** shift) % 256).join('.')}/${bits}`;
}

/**
 * Ranges planned per region: a cluster without proxySubnetRange takes the one another cluster of
 * its region sets; a region where none does gets the list's range (network.proxySubnetRange), the
 * next region the block after it, and so on, skipping blocks set explicitly. Explicit ranges are
 * kept (and checked by the caller).
 */
function withPlannedRanges(clusters: PlannedCluster[], defaultRange: string): PlannedCluster[] {
  const explicit = new Map<string, string>();
  for (const c of clusters) if (c.proxySubnetRange && !explicit.has(c.region)) explicit.set(c.region, c.proxySubnetRange);
  const used = new Set(explicit.values());
  const planned = new Map<string, string>();
  let next = 0;
  for (const c of clusters) {
    if (explicit.has(c.region) || planned.has(c.region) || !IPV4_CIDR.test(defaultRange)) continue;
    while (used.has(nextBlock(defaultRange, next))) next++;
    planned.set(c.region, nextBlock(defaultRange, next++));
  }
  return clusters.map((c) => ({ ...c, proxySubnetRange: c.proxySubnetRange || explicit.get(c.region) || planned.get(c.region) || defaultRange }));
}

/**
 * The proxy-only ranges a cluster's load balancer traffic arrives from: for the cross-region
 * internal class, the proxies of every region of the Gateway (a cross-region internal Application
 * Load Balancer has Envoy proxies in each region with a GLOBAL_MANAGED_PROXY subnet, and a proxy
 * may send to backends in any region:
 * https://cloud.google.com/load-balancing/docs/l7-internal/proxy-only-subnets ("cross-region
 * internal Application Load Balancer"), and failover sends another region's requests here); for
 * the other classes, its own region's subnet.
 */
function proxySourceRanges(gatewayClassName: string, clusters: readonly PlannedCluster[], cluster: PlannedCluster): string[] {
  if (!CROSS_REGION_PROXY_CLASS_NAMES.includes(gatewayClassName)) return [cluster.proxySubnetRange];
  return [...new Set([cluster.proxySubnetRange, ...clusters.map((c) => c.proxySubnetRange)])];
}

/** The clusters a model runs in: those it names (each once, checked at the border), or all. */
export function modelClusters(problems: Problems, where: string, names: readonly string[] | undefined, clusters: readonly PlannedCluster[]): string[] {
  if (names === undefined) return clusters.map((c) => c.name);
  if (clusters.length === 0) {
    problems.add(where, 'clusters is set but the list has no clusters');
    return [];
  }
  for (const name of names) {
    if (!clusters.some((c) => c.name === name)) problems.add(where, `clusters names "${name}", which is not in the list's clusters (${clusters.map((c) => c.name).join(', ')})`);
  }
  return [...names];
}
