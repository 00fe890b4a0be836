/** The steps of `down`: what `up` made, in reverse, each only where it exists. */
import { ClusterPlan, unique } from './cluster-plan';
import { ClusterStep, flag, value } from './cluster-step-file';
import { APPLYSET_NAME, managedSelector, membershipLocation, poolArgs, project, PROXY_SUBNET_NAME, RESOURCE_LABEL, Target } from './cluster-targets';

/** Lists the resource only when it carries the mark of cluster.sh (see MANAGED_BY_LABEL). */
const marked = (ctx: string, kind: string, name: string, namespace?: string) =>
  ['kubectl', ctx, 'get', kind, ...(namespace ? [flag('namespace', namespace)] : []), flag('field-selector', `metadata.name=${name}`), managedSelector, '--output=name'];
const labelFilter = (name: string, prefix: string) => flag('filter', `name=${name} AND ${prefix}resourceLabels.${RESOURCE_LABEL}`);

export function downSteps(plan: ClusterPlan, all: Target[]): ClusterStep[] {
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
    // With GitOps the controller owns the manifests and the router: delete its root object first (README "GitOps").
    for (const ns of plan.gitops ? [] : [...t.namespaces].reverse()) {
      const dir = `${t.dist}/${ns}`;
      steps.push({
        phase: 'down', id: `manifests:${t.name}/${ns}`, description: `manifests ${dir} and their ApplySet ${APPLYSET_NAME}`, needs, dir,
        delete: [
          ['kubectl', ctx, 'delete', flag('namespace', ns), '--recursive', flag('filename', dir), '--ignore-not-found'],
          ['kubectl', ctx, 'delete', 'secret', APPLYSET_NAME, flag('namespace', ns), '--ignore-not-found'],
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
        listed: marked(ctx, 'secrets', plan.huggingFaceSecretName, ns),
        delete: [['kubectl', ctx, 'delete', 'secret', value(plan.huggingFaceSecretName), flag('namespace', ns), '--ignore-not-found']],
      });
    }
    for (const ns of [...t.namespaces].reverse().filter((n) => n !== 'default')) {
      steps.push({
        phase: 'down', id: `namespace:${t.name}/${ns}`, description: `namespace ${t.name}/${ns} (if up created it)`, needs,
        listed: marked(ctx, 'namespaces', ns),
        delete: [['kubectl', ctx, 'delete', 'namespace', value(ns)]],
      });
    }
  }
  if (plan.proxySubnetRequired) {
    for (const region of unique(all.map((c) => c.region)).reverse()) {
      const name = fleet ? `${PROXY_SUBNET_NAME}-${region}` : PROXY_SUBNET_NAME;
      steps.push({
        phase: 'down', id: `subnet:${region}`, description: `proxy-only subnet ${name} (fails while another load balancer in ${region} uses it)`,
        check: ['gcloud', 'compute', 'networks', 'subnets', 'describe', value(name), project, flag('region', region)],
        delete: [['gcloud', 'compute', 'networks', 'subnets', 'delete', value(name), project, flag('region', region), '--quiet']],
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
        listed: ['gcloud', 'container', 'node-pools', 'list', flag('cluster', t.name), flag('location', t.location), project, labelFilter(pool.name, 'config.'), '--format=value(name)'],
        delete: [['gcloud', 'container', 'node-pools', 'delete', ...poolArgs(t, pool), '--quiet']],
      });
    }
    steps.push({
      phase: 'down', id: `delete-cluster:${t.name}`, description: `cluster ${t.name} (if up created it)`, needs: `cluster:${t.name}`,
      listed: ['gcloud', 'container', 'clusters', 'list', project, flag('filter', `name=${t.name} AND location=${t.location} AND resourceLabels.${RESOURCE_LABEL}`), '--format=value(name)'],
      delete: [['gcloud', 'container', 'clusters', 'delete', value(t.name), flag('location', t.location), project, '--quiet']],
    });
  }
  return steps;
}

