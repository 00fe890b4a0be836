/**
 * Every gcloud/helm/kubectl step scripts/cluster.sh runs, decided here and rendered to
 * deploy/cluster-steps.tsv. The script only executes it: per step it checks, then creates or
 * converges (up), or deletes (down). One cluster is a fleet of one: the same steps, with the
 * cluster's name and location left as `{cluster}`/`{location}` for the script to fill in.
 *
 * File format (read by bash with `IFS=$'\t' read -r -a`, never eval'd or sourced): one line per
 * item, fields separated by one TAB, the first field the kind. A step starts with
 * `step<TAB>up|down<TAB>id<TAB>description`; its lines follow:
 *   needs ID      skip unless step ID found (or made) its resource
 *   dir PATH      skip unless PATH is a folder (manifests of a namespace)
 *   check ARGV    exists: exit 0; absent: fails saying "not found"; any other failure stops
 *   listed ARGV   exists: prints something
 *   prepare ARGV  run whenever the resource exists (also by `plan`): credentials
 *   token ARGV    gets the HF token on stdin; its output is the stdin of the next create
 *   create ARGV   up: run when absent (always, without a check)
 *   delete ARGV   down: run when present (always, without a check)
 *   observe ARGV / expect VALUE / converge ARGV / replace ARGV
 *                 up, resource present: when ARGV prints other than VALUE, run the converge
 *                 commands; the replace commands are printed, and run only with --yes
 *   diff ARGV     `plan` runs it to show what an always-applied step would change
 * Placeholders the script fills in: {project} {project-number} {cluster} {location} {region} {network}.
 */
import { ClusterPlan, FleetClusterPlan, NodePoolPlan } from './cluster-plan';
import { ROUTER_CHART, ROUTER_CHART_VERSION } from '../facts/router';

/** GKE settings of a new cluster. */
export const RELEASE_CHANNEL = 'rapid';
export const CLUSTER_VERSION = '1.35';
export const PROXY_SUBNET_NAME = 'ray-llm-proxy-only-subnet';
/**
 * The ApplySet of each namespace folder of dist/: a Secret of this name in that namespace is its
 * parent (kubectl's default parent kind). Pruning by ApplySet is alpha in kubectl (1.27 to at least
 * 1.32) and needs KUBECTL_APPLYSET=true:
 * https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/#alternative-kubectl-apply-f-directory-prune
 * and https://kubernetes.io/docs/reference/kubectl/generated/kubectl_apply/ (--applyset: "[RESOURCE][.GROUP]/NAME;
 * a Secret will be used if no resource or group is specified").
 */
export const APPLYSET_NAME = 'ray-llm-gateway';
/** The APIs a multi-cluster Gateway needs, enabled in this order; one cluster needs the first. */
export const FLEET_APIS = [
  'networkservices.googleapis.com',
  'multiclusterservicediscovery.googleapis.com',
  'multiclusteringress.googleapis.com',
  'trafficdirector.googleapis.com',
  'gkehub.googleapis.com',
];

export type Argv = readonly string[];
export interface Observation {
  readonly argv: Argv;
  readonly expect: string;
  readonly converge?: readonly Argv[];
  readonly replace?: readonly Argv[];
}
export interface ClusterStep {
  readonly phase: 'up' | 'down';
  readonly id: string;
  readonly description: string;
  readonly needs?: string;
  readonly dir?: string;
  readonly check?: Argv;
  readonly listed?: Argv;
  readonly prepare?: readonly Argv[];
  readonly token?: Argv;
  readonly create?: readonly Argv[];
  readonly delete?: readonly Argv[];
  readonly observe?: readonly Observation[];
  readonly diff?: Argv;
}

/** A positional value: never one that a command would read as an option. */
function value(text: string): string {
  if (text.startsWith('-')) throw new Error(`cluster plan: value "${text}" starts with "-" and would be read as an option`);
  return text;
}
const flag = (name: string, text: string) => `--${name}=${text}`;

interface Target {
  readonly name: string;
  readonly location: string;
  readonly region: string;
  readonly context: string;
  readonly config: boolean;
  readonly dist: string;
  readonly namespaces: readonly string[];
  readonly modelNamespaces: readonly string[];
  readonly nodePools: readonly NodePoolPlan[];
  readonly proxySubnetRange: string;
}

const unique = (values: readonly string[]) => [...new Set(values)];

