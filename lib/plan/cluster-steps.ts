/**
 * Every gcloud/helm/kubectl step scripts/cluster.sh runs, decided here and rendered to
 * deploy/cluster-steps.tsv. The script only executes it: per step it checks, then creates or
 * converges (up), or deletes (down). One cluster is a fleet of one: the same steps, with the
 * cluster's name and location left as `{cluster}`/`{location}` for the script to fill in.
 * The file format: lib/plan/cluster-step-file.ts.
 */
import * as path from 'path';
import { ClusterPlan, unique } from './cluster-plan';
import { ClusterStep, flag, Observation, value } from './cluster-step-file';
import { applySetId, applySetName, APPLYSET_PART_OF_LABEL, folderManifests, subnetMark, CLUSTER_VERSION, releaseFilter, releaseMarks, releaseSelector, resourceLabels, cpuPoolCreate, FLEET_APIS, membershipLocation, MANAGED_BY, MANAGED_BY_LABEL, poolArgs, poolCreate, poolShape, project, PROXY_SUBNET_NAME, RELEASE_CHANNEL, Target, targets } from './cluster-targets';
import { downSteps } from './cluster-down-steps';
import { grantDownSteps, grantUpSteps } from './cluster-grant-steps';
import { addonObservation, bucketSteps, cacheClusterSteps, clusterAddons } from './model-cache-steps';
import { createdNamespaces } from './namespaces';
import { PoolSize } from './node-pools';
import { ROUTER_CHART } from '../facts/router';
import { RELEASE_LABEL } from './release';
import { DATAPLANE_V2_FLAG, ENFORCEMENT_FORMAT, ENFORCING_OUTPUTS } from '../facts/gke';

export { renderClusterSteps } from './cluster-step-file';

const jsonpathKey = (label: string) => label.replace(/[./]/g, (c) => `\\${c}`);
export type { ClusterStep } from './cluster-step-file';

