/**
 * What scripts/cluster.sh creates besides the manifests: the GPU node pools the list needs, the
 * proxy-only subnet when the gateway class needs one, the namespaces, and the names it must agree
 * on — for one cluster, or for each cluster of a fleet. Written as a KEY=VALUE file the script
 * parses (it never sources it).
 */
import { cpuPoolFor, CpuPoolPlan, GpuPoolSize, gpuPoolsFor } from './node-pools';
import { ModelPlan, PlannedModel } from './model-plan';
import { fillClusterOf } from './model-cache-plan';
import { gcsBucketOf } from './model-fields';
import { MANIFEST_EXTENSION, modelCacheChartId } from './names';
import { ROUTER_RELEASE_NAME } from '../facts/router';
import { routerChartVersionOf } from './router-values';
import { releaseOf } from './release';

/** Gateway classes served by a regional Envoy-based load balancer, which needs a REGIONAL_MANAGED_PROXY subnet. */
export const REGIONAL_PROXY_GATEWAY_CLASSES = [
  'gke-l7-rilb',
  'gke-l7-rilb-mc',
  'gke-l7-regional-external-managed',
  'gke-l7-regional-external-managed-mc',
];
/** The cross-region internal load balancer needs a GLOBAL_MANAGED_PROXY subnet in each region. */
export const GLOBAL_PROXY_GATEWAY_CLASSES = ['gke-l7-cross-regional-internal-managed-mc'];

export type ProxySubnetPurpose = 'REGIONAL_MANAGED_PROXY' | 'GLOBAL_MANAGED_PROXY';

/**
 * One GPU node pool: one per accelerator used in a cluster, sized by packing its workers onto its
 * machine type (lib/plan/node-pools.ts): `nodes` hold every model at maxReplicas; `upgradeNodes`
 * the second Ray cluster of each `upgrade: newCluster` deployment (minReplicas workers), all at once.
 */
export type NodePoolPlan = GpuPoolSize;

/** One cluster of a fleet, as the script needs it. */
export interface FleetClusterPlan {
  readonly name: string;
  readonly region: string;
  readonly location: string;
  readonly config: boolean;
  /** Its manifests, relative to the repository root. */
  readonly dist: string;
  readonly proxySubnetRange: string;
  /** Namespaces the cluster needs (the config cluster: the Gateway's and every model's, for the ServiceImports). */
  readonly namespaces: readonly string[];
  /** Namespaces RayServices run in here: each needs the Hugging Face secret. */
  readonly modelNamespaces: readonly string[];
  readonly nodePools: readonly NodePoolPlan[];
  /** The default pool: heads, their sidecars, the router (on the config cluster). */
  readonly cpuPool: CpuPoolPlan;
}

export interface ClusterPlan {
  /** The list's release (lib/plan/release.ts): its ApplySet and the marks of what the script creates. */
  readonly release: string;
  readonly gatewayName: string;
  readonly gatewayClassName: string;
  readonly namespace: string;
  /** Every namespace a RayService runs in: each needs the Hugging Face secret. */
  readonly modelNamespaces: readonly string[];
  readonly huggingFaceSecretName: string;
  readonly huggingFaceSecretKey: string;
  readonly proxySubnetRequired: boolean;
  readonly proxySubnetPurpose: ProxySubnetPurpose;
  readonly proxySubnetRange: string;
  readonly routerRelease: string;
  /** Router values file, relative to the repository root. */
  readonly routerValues: string;
  /** The router chart's version (`helm --version`; lib/facts/router-charts.ts). */
  readonly routerChartVersion: string;
  readonly nodePools: readonly NodePoolPlan[];
  /** The default pool of the one cluster (a fleet's clusters have their own). */
  readonly cpuPool: CpuPoolPlan;
  /** The fleet; empty for one cluster. */
  readonly clusters: readonly FleetClusterPlan[];
  /**
   * A GitOps controller (the list's `gitops:`) installs the router and applies dist/: the script
   * then leaves both alone, up and down, and creates only what YAML cannot.
   */
  readonly gitops: boolean;
  /** The model cache bucket and what uses it, if the list has one (lib/plan/model-cache-steps.ts). */
  readonly modelCache?: ModelCachePlan;
  /**
   * With NetworkPolicies: whether an existing cluster that enforces none stops the script
   * (`required`) or only warns (`unenforced-ok`). Undefined without NetworkPolicies.
   */
  readonly networkPolicyEnforcement?: 'required' | 'unenforced-ok';
  /** The body-based router is installed (gateway.bodyBasedRouting). */
  readonly bodyBasedRouting: boolean;
  /** `gs://` buckets a namespace's models read (source, loraStoragePath): each granted to its Ray ServiceAccount. */
  readonly bucketGrants: readonly BucketGrant[];
}