function targets(plan: ClusterPlan, distFromRoot: string): Target[] {
  const fleet: FleetClusterPlan[] = plan.clusters.length > 0 ? [...plan.clusters] : [{
    name: '{cluster}', region: '{region}', location: '{location}', config: true, dist: distFromRoot,
    proxySubnetRange: plan.proxySubnetRange, namespaces: unique([plan.namespace, ...plan.modelNamespaces]),
    modelNamespaces: plan.modelNamespaces, nodePools: plan.nodePools,
  }];
  return fleet.map((c) => ({
    ...c,
    namespaces: c.config ? unique([...c.namespaces, plan.namespace]) : c.namespaces,
    context: `gke_{project}_${c.location}_${c.name}`,
  }));
}

const project = flag('project', '{project}');

function poolArgs(t: Target, pool: NodePoolPlan): string[] {
  return [value(pool.name), flag('cluster', t.name), flag('location', t.location), project];
}

function poolCreate(t: Target, pool: NodePoolPlan): string[] {
  return ['gcloud', 'container', 'node-pools', 'create', ...poolArgs(t, pool),
    flag('accelerator', `type=${pool.accelerator},count=${pool.gpusPerNode},gpu-driver-version=latest`),
    flag('machine-type', pool.machineType), flag('num-nodes', `${pool.nodes}`),
    '--enable-autoscaling', flag('min-nodes', `${pool.nodes}`), flag('max-nodes', `${pool.maxNodes}`),
    flag('workload-metadata', 'GKE_METADATA')];
}