function upSteps(plan: ClusterPlan, all: Target[], distFromRoot: string, distFiles?: readonly string[]): ClusterStep[] {
  const fleet = plan.clusters.length > 0;
  const steps: ClusterStep[] = [];
  for (const api of fleet ? FLEET_APIS : FLEET_APIS.slice(0, 1)) {
    steps.push({
      phase: 'up', id: `api:${api}`, description: `API ${api}`,
      listed: ['gcloud', 'services', 'list', '--enabled', project, flag('filter', `config.name=${api}`), '--format=value(config.name)'],
      create: [['gcloud', 'services', 'enable', value(api), project]],
    });
  }
  all.forEach((t, index) => {
    const where = [flag('location', t.location), project];
    steps.push({
      phase: 'up', id: `cluster:${t.name}`, description: `cluster ${t.name} (and its kubectl credentials)`,
      check: ['gcloud', 'container', 'clusters', 'describe', value(t.name), ...where],
      create: [['gcloud', 'container', 'clusters', 'create', value(t.name), ...where,
        flag('release-channel', RELEASE_CHANNEL), flag('cluster-version', CLUSTER_VERSION), flag('gateway-api', 'standard'),
        flag('addons', clusterAddons(plan)), '--enable-ray-cluster-logging', '--enable-ray-cluster-monitoring',
        flag('workload-pool', '{project}.svc.id.goog'), DATAPLANE_V2_FLAG, ...poolShape(t.cpuPool), resourceLabels(t), ...(fleet ? ['--enable-fleet'] : [])]],
      prepare: [['gcloud', 'container', 'clusters', 'get-credentials', value(t.name), ...where]],
      observe: [...addonObservation(plan, t), ...enforcementCheck(plan, t, fleet ? `clusters[${index}]` : 'the cluster')],
    });
    steps.push({
      phase: 'up', id: `ours:${t.name}`, description: `cluster ${t.name} made by release ${t.release}`, needs: `cluster:${t.name}`,
      listed: ['gcloud', 'container', 'clusters', 'list', project, flag('filter', `name=${t.name} AND location=${t.location} AND ${releaseFilter(t)}`), '--format=value(name)'],
    });
    steps.push(...cpuPoolStep(t));
    for (const pool of t.nodePools) {
      steps.push(...poolStep(t, pool, `node pool ${t.name}/${pool.name}`, poolCreate(t, pool), {
        'config.machineType': pool.machineType, 'config.diskSizeGb': `${pool.diskSizeGb}`,
        'config.accelerators[0].acceleratorType': pool.accelerator, 'config.accelerators[0].acceleratorCount': `${pool.gpusPerNode}`,
      }));
    }
    steps.push({
      phase: 'up', id: `prune-pools:${t.name}`, description: `node pools of ${t.name} that cluster.sh created and the list no longer has`, needs: `ours:${t.name}`,
      inventory: ['gcloud', 'container', 'node-pools', 'list', flag('cluster', t.name), ...where, flag('filter', releaseFilter(t, 'config.')), '--format=value(name)'],
      keep: [t.cpuPool.name, ...t.nodePools.map((pool) => pool.name)],
      prune: ['gcloud', 'container', 'node-pools', 'delete', '{item}', flag('cluster', t.name), ...where, '--quiet'],
    });
    if (fleet) {
      steps.push({
        phase: 'up', id: `membership:${t.name}`, description: `fleet membership ${t.name}`,
        check: ['gcloud', 'container', 'fleet', 'memberships', 'describe', value(t.name), membershipLocation(t), project],
        create: [['gcloud', 'container', 'fleet', 'memberships', 'register', value(t.name), membershipLocation(t), flag('gke-cluster', `${t.location}/${t.name}`), '--enable-workload-identity', project]],
      });
    }
  });
  if (fleet) {
    const config = all.find((t) => t.config)!;
    steps.push(
      {
        phase: 'up', id: 'fleet:mcs', description: 'multi-cluster Services',
        check: ['gcloud', 'container', 'fleet', 'multi-cluster-services', 'describe', project],
        create: [['gcloud', 'container', 'fleet', 'multi-cluster-services', 'enable', project]],
      },
      {
        phase: 'up', id: 'iam:mcs-importer', description: 'roles/compute.networkViewer for the multi-cluster Services importer (no change if granted)',
        create: [['gcloud', 'projects', 'add-iam-policy-binding', '{project}', flag('member', 'serviceAccount:{project}.svc.id.goog[gke-mcs/gke-mcs-importer]'), flag('role', 'roles/compute.networkViewer'), '--condition=None', '--quiet']],
      },
      {
        phase: 'up', id: 'fleet:ingress', description: `multi-cluster Gateway (config membership ${config.name})`,
        check: ['gcloud', 'container', 'fleet', 'ingress', 'describe', project],
        create: [['gcloud', 'container', 'fleet', 'ingress', 'enable', flag('config-membership', config.name), membershipLocation(config), project]],
      },
      {
        phase: 'up', id: 'iam:mci-agent', description: 'roles/container.admin for the multi-cluster Gateway service agent (no change if granted)',
        create: [['gcloud', 'projects', 'add-iam-policy-binding', '{project}', flag('member', 'serviceAccount:service-{project-number}@gcp-sa-multiclusteringress.iam.gserviceaccount.com'), flag('role', 'roles/container.admin'), '--condition=None', '--quiet']],
      },
    );
  }
  if (plan.proxySubnetRequired) {
    for (const region of unique(all.map((c) => c.region))) {
      const first = all.find((c) => c.region === region)!;
      const name = fleet ? `${PROXY_SUBNET_NAME}-${region}` : PROXY_SUBNET_NAME;
      const list = ['gcloud', 'compute', 'networks', 'subnets', 'list', project, flag('network', '{network}'), flag('regions', region),
        flag('filter', `purpose=${plan.proxySubnetPurpose} AND role=ACTIVE`)];
      const fields = fleet ? all.flatMap((c, i) => (c.region === region ? [`clusters[${i}].proxySubnetRange`] : [])).join(' and ') : 'network.proxySubnetRange';
      steps.push({
        phase: 'up', id: `subnet:${region}`, description: `proxy-only subnet ${name} (${first.proxySubnetRange})`,
        listed: [...list, '--format=value(name)'],
        // An existing subnet is used as it is: the policies must admit its range, not the planned one.
        observe: [{
          argv: [...list, '--format=value(ipCidrRange)'], expect: first.proxySubnetRange,
          stop: `${region} already has a ${plan.proxySubnetPurpose} proxy-only subnet with another range, which the NetworkPolicies would not admit (every request from the load balancer dropped): set ${fields} to its range (printed above) and run \`npx cdk8s synth\` again`,
        }],
        create: [['gcloud', 'compute', 'networks', 'subnets', 'create', value(name), project, flag('purpose', plan.proxySubnetPurpose),
          '--role=ACTIVE', flag('region', region), flag('network', '{network}'), flag('range', first.proxySubnetRange), flag('description', subnetMark(plan.release))]],
      });
    }
  }
  steps.push(...bucketSteps(plan, all));
  steps.push(...grantUpSteps(plan));
  // The config cluster last: its routes use the Services the others export.
  for (const t of [...all.filter((c) => !c.config), ...all.filter((c) => c.config)]) {
    const ctx = flag('context', t.context);
    const needs = `cluster:${t.name}`;
    for (const ns of createdNamespaces(t.namespaces)) {
      steps.push({
        phase: 'up', id: `namespace:${t.name}/${ns}`, description: `namespace ${t.name}/${ns}`, needs,
        check: ['kubectl', ctx, 'get', 'namespace', value(ns)],
        // Created and marked in one call: the Namespace manifest of deploy/ carries the release's labels.
        create: [['kubectl', ctx, 'create', flag('filename', namespaceManifestPath(plan, ns))]],
      });
      steps.push({
        // A Namespace an earlier up applied from dist/ joined the ApplySet: without this, the next
        // prune (which no longer applies it) would delete the namespace, whoever made it.
        phase: 'up', id: `namespace-unlisted:${t.name}/${ns}`, description: `namespace ${t.name}/${ns}: no member of ApplySet ${applySetName(t.release)} (every run)`, needs,
        create: [['kubectl', ctx, 'label', 'namespaces', flag('selector', `${APPLYSET_PART_OF_LABEL}=${applySetId(t.release, ns)}`), `${APPLYSET_PART_OF_LABEL}-`]],
      });
    }
    steps.push({
      phase: 'up', id: `prune-namespaces:${t.name}`, description: `namespaces of ${t.name} that cluster.sh created and the list no longer has (with everything in them)`, needs,
      inventory: ['kubectl', ctx, 'get', 'namespaces', releaseSelector(t.release), '--output=name'],
      keep: t.namespaces.filter((n) => n !== 'default'),
      prune: ['kubectl', ctx, 'delete', 'namespace', '{item}'],
    });
    for (const ns of t.modelNamespaces) {
      steps.push(secretOwnerStep(plan, t, ns, needs));
      steps.push({
        phase: 'up', id: `secret:${t.name}/${ns}`, description: `secret ${t.name}/${ns}/${plan.huggingFaceSecretName} (created or updated)`, needs,
        // Created and marked in one call: the manifest (token on stdin, never in argv) gets the
        // release's labels locally, then one server-side apply writes both.
        token: [['kubectl', ctx, 'create', 'secret', 'generic', value(plan.huggingFaceSecretName), flag('namespace', ns),
          flag('from-file', `${plan.huggingFaceSecretKey}=/dev/stdin`), '--dry-run=client', '--output=yaml'],
        ['kubectl', 'label', '--local', '--filename=-', ...releaseMarks(t.release), '--output=yaml']],
        // Server-side: no last-applied annotation (it would hold the token); without --force-conflicts,
        // a Secret of this name whose key another manager set (one the user made) is not taken over.
        create: [['kubectl', ctx, 'apply', '--server-side', flag('field-manager', MANAGED_BY), '--filename=-']],
      });
    }
    // The model cache's ServiceAccounts and fill Jobs (before the manifests: the Ray pods read the weights).
    steps.push(...cacheClusterSteps(plan, t));
    // With GitOps the controller installs the router and applies the folders (docs/gitops.md).
    if (plan.gitops) continue;
    if (t.config && plan.bodyBasedRouting) {
      steps.push({
        phase: 'up', id: `router:${t.name}`, description: `router ${t.name}/${plan.routerRelease} (installed or upgraded)`, needs,
        create: [['helm', flag('kube-context', t.context), 'upgrade', '--install', value(plan.routerRelease), ROUTER_CHART,
          flag('version', plan.routerChartVersion), flag('namespace', plan.namespace), flag('values', plan.routerValues)]],
      });
    }
    for (const ns of t.namespaces) {
      const dir = `${t.dist}/${ns}`;
      steps.push({
        phase: 'up', id: `manifests:${t.name}/${ns}`, description: `manifests ${dir} (applied, ApplySet ${applySetName(t.release)} pruned)`, needs, dir,
        create: [['env', 'KUBECTL_APPLYSET=true', 'kubectl', ctx, 'apply', flag('namespace', ns), '--prune', flag('applyset', applySetName(t.release)), ...folderManifests(dir, distFromRoot, distFiles)]],
        diff: ['kubectl', ctx, 'diff', flag('namespace', ns), ...folderManifests(dir, distFromRoot, distFiles)],
      });
    }
  }
  return steps;
}

