/**
 * The cluster steps of the model cache (docs/cold-start.md): the GCS FUSE CSI add-on, the bucket
 * (uniform access, in the cluster's region), read access for each model namespace's `ray-llm`
 * ServiceAccount and write access for the fill Job's, those ServiceAccounts, and the fill Jobs,
 * applied and waited for (bounded) before the manifests. Facts: lib/facts/model-cache.ts, identity.ts.
 */
import { ClusterPlan } from './cluster-plan';
import { Argv, ClusterStep, flag, Observation, value } from './cluster-step-file';
import { project, Target } from './cluster-targets';
import { GCS_FUSE_ADDON, MODEL_CACHE_WRITER_ROLE } from '../facts/model-cache';
import { BUCKET_READER_ROLE } from '../facts/gke';
import { MODEL_CACHE_WRITER_SERVICE_ACCOUNT, RAY_SERVICE_ACCOUNT, workloadIdentityPrincipal } from '../facts/identity';

/** Seconds the script waits for one fill Job (its activeDeadlineSeconds is the same). */
export const FILL_WAIT_SECONDS = 3600;

/** The add-ons of a new cluster. */
export function clusterAddons(plan: ClusterPlan): string {
  return ['HttpLoadBalancing', 'RayOperator', ...(plan.modelCache ? [GCS_FUSE_ADDON] : [])].join(',');
}

/**
 * An existing cluster gets the add-on (no change when it has it): the GKE API field
 * `Cluster.addonsConfig.gcsFuseCsiDriverConfig.enabled` (container/v1), printed True by gcloud.
 */
export function addonObservation(plan: ClusterPlan, t: Target): Observation[] {
  if (!plan.modelCache) return [];
  const where = [flag('location', t.location), project];
  return [{
    argv: ['gcloud', 'container', 'clusters', 'describe', value(t.name), ...where, '--format=value(addonsConfig.gcsFuseCsiDriverConfig.enabled)'],
    expect: 'True',
    converge: [['gcloud', 'container', 'clusters', 'update', value(t.name), ...where, flag('update-addons', `${GCS_FUSE_ADDON}=ENABLED`)]],
  }];
}

const grant = (bucketUrl: string, namespace: string, serviceAccount: string, role: string): Argv =>
  ['gcloud', 'storage', 'buckets', 'add-iam-policy-binding', bucketUrl, flag('member', workloadIdentityPrincipal(namespace, serviceAccount)), flag('role', role), project];

/** The bucket and who may use it: once for the project (the Workload Identity pool is the project's). */
export function bucketSteps(plan: ClusterPlan, all: readonly Target[]): ClusterStep[] {
  const cache = plan.modelCache;
  if (!cache) return [];
  const url = `gs://${cache.bucket}`;
  const region = all.find((t) => t.config)!.region;
  const writers = [...new Set(cache.fills.map((f) => f.namespace))];
  return [
    {
      phase: 'up', id: `bucket:${cache.bucket}`, description: `model cache bucket ${url} (uniform access, in ${region})`,
      check: ['gcloud', 'storage', 'buckets', 'describe', url, project],
      create: [['gcloud', 'storage', 'buckets', 'create', url, project, flag('location', region), '--uniform-bucket-level-access']],
    },
    ...cache.readerNamespaces.map((ns): ClusterStep => ({
      phase: 'up', id: `iam:model-cache-reader/${ns}`, description: `${BUCKET_READER_ROLE} on ${url} for ${ns}/${RAY_SERVICE_ACCOUNT} (no change if granted)`,
      needs: `bucket:${cache.bucket}`,
      create: [grant(url, ns, RAY_SERVICE_ACCOUNT, BUCKET_READER_ROLE)],
    })),
    ...writers.map((ns): ClusterStep => ({
      phase: 'up', id: `iam:model-cache-writer/${ns}`, description: `${MODEL_CACHE_WRITER_ROLE} on ${url} for ${ns}/${MODEL_CACHE_WRITER_SERVICE_ACCOUNT} (no change if granted)`,
      needs: `bucket:${cache.bucket}`,
      create: [grant(url, ns, MODEL_CACHE_WRITER_SERVICE_ACCOUNT, MODEL_CACHE_WRITER_ROLE)],
    })),
  ];
}

/** In one cluster: the ServiceAccounts, then the fill Jobs it runs, each applied and waited for. */
export function cacheClusterSteps(plan: ClusterPlan, t: Target): ClusterStep[] {
  const cache = plan.modelCache;
  if (!cache) return [];
  const ctx = flag('context', t.context);
  const needs = `cluster:${t.name}`;
  const serviceAccount = (ns: string, name: string): ClusterStep => ({
    phase: 'up', id: `serviceaccount:${t.name}/${ns}/${name}`, description: `ServiceAccount ${t.name}/${ns}/${name}`, needs,
    check: ['kubectl', ctx, 'get', 'serviceaccount', value(name), flag('namespace', ns)],
    create: [['kubectl', ctx, 'create', 'serviceaccount', value(name), flag('namespace', ns)]],
  });
  const fills = cache.fills.filter((f) => f.cluster === t.name);
  const wait = (f: (typeof fills)[number]): Argv =>
    ['kubectl', ctx, 'wait', '--for=condition=complete', `job/${f.job}`, flag('namespace', f.namespace), flag('timeout', `${FILL_WAIT_SECONDS}s`)];
  return [
    // The Ray pods' account comes with the manifests (dist/<ns>/identity.k8s.yaml); the writer's only here.
    ...[...new Set(fills.map((f) => f.namespace))].map((ns) => serviceAccount(ns, MODEL_CACHE_WRITER_SERVICE_ACCOUNT)),
    ...fills.map((f): ClusterStep => {
      const get = ['kubectl', ctx, 'get', 'job', value(f.job), flag('namespace', f.namespace)];
      return {
        phase: 'up', id: `weights:${t.name}/${f.namespace}/${f.job}`,
        description: `weights of ${f.source} in gs://${cache.bucket}/${f.source} (Job ${f.namespace}/${f.job}, waited for up to ${FILL_WAIT_SECONDS} s)`,
        needs,
        check: get,
        create: [['kubectl', ctx, 'apply', flag('filename', f.file)], wait(f)],
        observe: [{ argv: [...get, '--output=jsonpath={.status.succeeded}'], expect: '1', converge: [wait(f)] }],
      };
    }),
  ];
}