function upSteps(plan: ClusterPlan, all: Target[]): ClusterStep[] {
  const fleet = plan.clusters.length > 0;
  const steps: ClusterStep[] = [];
  for (const api of fleet ? FLEET_APIS : FLEET_APIS.slice(0, 1)) {
    steps.push({
      phase: 'up', id: `api:${api}`, description: `API ${api}`,
      listed: ['gcloud', 'services', 'list', '--enabled', project, flag('filter', `config.name=${api}`), '--format=value(config.name)'],
      create: [['gcloud', 'services', 'enable', value(api), project]],
    });
  }
  for (const t of all) {
    const where = [flag('location', t.location), project];
    steps.push({
      phase: 'up', id: `cluster:${t.name}`, description: `cluster ${t.name} (and its kubectl credentials)`,
      check: ['gcloud', 'container', 'clusters', 'describe', value(t.name), ...where],
      create: [['gcloud', 'container', 'clusters', 'create', value(t.name), ...where,
        flag('release-channel', RELEASE_CHANNEL), flag('cluster-version', CLUSTER_VERSION), flag('gateway-api', 'standard'),
        flag('addons', 'HttpLoadBalancing,RayOperator'), '--enable-ray-cluster-logging', '--enable-ray-cluster-monitoring',
        flag('workload-pool', '{project}.svc.id.goog'), ...(fleet ? ['--enable-fleet'] : [])]],
      prepare: [['gcloud', 'container', 'clusters', 'get-credentials', value(t.name), ...where]],
    });
    for (const pool of t.nodePools) {
      const describe = ['gcloud', 'container', 'node-pools', 'describe', ...poolArgs(t, pool)];
      steps.push({
        phase: 'up', id: `pool:${t.name}/${pool.name}`, description: `node pool ${t.name}/${pool.name}`, needs: `cluster:${t.name}`,
        check: describe,
        create: [poolCreate(t, pool)],
        observe: [
          {
            argv: [...describe, '--format=csv[no-heading](autoscaling.enabled,autoscaling.minNodeCount,autoscaling.maxNodeCount)'],
            expect: `True,${pool.nodes},${pool.maxNodes}`,
            converge: [['gcloud', 'container', 'node-pools', 'update', ...poolArgs(t, pool),
              '--enable-autoscaling', flag('min-nodes', `${pool.nodes}`), flag('max-nodes', `${pool.maxNodes}`)]],
          },
          {
            argv: [...describe, '--format=csv[no-heading](config.machineType,config.accelerators[0].acceleratorType,config.accelerators[0].acceleratorCount)'],
            expect: `${pool.machineType},${pool.accelerator},${pool.gpusPerNode}`,
            replace: [['gcloud', 'container', 'node-pools', 'delete', ...poolArgs(t, pool), '--quiet'], poolCreate(t, pool)],
          },
        ],
      });
    }
    if (fleet) {
      steps.push({
        phase: 'up', id: `membership:${t.name}`, description: `fleet membership ${t.name}`,
        check: ['gcloud', 'container', 'fleet', 'memberships', 'describe', value(t.name), project],
        create: [['gcloud', 'container', 'fleet', 'memberships', 'register', value(t.name), flag('gke-cluster', `${t.location}/${t.name}`), '--enable-workload-identity', project]],
      });
    }
  }
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
        create: [['gcloud', 'container', 'fleet', 'ingress', 'enable', flag('config-membership', config.name), '--location=global', project]],
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
      steps.push({
        phase: 'up', id: `subnet:${region}`, description: `proxy-only subnet ${name} (${first.proxySubnetRange})`,
        listed: ['gcloud', 'compute', 'networks', 'subnets', 'list', project, flag('network', '{network}'), flag('regions', region),
          flag('filter', `purpose=${plan.proxySubnetPurpose} AND role=ACTIVE`), '--format=value(name)'],
        create: [['gcloud', 'compute', 'networks', 'subnets', 'create', value(name), project, flag('purpose', plan.proxySubnetPurpose),
          '--role=ACTIVE', flag('region', region), flag('network', '{network}'), flag('range', first.proxySubnetRange)]],
      });
    }
  }
  // The config cluster last: its routes use the Services the others export.
  for (const t of [...all.filter((c) => !c.config), ...all.filter((c) => c.config)]) {
    const ctx = flag('context', t.context);
    const needs = `cluster:${t.name}`;
    for (const ns of t.namespaces.filter((n) => n !== 'default')) {
      steps.push({
        phase: 'up', id: `namespace:${t.name}/${ns}`, description: `namespace ${t.name}/${ns}`, needs,
        check: ['kubectl', ctx, 'get', 'namespace', value(ns)],
        create: [['kubectl', ctx, 'create', 'namespace', value(ns)]],
      });
    }
    for (const ns of t.modelNamespaces) {
      steps.push({
        phase: 'up', id: `secret:${t.name}/${ns}`, description: `secret ${t.name}/${ns}/${plan.huggingFaceSecretName} (created or updated)`, needs,
        token: ['kubectl', ctx, 'create', 'secret', 'generic', value(plan.huggingFaceSecretName), flag('namespace', ns),
          flag('from-file', `${plan.huggingFaceSecretKey}=/dev/stdin`), '--dry-run=client', '--output=yaml'],
        create: [['kubectl', ctx, 'apply', '--filename=-']],
      });
    }
    if (t.config) {
      steps.push({
        phase: 'up', id: `router:${t.name}`, description: `router ${t.name}/${plan.routerRelease} (installed or upgraded)`, needs,
        create: [['helm', flag('kube-context', t.context), 'upgrade', '--install', value(plan.routerRelease), ROUTER_CHART,
          flag('version', ROUTER_CHART_VERSION), flag('namespace', plan.namespace), flag('values', plan.routerValues)]],
      });
    }
    for (const ns of t.namespaces) {
      const dir = `${t.dist}/${ns}`;
      steps.push({
        phase: 'up', id: `manifests:${t.name}/${ns}`, description: `manifests ${dir} (applied, ApplySet ${APPLYSET_NAME} pruned)`, needs, dir,
        create: [['env', 'KUBECTL_APPLYSET=true', 'kubectl', ctx, 'apply', flag('namespace', ns), '--prune', flag('applyset', APPLYSET_NAME), '--recursive', flag('filename', dir)]],
        diff: ['kubectl', ctx, 'diff', flag('namespace', ns), '--recursive', flag('filename', dir)],
      });
    }
  }
  return steps;
}

