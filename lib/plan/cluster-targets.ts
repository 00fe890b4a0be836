/**
 * The clusters the steps are for (one cluster is a fleet of one, with its name and location left
 * as placeholders) and the settings every step file shares.
 */
import { ClusterPlan, FleetClusterPlan, NodePoolPlan, unique } from './cluster-plan';
import { PoolSize } from './node-pools';
import { flag, value } from './cluster-step-file';
import { createHash } from 'crypto';
import { RELEASE_LABEL, RELEASE_RESOURCE_LABEL, applySetName } from './release';
import { NAMESPACE_FILE_ID } from './namespaces';

/** GKE settings of a new cluster. */
export const RELEASE_CHANNEL = 'rapid';
export const CLUSTER_VERSION = '1.35';
export const PROXY_SUBNET_NAME = 'ray-llm-proxy-only-subnet';
/**
 * The ApplySet of each namespace folder of dist/: a Secret of this name in that namespace is its
 * parent (kubectl's default parent kind), in the namespace given by --namespace. Pruning by ApplySet
 * is alpha in kubectl (since 1.27) and needs KUBECTL_APPLYSET=true; measured with kubectl v1.32.4:
 * without it `kubectl apply --applyset=x` fails with "unknown flag: --applyset". Docs:
 * https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/#alternative-kubectl-apply-f-directory-prune
 * and https://kubernetes.io/docs/reference/kubectl/generated/kubectl_apply/ (--applyset: "[RESOURCE][.GROUP]/NAME;
 * a Secret will be used if no resource or group is specified").
 */
export const APPLYSET_NAME = 'ray-llm-gateway';
export { applySetName } from './release';
/**
 * The label kubectl puts on every member of an ApplySet, and the ApplySet's id in it:
 * `applyset-<base64url(sha256("<name>.<namespace>.<kind>.<group>"))>-v1` of its parent (here the
 * Secret, group ""): kubernetes/kubectl pkg/cmd/apply/applyset.go (`ID()`, `V1ApplySetIdFormat`),
 * and measured with kubectl v1.32.4 on the real kube-apiserver (test/cluster-two-releases.test.ts).
 */
export const APPLYSET_PART_OF_LABEL = 'applyset.kubernetes.io/part-of';
export const applySetId = (release: string, namespace: string) =>
  `applyset-${createHash('sha256').update(`${applySetName(release)}.${namespace}.Secret.`).digest('base64url')}-v1`;

/**
 * The manifests of a namespace folder as kubectl file arguments, without its Namespace object
 * (`0-namespace.k8s.yaml`): cluster.sh never applies or deletes a Namespace from dist/ (a team
 * namespace that existed before would become an ApplySet member and be deleted by `down`); the
 * namespace steps create it (marked) and delete it only when marked. `distFiles` (paths relative
 * to dist/, as synth writes them) unknown: the folder, recursively (for callers reading other files).
 */
export function folderManifests(dir: string, distFromRoot: string, distFiles?: readonly string[]): string[] {
  if (!distFiles) return ['--recursive', flag('filename', dir)];
  return distFiles.map((f) => `${distFromRoot}/${f}`).filter((f) => f.startsWith(`${dir}/`) && !f.endsWith(`/${NAMESPACE_FILE_ID}.k8s.yaml`))
    .sort().map((f) => flag('filename', f));
}
/**
 * The mark of what scripts/cluster.sh creates: `down` (and the pruning of what left the list)
 * deletes a namespace, Secret, node pool or cluster only when it carries it, never one it found.
 * Kubernetes objects: the label `app.kubernetes.io/managed-by` (the recommended label of the tool
 * that manages an object, https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/).
 * Google Cloud resources (clusters, node pools): the resource label `managed_by` (keys and values of
 * lower-case letters, digits, "_" and "-": https://cloud.google.com/kubernetes-engine/docs/how-to/creating-managing-labels).
 */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'ray-llm-gateway';