/** Read access to one bucket for the Ray pods of one namespace. */
export interface BucketGrant {
  readonly bucket: string;
  readonly namespace: string;
}

function bucketGrants(plan: ModelPlan): BucketGrant[] {
  const grants = new Map<string, BucketGrant>();
  for (const model of plan.models) {
    for (const deployment of model.deployments) {
      for (const bucket of [gcsBucketOf(deployment.source), gcsBucketOf(deployment.loraStoragePath)]) {
        if (bucket) grants.set(`${bucket} ${model.namespace}`, { bucket, namespace: model.namespace });
      }
    }
  }
  return [...grants.values()];
}

/** What the script sets up for the model cache. */
export interface ModelCachePlan {
  readonly bucket: string;
  /** Namespaces whose Ray pods read the bucket (their `ray-llm` ServiceAccount gets read access). */
  readonly readerNamespaces: readonly string[];
  /** The fill Jobs, each run before the manifests in the first cluster running its model (`{cluster}` with one cluster). */
  readonly fills: readonly { readonly cluster: string; readonly namespace: string; readonly job: string; readonly source: string; readonly file: string }[];
}

function modelCachePlan(plan: ModelPlan, distFromRoot: string): ModelCachePlan | undefined {
  if (plan.modelCacheBucket === undefined) return undefined;
  const cached = plan.models.flatMap((m) => m.deployments.filter((d) => d.modelCache).map((d) => ({ model: m, deployment: d })));
  return {
    bucket: plan.modelCacheBucket,
    readerNamespaces: unique(cached.map((c) => c.model.namespace)),
    fills: cached.map(({ model, deployment }) => {
      const cluster = fillClusterOf(plan, model)?.name;
      const folder = cluster ? `${distFromRoot}/${cluster}` : distFromRoot;
      return {
        cluster: cluster ?? '{cluster}',
        namespace: model.namespace,
        job: deployment.modelCache!.fillJobName,
        source: deployment.modelCache!.folder,
        file: `${folder}/${model.namespace}/${modelCacheChartId(deployment.name)}${MANIFEST_EXTENSION}`,
      };
    }),
  };
}

/** The GPU node pools for these models, in order of first use (lib/plan/node-pools.ts). */
export function nodePoolsFor(models: readonly PlannedModel[]): NodePoolPlan[] {
  return gpuPoolsFor(models);
}

/** The node pools of a one-cluster list. */
export function nodePools(plan: ModelPlan): NodePoolPlan[] {
  return nodePoolsFor(plan.models);
}

export const unique = (values: readonly string[]) => [...new Set(values)];

function fleetClusters(plan: ModelPlan, distFromRoot: string): FleetClusterPlan[] {
  return plan.clusters.map((cluster) => {
    const models = plan.models.filter((m) => m.clusters.includes(cluster.name));
    const modelNamespaces = unique(models.map((m) => m.namespace));
    const namespaces = cluster.config ? unique([plan.namespace, ...plan.models.map((m) => m.namespace)]) : modelNamespaces;
    return { ...cluster, dist: `${distFromRoot}/${cluster.name}`, namespaces, modelNamespaces, nodePools: nodePoolsFor(models), cpuPool: cpuPoolFor(models, cluster.config) };
  });
}

/**
 * @param routerValuesPath the router values file, relative to the repository root
 * @param distFromRoot dist/, relative to the repository root
 */
