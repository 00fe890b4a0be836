/** The steps of `down`: what `up` made, in reverse, each only where it exists. */
import { ClusterPlan, unique } from './cluster-plan';
import { ClusterStep, flag, value } from './cluster-step-file';
import { applySetName, folderManifests, subnetMark, membershipLocation, poolArgs, project, PROXY_SUBNET_NAME, releaseFilter, releaseSelector, Target } from './cluster-targets';

/** Lists the resource only when it carries the marks of this release (lib/plan/release.ts). */
const marked = (t: Target, kind: string, name: string, namespace?: string) =>
  ['kubectl', flag('context', t.context), 'get', kind, ...(namespace ? [flag('namespace', namespace)] : []), flag('field-selector', `metadata.name=${name}`), releaseSelector(t.release), '--output=name'];
const labelFilter = (t: Target, name: string, prefix: string) => flag('filter', `name=${name} AND ${releaseFilter(t, prefix)}`);

/**
 * What the Compute API answers when a subnet that another resource uses is deleted: error reason
 * `resourceInUseByAnotherResource`, message "The subnetwork resource '...' is already being used by '...'"
 * (https://cloud.google.com/compute/docs/troubleshooting/troubleshooting-resource-errors, "resourceInUseByAnotherResource").
 */
export const SUBNET_IN_USE = ['*resourceInUseByAnotherResource*', '*is already being used by*'];

export function downSteps(plan: ClusterPlan, all: Target[], distFromRoot: string, distFiles?: readonly string[]): ClusterStep[] {
  const fleet = plan.clusters.length > 0;
  const steps: ClusterStep[] = [];
  const byConfigFirst = [...all.filter((c) => c.config), ...all.filter((c) => !c.config)];
  for (const t of all) {
    steps.push({
      phase: 'down', id: `cluster:${t.name}`, description: `cluster ${t.name}: kubectl credentials`,
      check: ['gcloud', 'container', 'clusters', 'describe', value(t.name), flag('location', t.location), project],
      prepare: [['gcloud', 'container', 'clusters', 'get-credentials', value(t.name), flag('location', t.location), project]],
    });
  }
  for (const t of byConfigFirst) {
    const ctx = flag('context', t.context);
    const needs = `cluster:${t.name}`;
    // With GitOps the controller owns the manifests and the router: delete its root object first (docs/gitops.md).
    for (const ns of plan.gitops ? [] : [...t.namespaces].reverse()) {
      const dir = `${t.dist}/${ns}`;
      steps.push({
        // Never the folder's Namespace object: the namespace step deletes a namespace only when marked as this release's.
        phase: 'down', id: `manifests:${t.name}/${ns}`, description: `manifests ${dir} (not its Namespace) and their ApplySet ${applySetName(t.release)}`, needs, dir,
        delete: [
          ['kubectl', ctx, 'delete', flag('namespace', ns), ...folderManifests(dir, distFromRoot, distFiles), '--ignore-not-found'],
          ['kubectl', ctx, 'delete', 'secret', applySetName(t.release), flag('namespace', ns), '--ignore-not-found'],
        ],
      });
    }
    if (t.config && !plan.gitops && plan.bodyBasedRouting) {
      steps.push({
        phase: 'down', id: `router:${t.name}`, description: `router ${t.name}/${plan.routerRelease}`, needs,
        check: ['helm', flag('kube-context', t.context), 'status', value(plan.routerRelease), flag('namespace', plan.namespace)],
        delete: [['helm', flag('kube-context', t.context), 'uninstall', value(plan.routerRelease), flag('namespace', plan.namespace)]],
      });
    }
    for (const ns of [...t.modelNamespaces].reverse()) {
      steps.push({
        phase: 'down', id: `secret:${t.name}/${ns}`, description: `secret ${t.name}/${ns}/${plan.huggingFaceSecretName} (if up created it)`, needs,
        listed: marked(t, 'secrets', plan.huggingFaceSecretName, ns),
        delete: [['kubectl', ctx, 'delete', 'secret', value(plan.huggingFaceSecretName), flag('namespace', ns), '--ignore-not-found']],
      });
    }
    for (const ns of [...t.namespaces].reverse().filter((n) => n !== 'default')) {
      steps.push({
        phase: 'down', id: `namespace:${t.name}/${ns}`, description: `namespace ${t.name}/${ns} (if up created it)`, needs,
        listed: marked(t, 'namespaces', ns),
        delete: [['kubectl', ctx, 'delete', 'namespace', value(ns)]],
      });
    }
  }
  for (const t of [...all].reverse()) {
    if (fleet) {
      steps.push({
        phase: 'down', id: `membership:${t.name}`, description: `fleet membership ${t.name}`, needs: `cluster:${t.name}`,
        check: ['gcloud', 'container', 'fleet', 'memberships', 'describe', value(t.name), membershipLocation(t), project],
        delete: [['gcloud', 'container', 'fleet', 'memberships', 'unregister', value(t.name), membershipLocation(t), flag('gke-cluster', `${t.location}/${t.name}`), project, '--quiet']],
      });
    }
    for (const pool of [...t.nodePools].reverse()) {
      steps.push({
        phase: 'down', id: `pool:${t.name}/${pool.name}`, description: `node pool ${t.name}/${pool.name} (if up created it)`, needs: `cluster:${t.name}`,
        listed: ['gcloud', 'container', 'node-pools', 'list', flag('cluster', t.name), flag('location', t.location), project, labelFilter(t, pool.name, 'config.'), '--format=value(name)'],
        delete: [['gcloud', 'container', 'node-pools', 'delete', ...poolArgs(t, pool), '--quiet']],
      });
    }
    steps.push({
      phase: 'down', id: `delete-cluster:${t.name}`, description: `cluster ${t.name} (if up created it)`, needs: `cluster:${t.name}`,
      listed: ['gcloud', 'container', 'clusters', 'list', project, flag('filter', `name=${t.name} AND location=${t.location} AND ${releaseFilter(t)}`), '--format=value(name)'],
      delete: [['gcloud', 'container', 'clusters', 'delete', value(t.name), flag('location', t.location), project, '--quiet']],
    });
  }
  if (plan.proxySubnetRequired) {
    for (const region of unique(all.map((c) => c.region)).reverse()) {
      const name = fleet ? `${PROXY_SUBNET_NAME}-${region}` : PROXY_SUBNET_NAME;
      steps.push({
        // Last, after the clusters (their load balancers go with them): a subnet another load balancer
        // still uses is reported "kept: in use" (down exits 3), one this release did not create (no mark) is left alone.
        phase: 'down', id: `subnet:${region}`, description: `proxy-only subnet ${name} (if up created it; kept while another load balancer in ${region} uses it)`,
        listed: ['gcloud', 'compute', 'networks', 'subnets', 'list', project, flag('regions', region), flag('filter', `name=${name} AND description=${subnetMark(plan.release)}`), '--format=value(name)'],
        delete: [['gcloud', 'compute', 'networks', 'subnets', 'delete', value(name), project, flag('region', region), '--quiet']],
        inUse: SUBNET_IN_USE,
      });
    }
  }
  return steps;
}