/**
 * The default pool `clusters create` made: autoscaling converged in place; another machine type or
 * disk replaced (a cluster made before the CPU pool was planned has gcloud's 3 x e2-medium).
 */
function cpuPoolStep(t: Target): ClusterStep[] {
  const pool = t.cpuPool;
  return poolStep(t, pool, `node pool ${t.name}/${pool.name} (heads, router)`, cpuPoolCreate(t), {
    'config.machineType': pool.machineType, 'config.diskSizeGb': `${pool.diskSizeGb}`,
  });
}

/**
 * A node pool: created when missing; its autoscaling bounds converged in place, another shape
 * (`shape`: gcloud field -> value) replaced, but only in a cluster this release made (`ours:`), or
 * with `up --adopt`: a pool of a cluster it found is someone else's (plan: "found, not ours").
 */
function poolStep(t: Target, pool: PoolSize & { readonly name: string }, description: string, create: string[], shape: Record<string, string>): ClusterStep[] {
  const describe = ['gcloud', 'container', 'node-pools', 'describe', ...poolArgs(t, pool)];
  return [{
    phase: 'up', id: `pool:${t.name}/${pool.name}`, description, needs: `cluster:${t.name}`,
    check: describe,
    create: [create],
  }, {
    phase: 'up', id: `pool-shape:${t.name}/${pool.name}`, description: `${description}: size and shape as listed`, needs: `ours:${t.name}`,
    check: describe,
    observe: [
      {
        argv: [...describe, '--format=csv[no-heading](autoscaling.enabled,autoscaling.minNodeCount,autoscaling.maxNodeCount)'],
        expect: `True,${pool.nodes},${pool.maxNodes}`,
        converge: [['gcloud', 'container', 'node-pools', 'update', ...poolArgs(t, pool),
          '--enable-autoscaling', flag('min-nodes', `${pool.nodes}`), flag('max-nodes', `${pool.maxNodes}`)]],
      },
      {
        argv: [...describe, `--format=csv[no-heading](${Object.keys(shape).join(',')})`],
        expect: Object.values(shape).join(','),
        replace: [['gcloud', 'container', 'node-pools', 'delete', ...poolArgs(t, pool), '--quiet'], create],
      },
    ],
  }];
}