export function clusterPlan(plan: ModelPlan, routerValuesPath: string, distFromRoot = 'dist'): ClusterPlan {
  const global = GLOBAL_PROXY_GATEWAY_CLASSES.includes(plan.gatewayClassName);
  return {
    release: releaseOf(plan),
    gatewayName: plan.gatewayName,
    gatewayClassName: plan.gatewayClassName,
    namespace: plan.namespace,
    modelNamespaces: unique(plan.models.map((m) => m.namespace)),
    huggingFaceSecretName: plan.huggingFaceSecretName,
    huggingFaceSecretKey: plan.huggingFaceSecretKey,
    proxySubnetRequired: global || REGIONAL_PROXY_GATEWAY_CLASSES.includes(plan.gatewayClassName),
    proxySubnetPurpose: global ? 'GLOBAL_MANAGED_PROXY' : 'REGIONAL_MANAGED_PROXY',
    proxySubnetRange: plan.proxySubnetRange,
    routerRelease: ROUTER_RELEASE_NAME,
    routerValues: routerValuesPath,
    routerChartVersion: routerChartVersionOf(plan),
    nodePools: nodePools(plan),
    cpuPool: cpuPoolFor(plan.models, true),
    clusters: fleetClusters(plan, distFromRoot),
    gitops: plan.gitops !== undefined,
    modelCache: modelCachePlan(plan, distFromRoot),
    networkPolicyEnforcement: plan.networkPolicies ? plan.networkPolicyEnforcement : undefined,
    bodyBasedRouting: plan.bodyBasedRouting,
    bucketGrants: bucketGrants(plan),
  };
}

function nodePoolLines(prefix: string, pools: readonly NodePoolPlan[]): string[] {
  return [
    `${prefix}_COUNT=${pools.length}`,
    ...pools.flatMap((pool, index) => {
      const p = `${prefix}_${index + 1}`;
      return [
        `${p}_NAME=${pool.name}`, `${p}_ACCELERATOR=${pool.accelerator}`, `${p}_GPUS_PER_NODE=${pool.gpusPerNode}`, `${p}_MACHINE_TYPE=${pool.machineType}`, `${p}_NODES=${pool.nodes}`,
        `${p}_UPGRADE_NODES=${pool.upgradeNodes}`, `${p}_MAX_NODES=${pool.maxNodes}`,
      ];
    }),
  ];
}

/** The plan as `PLAN_*=value` lines (values are names, numbers and comma lists: no quoting needed). */
export function clusterPlanEnv(cluster: ClusterPlan): string {
  const fleet = cluster.clusters.length > 0;
  const lines = [
    '# Generated by `npx cdk8s synth` from the model list. Do not edit.',
    '# Read by scripts/cluster.sh (parsed as KEY=VALUE, never sourced).',
    `PLAN_GATEWAY_NAME=${cluster.gatewayName}`,
    `PLAN_GATEWAY_CLASS=${cluster.gatewayClassName}`,
    `PLAN_NAMESPACE=${cluster.namespace}`,
    ...(fleet ? [] : [`PLAN_MODEL_NAMESPACES=${cluster.modelNamespaces.join(',')}`]),
    `PLAN_HF_SECRET_NAME=${cluster.huggingFaceSecretName}`,
    `PLAN_HF_SECRET_KEY=${cluster.huggingFaceSecretKey}`,
    `PLAN_PROXY_SUBNET_REQUIRED=${cluster.proxySubnetRequired}`,
    ...(fleet ? [`PLAN_PROXY_SUBNET_PURPOSE=${cluster.proxySubnetPurpose}`] : [`PLAN_PROXY_SUBNET_RANGE=${cluster.proxySubnetRange}`]),
    `PLAN_ROUTER_RELEASE=${cluster.routerRelease}`,
    `PLAN_ROUTER_VALUES=${cluster.routerValues}`,
  ];
  if (!fleet) return [...lines, ...nodePoolLines('PLAN_NODE_POOL', cluster.nodePools)].join('\n') + '\n';
  lines.push(`PLAN_CLUSTER_COUNT=${cluster.clusters.length}`);
  cluster.clusters.forEach((c, index) => {
    const p = `PLAN_CLUSTER_${index + 1}`;
    lines.push(
      `${p}_NAME=${c.name}`,
      `${p}_REGION=${c.region}`,
      `${p}_LOCATION=${c.location}`,
      `${p}_CONFIG=${c.config}`,
      `${p}_DIST=${c.dist}`,
      `${p}_PROXY_SUBNET_RANGE=${c.proxySubnetRange}`,
      `${p}_NAMESPACES=${c.namespaces.join(',')}`,
      `${p}_MODEL_NAMESPACES=${c.modelNamespaces.join(',')}`,
      ...nodePoolLines(`${p}_NODE_POOL`, c.nodePools),
    );
  });
  return lines.join('\n') + '\n';
}
