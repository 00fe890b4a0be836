/** Validation of the fleet: the clusters of a multi-cluster Gateway and which models run where. */
import { checkProxySubnetRange, IPV4_CIDR, overlaps } from './cidr';
import { REGIONAL_MULTI_CLUSTER_CLASS_NAMES } from '../facts/gateway-classes';
import { PlannedCluster } from './model-plan';
import { isObject, Problems } from '../spec/problems';
import { fieldsOf } from '../spec/schema-kit';
import { ClusterSchema } from '../spec/list-spec';

const CLUSTER_FIELDS = fieldsOf(ClusterSchema);
/** GKE cluster names: lowercase letters, digits, hyphens, at most 40, starting with a letter. */
const CLUSTER_NAME = /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/;
const REGION = /^[a-z]+-[a-z]+[0-9]+$/;
const LOCATION = /^[a-z]+-[a-z]+[0-9]+(-[a-z])?$/;

/** Multi-cluster GatewayClasses whose load balancer is regional: every cluster in one region. */
export const REGIONAL_MULTI_CLUSTER_CLASSES = REGIONAL_MULTI_CLUSTER_CLASS_NAMES;

export function planClusters(problems: Problems, raw: unknown, defaultRange: string): PlannedCluster[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.add('clusters', 'must be a list of at least one cluster (name, region)');
    return [];
  }
  const clusters = raw.map((entry, index): PlannedCluster => {
    const where = `clusters[${index}]${isObject(entry) && typeof entry.name === 'string' ? ` "${entry.name}"` : ''}`;
    const spec = isObject(entry) ? entry : {};
    if (!isObject(entry)) problems.add(where, 'must be a map with name and region');
    problems.unknownFields(where, spec, CLUSTER_FIELDS);
    const name = problems.required(where, 'name', spec.name);
    if (name && !CLUSTER_NAME.test(name)) problems.add(where, `name "${name}" is not a GKE cluster name (lowercase letters, digits, "-", at most 40, starting with a letter)`);
    const region = problems.required(where, 'region', spec.region);
    if (region && !REGION.test(region)) problems.add(where, `region "${region}" is not a region such as us-central1`);
    const location = problems.string(where, 'location', spec.location, `${region}-b`);
    if (spec.location !== undefined && !(LOCATION.test(location) && location.startsWith(region))) problems.add(where, `location "${location}" is not ${region} or a zone of it`);
    const proxySubnetRange = problems.string(where, 'proxySubnetRange', spec.proxySubnetRange, defaultRange);
    if (spec.proxySubnetRange !== undefined) checkProxySubnetRange((m) => problems.add(where, m), proxySubnetRange, '');
    return { name, region, location, config: problems.boolean(where, 'config', spec.config, false), proxySubnetRange };
  });

  const configs = clusters.filter((c) => c.config);
  if (configs.length > 1) problems.add('clusters', `${configs.map((c) => c.name).join(', ')} are all config clusters; mark exactly one`);
  const withConfig = configs.length === 0 ? clusters.map((c, i) => ({ ...c, config: i === 0 })) : clusters;

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
  return withConfig;
}

/** The clusters a model runs in: those it names, or all. */
export function modelClusters(problems: Problems, where: string, raw: unknown, clusters: readonly PlannedCluster[]): string[] {
  if (raw === undefined) return clusters.map((c) => c.name);
  if (clusters.length === 0) {
    problems.add(where, 'clusters is set but the list has no clusters');
    return [];
  }
  const names = problems.strings(where, 'clusters', raw, /^.+$/, 'a cluster name', clusters.length);
  for (const name of names) {
    if (!clusters.some((c) => c.name === name)) problems.add(where, `clusters names "${name}", which is not in the list's clusters (${clusters.map((c) => c.name).join(', ')})`);
  }
  if (Array.isArray(raw) && raw.length === 0) problems.add(where, 'clusters is empty: the model would run nowhere');
  return names;
}