/**
 * A Secret of the Hugging Face Secret's name that this release did not make (no mark, or another
 * release's) is someone else's: `up` stops before writing its key into it, since `down` would then
 * delete it as ours. The shell prints the mark it found (`is '...'`) beside this release's.
 */
function secretOwnerStep(plan: ClusterPlan, t: Target, ns: string, needs: string): ClusterStep {
  const name = plan.huggingFaceSecretName;
  const get = ['kubectl', flag('context', t.context), 'get', 'secret', value(name), flag('namespace', ns)];
  return {
    phase: 'up', id: `secret-owner:${t.name}/${ns}`, description: `secret ${t.name}/${ns}/${name}: absent, or made by cluster.sh`, needs,
    check: get,
    observe: [{
      // "<tool mark>/<release mark>", e.g. ray-llm-gateway/default-ray-multi-model-gateway; "/" when unmarked
      argv: [...get, `--output=jsonpath={.metadata.labels.${jsonpathKey(MANAGED_BY_LABEL)}}/{.metadata.labels.${jsonpathKey(RELEASE_LABEL)}}`],
      accept: [`${MANAGED_BY}/${t.release}`],
      stop: `Secret ${ns}/${name} exists and release ${t.release} did not create it (its marks ${MANAGED_BY_LABEL}/${RELEASE_LABEL} are printed above: `
        + 'empty for a Secret made by hand, another release\'s name for another list): it is left alone, and the token is not written into it. '
        + 'Set huggingFaceSecret.name in the list to another name, or the list\'s release to the one that made it (if that list is gone), or delete that Secret if it is not needed',
    }],
  };
}