function downSteps(plan: ClusterPlan, all: Target[]): ClusterStep[] {
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
    for (const ns of [...t.namespaces].reverse()) {
      const dir = `${t.dist}/${ns}`;
      steps.push({
        phase: 'down', id: `manifests:${t.name}/${ns}`, description: `manifests ${dir} and their ApplySet ${APPLYSET_NAME}`, needs, dir,
        delete: [
          ['kubectl', ctx, 'delete', flag('namespace', ns), '--recursive', flag('filename', dir), '--ignore-not-found'],
          ['kubectl', ctx, 'delete', 'secret', APPLYSET_NAME, flag('namespace', ns), '--ignore-not-found'],
        ],
      });
    }
    if (t.config) {
      steps.push({
        phase: 'down', id: `router:${t.name}`, description: `router ${t.name}/${plan.routerRelease}`, needs,
        check: ['helm', flag('kube-context', t.context), 'status', value(plan.routerRelease), flag('namespace', plan.namespace)],
        delete: [['helm', flag('kube-context', t.context), 'uninstall', value(plan.routerRelease), flag('namespace', plan.namespace)]],
      });
    }
    for (const ns of [...t.modelNamespaces].reverse()) {
      steps.push({
        phase: 'down', id: `secret:${t.name}/${ns}`, description: `secret ${t.name}/${ns}/${plan.huggingFaceSecretName}`, needs,
        delete: [['kubectl', ctx, 'delete', 'secret', value(plan.huggingFaceSecretName), flag('namespace', ns), '--ignore-not-found']],
      });
    }
    for (const ns of [...t.namespaces].reverse().filter((n) => n !== 'default')) {
      steps.push({
        phase: 'down', id: `namespace:${t.name}/${ns}`, description: `namespace ${t.name}/${ns}`, needs,
        check: ['kubectl', ctx, 'get', 'namespace', value(ns)],
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
        check: ['gcloud', 'container', 'fleet', 'memberships', 'describe', value(t.name), project],
        delete: [['gcloud', 'container', 'fleet', 'memberships', 'unregister', value(t.name), flag('gke-cluster', `${t.location}/${t.name}`), project, '--quiet']],
      });
    }
    for (const pool of [...t.nodePools].reverse()) {
      steps.push({
        phase: 'down', id: `pool:${t.name}/${pool.name}`, description: `node pool ${t.name}/${pool.name}`, needs: `cluster:${t.name}`,
        check: ['gcloud', 'container', 'node-pools', 'describe', ...poolArgs(t, pool)],
        delete: [['gcloud', 'container', 'node-pools', 'delete', ...poolArgs(t, pool), '--quiet']],
      });
    }
    steps.push({
      phase: 'down', id: `delete-cluster:${t.name}`, description: `cluster ${t.name}`, needs: `cluster:${t.name}`,
      delete: [['gcloud', 'container', 'clusters', 'delete', value(t.name), flag('location', t.location), project, '--quiet']],
    });
  }
  return steps;
}

/** The steps of `up`, then those of `down`. */
export function clusterSteps(plan: ClusterPlan, distFromRoot = 'dist'): ClusterStep[] {
  const all = targets(plan, distFromRoot);
  return [...upSteps(plan, all), ...downSteps(plan, all)];
}

/** A field of the step file: no TAB, line break, NUL or other control character, not empty. */
function field(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (text === '' || /[\u0000-\u001f\u007f]/.test(text)) throw new Error(`cluster plan: ${JSON.stringify(text)} cannot be written as one field of the step file`);
  return text;
}

const line = (kind: string, words: readonly string[]) => [kind, ...words].map(field).join('\t');

/** The steps as the TAB-separated step file. */
export function renderClusterSteps(steps: readonly ClusterStep[]): string {
  const out = [
    '# Generated by `npx cdk8s synth` from the model list. Do not edit.',
    '# Executed by scripts/cluster.sh (read field by field, never eval\'d). Format: lib/plan/cluster-steps.ts.',
  ];
  for (const s of steps) {
    out.push(line('step', [s.phase, s.id, s.description]));
    if (s.needs) out.push(line('needs', [s.needs]));
    if (s.dir) out.push(line('dir', [s.dir]));
    if (s.check) out.push(line('check', s.check));
    if (s.listed) out.push(line('listed', s.listed));
    if (s.token) out.push(line('token', s.token));
    for (const argv of s.create ?? []) out.push(line('create', argv));
    for (const argv of s.prepare ?? []) out.push(line('prepare', argv));
    for (const argv of s.delete ?? []) out.push(line('delete', argv));
    for (const o of s.observe ?? []) {
      out.push(line('observe', o.argv), line('expect', [o.expect]));
      for (const argv of o.converge ?? []) out.push(line('converge', argv));
      for (const argv of o.replace ?? []) out.push(line('replace', argv));
    }
    if (s.diff) out.push(line('diff', s.diff));
  }
  return out.join('\n') + '\n';
}