export const RESOURCE_LABEL = `managed_by=${MANAGED_BY}`;
/** The marks of one release: the tool's and the release's (lib/plan/release.ts). */
export const releaseMarks = (release: string) => [`${MANAGED_BY_LABEL}=${MANAGED_BY}`, `${RELEASE_LABEL}=${release}`];
export const releaseSelector = (release: string) => flag('selector', releaseMarks(release).join(','));
export const resourceLabels = (t: Target) => flag('labels', `${RESOURCE_LABEL},${RELEASE_RESOURCE_LABEL}=${t.release}`);
/** A gcloud filter term: carries both resource labels (`prefix`: `config.` for node pools). */
/** A proxy-only subnet has no labels: its description carries the release that created it. */
export const subnetMark = (release: string) => `ray-llm-gateway.${release}`;
export const releaseFilter = (t: Target, prefix = '') => `${prefix}resourceLabels.${RESOURCE_LABEL} AND ${prefix}resourceLabels.${RELEASE_RESOURCE_LABEL}=${t.release}`;

/** The APIs a multi-cluster Gateway needs, enabled in this order; one cluster needs the first. */
export const FLEET_APIS = [
  'networkservices.googleapis.com',
  'multiclusterservicediscovery.googleapis.com',
  'multiclusteringress.googleapis.com',
  'trafficdirector.googleapis.com',
  'gkehub.googleapis.com',
];

/** One cluster, as the steps address it: the fleet cluster and its kube context. */
export interface Target extends FleetClusterPlan {
  readonly context: string;
  readonly release: string;
}

export function targets(plan: ClusterPlan, distFromRoot: string): Target[] {
  const fleet: FleetClusterPlan[] = plan.clusters.length > 0 ? [...plan.clusters] : [{
    name: '{cluster}', region: '{region}', location: '{location}', config: true, dist: distFromRoot,
    proxySubnetRange: plan.proxySubnetRange, namespaces: unique([plan.namespace, ...plan.modelNamespaces]),
    modelNamespaces: plan.modelNamespaces, nodePools: plan.nodePools, cpuPool: plan.cpuPool,
  }];
  return fleet.map((c) => ({
    ...c,
    namespaces: c.config ? unique([...c.namespaces, plan.namespace]) : c.namespaces,
    context: `gke_{project}_${c.location}_${c.name}`,
    release: plan.release,
  }));
}

export const project = flag('project', '{project}');

/**
 * A fleet membership lives in its cluster's region: `memberships register --gke-cluster=LOCATION/NAME`
 * creates projects/P/locations/REGION/memberships/NAME (gcloud 528 `memberships register --help`,
 * --location: "the membership location will be the location of the cluster"; measured with the
 * real gcloud in test/real-gcloud.test.ts). Every command naming the membership says that location;
 * `fleet ingress enable --location` is the config membership's location, not the feature's.
 */
export const membershipLocation = (t: FleetClusterPlan) => flag('location', t.region);

export function poolArgs(t: Target, pool: { readonly name: string }): string[] {
  return [value(pool.name), flag('cluster', t.name), flag('location', t.location), project];
}

/** Machine type, boot disk and size of a pool (as `clusters create` and `node-pools create` take them). */
export function poolShape(pool: PoolSize): string[] {
  return [flag('machine-type', pool.machineType), flag('disk-size', `${pool.diskSizeGb}`), flag('num-nodes', `${pool.nodes}`),
    '--enable-autoscaling', flag('min-nodes', `${pool.nodes}`), flag('max-nodes', `${pool.maxNodes}`)];
}

export function poolCreate(t: Target, pool: NodePoolPlan): string[] {
  return ['gcloud', 'container', 'node-pools', 'create', ...poolArgs(t, pool),
    flag('accelerator', `type=${pool.accelerator},count=${pool.gpusPerNode},gpu-driver-version=latest`),
    ...poolShape(pool), flag('workload-metadata', 'GKE_METADATA'), resourceLabels(t)];
}

/** The CPU pool again, should it be replaced (a cluster made before it was planned has 3 x e2-medium). */
export function cpuPoolCreate(t: Target): string[] {
  return ['gcloud', 'container', 'node-pools', 'create', ...poolArgs(t, t.cpuPool), ...poolShape(t.cpuPool), flag('workload-metadata', 'GKE_METADATA'), resourceLabels(t)];
}