/**
 * An existing cluster must enforce the NetworkPolicies before any is applied (a new one is
 * created with Dataplane V2): stop with the commands that turn enforcement on, or, with
 * `security.networkPolicyEnforcement: unenforced-ok`, warn.
 */
function enforcementCheck(plan: ClusterPlan, t: Target, which: string): Observation[] {
  if (!plan.networkPolicyEnforcement) return [];
  const where = `${t.name} --location=${t.location} --project={project}`;
  const problem = `${which} enforces no NetworkPolicy (neither Dataplane V2 nor network policy enforcement), so the Ray lock-down would protect nothing`;
  const fix = `turn enforcement on with \`gcloud container clusters update ${where} --update-addons=NetworkPolicy=ENABLED\` and then \`gcloud container clusters update ${where} --enable-network-policy\` (re-creates the nodes), or use a cluster created with ${DATAPLANE_V2_FLAG}`;
  const argv = ['gcloud', 'container', 'clusters', 'describe', value(t.name), flag('location', t.location), project, ENFORCEMENT_FORMAT];
  return plan.networkPolicyEnforcement === 'required'
    ? [{ argv, accept: ENFORCING_OUTPUTS, stop: `${problem}: ${fix}; or set security.networkPolicyEnforcement: unenforced-ok to apply them anyway` }]
    : [{ argv, accept: ENFORCING_OUTPUTS, warn: `${problem}; applying them anyway (security.networkPolicyEnforcement: unenforced-ok). To enforce them: ${fix}` }];
}

/**
 * The steps of `up`, then those of `down`.
 * @param distFiles the files of dist/ (relative to it), to name each folder's manifests but its Namespace object
 */
export function clusterSteps(plan: ClusterPlan, distFromRoot = 'dist', distFiles?: readonly string[]): ClusterStep[] {
  const all = targets(plan, distFromRoot);
  return [...upSteps(plan, all, distFromRoot, distFiles), ...downSteps(plan, all, distFromRoot, distFiles), ...grantDownSteps(plan)];
}

/** The Namespace manifests `up` creates namespaces from (in deploy/, beside the router values): file name -> text. */
export function namespaceManifests(plan: ClusterPlan): Record<string, string> {
  const names = unique(targets(plan, 'dist').flatMap((t) => createdNamespaces(t.namespaces)));
  const labels = Object.fromEntries(releaseMarks(plan.release).map((mark) => mark.split('=')));
  return Object.fromEntries(names.map((name) => [namespaceManifestFile(name),
    JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } }, null, 2) + '\n']));
}
const namespaceManifestFile = (ns: string) => `namespace-${ns}.json`;
const namespaceManifestPath = (plan: ClusterPlan, ns: string) => `${path.posix.dirname(plan.routerValues)}/${namespaceManifestFile(ns)}`;

