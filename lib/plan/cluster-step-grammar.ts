/**
 * What a command line of the step file may say: per tool, the commands and the options the
 * planner uses, nothing else. Checked when the file is written (lib/plan/cluster-step-file.ts)
 * and again before scripts/cluster.sh runs any line of it, `plan` included
 * (scripts/cluster-check.ts), so an edited or foreign step file cannot make the tools run other
 * programs through their own options: `kubectl --kubeconfig` (whose `exec:` credential plugin runs
 * a program), a kubectl plugin (`kubectl foo` runs `kubectl-foo` from PATH), `helm --post-renderer`,
 * `gcloud --flags-file`, `--impersonate-service-account` and the like are all refused.
 */

interface ToolGrammar {
  /** The command words allowed after the tool (gcloud: whole command paths). */
  readonly commands: readonly string[];
  /** Options, as `--name` (given as `--name` or `--name=value`). */
  readonly options: readonly string[];
}

export const STEP_GRAMMAR: Record<'gcloud' | 'kubectl' | 'helm', ToolGrammar> = {
  gcloud: {
    commands: [
      'services list', 'services enable', 'projects add-iam-policy-binding', 'projects describe',
      'container clusters describe', 'container clusters create', 'container clusters get-credentials', 'container clusters update',
      'container clusters list', 'container clusters delete',
      'container node-pools describe', 'container node-pools create', 'container node-pools update', 'container node-pools list', 'container node-pools delete',
      'container fleet memberships describe', 'container fleet memberships register', 'container fleet memberships unregister',
      'container fleet multi-cluster-services describe', 'container fleet multi-cluster-services enable',
      'container fleet ingress describe', 'container fleet ingress enable',
      'compute networks subnets list', 'compute networks subnets create', 'compute networks subnets describe', 'compute networks subnets delete',
      'storage buckets describe', 'storage buckets create', 'storage buckets add-iam-policy-binding', 'storage buckets get-iam-policy', 'storage buckets remove-iam-policy-binding',
    ],
    options: [
      '--accelerator', '--addons', '--cluster', '--cluster-version', '--condition', '--config-membership', '--description', '--disk-size', '--enable-autoscaling',
      '--enable-dataplane-v2', '--enable-fleet', '--enable-ray-cluster-logging', '--enable-ray-cluster-monitoring', '--enable-workload-identity',
      '--enabled', '--filter', '--flatten', '--format', '--gateway-api', '--gke-cluster', '--labels', '--location', '--machine-type', '--max-nodes',
      '--member', '--min-nodes', '--network', '--num-nodes', '--project', '--purpose', '--quiet', '--range', '--region', '--regions',
      '--release-channel', '--role', '--uniform-bucket-level-access', '--update-addons', '--workload-metadata', '--workload-pool',
    ],
  },
  kubectl: {
    commands: ['get', 'apply', 'create', 'delete', 'label', 'diff', 'wait'],
    options: ['--applyset', '--context', '--dry-run', '--field-manager', '--field-selector', '--filename', '--for', '--from-file', '--ignore-not-found', '--local',
      '--namespace', '--output', '--overwrite', '--prune', '--recursive', '--save-config', '--selector', '--server-side', '--timeout'],
  },
  helm: {
    commands: ['upgrade', 'status', 'uninstall'],
    options: ['--install', '--kube-context', '--namespace', '--values', '--version'],
  },
};

/** The only prefix a command line may have: kubectl's ApplySet pruning is behind this variable. */
export const APPLYSET_ENV = ['env', 'KUBECTL_APPLYSET=true'];

/** Why this command line is not allowed, or undefined. */
export function argvProblem(argv: readonly string[]): string | undefined {
  const words = argv[0] === 'env' ? (argv[1] === APPLYSET_ENV[1] && argv[2] === 'kubectl' ? argv.slice(2) : undefined) : argv;
  if (!words) return `the only command prefix allowed is "${APPLYSET_ENV.join(' ')} kubectl"`;
  const tool = words[0] as keyof typeof STEP_GRAMMAR;
  const grammar = STEP_GRAMMAR[tool];
  if (!grammar || !Object.prototype.hasOwnProperty.call(STEP_GRAMMAR, tool)) return `commands are gcloud, helm or kubectl, not '${words[0] ?? ''}'`;
  const positional = words.slice(1).filter((w) => !w.startsWith('-'));
  const command = tool === 'gcloud'
    ? grammar.commands.find((c) => positional.slice(0, c.split(' ').length).join(' ') === c)
    : grammar.commands.find((c) => c === positional[0]);
  if (!command) return `${tool}: command '${positional.slice(0, tool === 'gcloud' ? 4 : 1).join(' ')}' is not one the step file may run`;
  if (tool === 'gcloud' && words[1] !== command.split(' ')[0]) return 'gcloud: an option before the command';
  for (const word of words.slice(1)) {
    if (!word.startsWith('-')) continue;
    const name = word.split('=')[0];
    if (!/^--[a-z][-a-z0-9]*$/.test(name) || !grammar.options.includes(name)) return `${tool}: option '${name}' is not one the step file may use`;
  }
  return undefined;
}
