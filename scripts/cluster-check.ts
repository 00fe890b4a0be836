/**
 * The checks scripts/cluster.sh makes before it runs any line (it only executes; this decides):
 *   tsx scripts/cluster-check.ts STEP_FILE [COPY]   exit 1 with one `error: ...` line when
 *     - dist/ and deploy/ (RLG_DIST_DIR, RLG_DEPLOY_DIR) are not one complete published pair;
 *     - a line of the step file is not of its grammar: its kinds and fields
 *       (lib/plan/cluster-step-file.ts), and per tool the commands and options it may use
 *       (lib/plan/cluster-step-grammar.ts); `plan` is checked the same, since it runs lines too;
 *     - a setting (PROJECT_ID, CLUSTER, LOCATION, NETWORK) is not of its form;
 *     then, given COPY (a private folder), copies the pair into it, checks the copy and writes
 *     COPY/cluster-steps.tsv (pinnedCopy): cluster.sh runs every step and manifest from there.
 *   tsx scripts/cluster-check.ts --help      the script's help.
 */
import * as fs from 'fs';
import * as path from 'path';
import { argvProblem } from '../lib/plan/cluster-step-grammar';
import { COMMAND_KINDS, VALUE_KINDS } from '../lib/plan/cluster-step-file';
import { OUTPUT_MARKER } from '../lib/synth/publish';
import { markerPublishId, publishIdOnDisk } from '../lib/synth/publish-id';

const REPO = path.resolve(__dirname, '..');

export const HELP = `usage: scripts/cluster.sh up|plan|down|status|test [--dry-run] [--yes] [--adopt] [--wait] [--json] [--help]

Executes the steps in deploy/cluster-steps.tsv (written by \`npx cdk8s synth\` from the model
list; read as data, never run as shell code; every line checked first by scripts/cluster-check.ts:
per tool only the commands and options the planner uses). Each step checks whether its resource exists.
  up     creates what is missing, in file order; an existing node pool whose autoscaling bounds
         differ from the list is updated; one whose machine type or accelerator differs is
         reported with the commands that replace it, run only with --yes. The router is
         upgraded and the manifests of each namespace folder of dist/ (not its Namespace) applied with
         \`KUBECTL_APPLYSET=true kubectl apply --prune --applyset=rlg-<release>\`, so objects
         of models removed from the list are deleted. A second run creates nothing.
         Everything is marked with the list's release (its \`release\`, default <namespace>-<gateway
         name>); the ApplySet is rlg-<release>. A cluster up did not create ("found, not ours") only
         gets what the list needs beside what is there: its pools are not converged, replaced or
         pruned, unless --adopt. Another release's Secret of the same name stops up.
  plan   changes nothing: prints what up would create (+), converge (~), replace (!) and apply
         (with \`kubectl diff\` for the manifests); fetches cluster credentials to look.
  down   deletes in reverse: manifests and their ApplySet, router, secrets, namespaces,
         fleet memberships, node pools, cluster(s), last the proxy-only subnet(s); only what
         carries this release's mark (never a Namespace of dist/). Asks for "yes". A subnet another
         load balancer uses is kept ("kept: in use"); the rest is done, and down exits 3.
  status  per cluster: RayServices, Gateway, HTTPRoutes, policies, router; exit 1 if not healthy.
  test    one chat request per model and adapter (and one unknown model) from a short-lived pod.
Options:
  --dry-run   print the commands ("+ ...") and run none; up assumes nothing exists, down that
              everything does. The token is shown as ***.
  --yes       down: do not ask; up: also run the replacement of drifted node pools.
  --adopt     up, plan: treat a cluster this release did not create as its own (converge its pools).
  --wait      up: then wait (WAIT_TIMEOUT s, default 1800) until status is healthy, then test.
  --json      status: print JSON.
  --help, -h  show this help.
Settings (environment variables):
  PROJECT_ID              Google Cloud project (default: \`gcloud config get-value project\`)
  CLUSTER                 one-cluster lists: cluster name (default: $(id -un)-ray-bbr)
  LOCATION                one-cluster lists: zone or region (default: us-central1-b)
  NETWORK                 VPC network (default: default)
  HUGGING_FACE_TOKEN      token stored in the secret by up (or HUGGING_FACE_TOKEN_FILE)
  CLUSTER_STEPS           step file (default: <repo>/deploy/cluster-steps.tsv)
  RLG_DIST_DIR, RLG_DEPLOY_DIR, RLG_STATE_DIR  as for synth; an incompletely published pair is refused
Fleet lists name their clusters and locations in the list itself.
`;

/** Why dist/ and deploy/ are not one complete published pair (lib/synth/publish.ts), or undefined. */
export function pairProblem(env: NodeJS.ProcessEnv, repo = REPO): string | undefined {
  const shown = (dir: string) => (dir.startsWith(`${repo}/`) ? dir.slice(repo.length + 1) : dir);
  for (const dir of [env.RLG_DIST_DIR || `${repo}/dist`, env.RLG_DEPLOY_DIR || `${repo}/deploy`]) {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return `there is no ${shown(dir)}/`;
    if (!fs.existsSync(path.join(dir, '.ray-llm-gateway'))) return `${shown(dir)}/ was not written by synth (no .ray-llm-gateway file)`;
    const real = fs.realpathSync(dir);
    for (const leftover of [`${real}.rlg-next`, `${real}.rlg-previous`]) {
      if (fs.existsSync(leftover)) return `the staging folder ${leftover} of an interrupted publish is present`;
    }
  }
  const journal = path.join(env.RLG_STATE_DIR || `${repo}/.rlg-publish`, 'journal.json');
  if (fs.existsSync(journal)) return `the journal ${journal} of an interrupted publish is present (dist/ and deploy/ may be from two synths)`;
  return publishProblem(pairDirs(env, repo), shown);
}

/** dist/ and deploy/ (RLG_DIST_DIR, RLG_DEPLOY_DIR). */
const pairDirs = (env: NodeJS.ProcessEnv, repo = REPO) => [env.RLG_DIST_DIR || `${repo}/dist`, env.RLG_DEPLOY_DIR || `${repo}/deploy`];

/** Why DIRS (dist/, deploy/) are not one publish: both markers name the same id, the id of what they hold (lib/synth/publish-id.ts). */
export function publishProblem(dirs: readonly string[], shown = (dir: string) => dir): string | undefined {
  const ids = dirs.map((dir) => markerPublishId(fs.readFileSync(path.join(dir, OUTPUT_MARKER), 'utf8')));
  const unnamed = dirs.find((_, i) => ids[i] === undefined);
  if (unnamed) return `${shown(unnamed)}/ names no publish id (written by an older synth, or by \`synth --output\`)`;
  if (ids[0] !== ids[1]) return `${shown(dirs[0])}/ (publish ${ids[0]!.slice(0, 12)}) and ${shown(dirs[1])}/ (publish ${ids[1]!.slice(0, 12)}) are from two synths`;
  const content = publishIdOnDisk(dirs, OUTPUT_MARKER);
  if (content !== ids[0]) return `${shown(dirs[0])}/ or ${shown(dirs[1])}/ changed after synth published them (publish ${ids[0]!.slice(0, 12)}, content ${content.slice(0, 12)})`;
  return undefined;
}

/** The first line of the step file that breaks its grammar, as `FILE:LINE: why`, or undefined. */
export function stepFileProblem(file: string, text: string): string | undefined {
  let steps = 0;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const [index, line] of lines.entries()) {
    const at = `${file}:${index + 1}`;
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split('\t');
    const [kind] = fields;
    if (kind === 'step') {
      if (fields.length !== 4 || !['up', 'down'].includes(fields[1])) return `${at}: a step line is: step, up|down, id, description`;
      steps++;
    } else if (VALUE_KINDS.includes(kind)) {
      if (fields.length !== 2) return `${at}: ${kind} takes one value`;
    } else if (kind === 'accept' || kind === 'inuse') {
      if (fields.length < 2) return `${at}: ${kind} takes one pattern or more`;
    } else if (COMMAND_KINDS.includes(kind)) {
      const problem = argvProblem(fields.slice(1));
      if (problem) return `${at}: ${problem} (refused before anything runs)`;
    } else {
      return `${at}: unknown line kind '${kind}' (run \`npx cdk8s synth\` to rewrite the file)`;
    }
    if (steps === 0) return `${at}: a line before the first step`;
  }
  return undefined;
}

/** The settings cluster.sh fills the placeholders with: each of its form, or why not. */
export function settingsProblem(env: NodeJS.ProcessEnv): string | undefined {
  const project = env.PROJECT_ID ?? '';
  if (project !== '<PROJECT_ID>' && !/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/.test(project)) return `PROJECT_ID '${project}' is not a Google Cloud project id`;
  if (!/^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/.test(env.CLUSTER ?? '')) {
    return `CLUSTER '${env.CLUSTER}' is not a GKE cluster name (lowercase letters, digits and -, at most 40, starting with a letter); set CLUSTER.`;
  }
  if (!/^[a-z]+-[a-z]+[0-9]+(-[a-z])?$/.test(env.LOCATION ?? '')) return `LOCATION '${env.LOCATION}' is not a region or zone such as us-central1-b`;
  if (!/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(env.NETWORK ?? '')) return `NETWORK '${env.NETWORK}' is not a network name`;
  return undefined;
}

/** Rewrites a step file field naming a path into FROM (relative to the repository, or absolute) to the same path in TO. */
function moved(field: string, from: string, to: string): string {
  for (const prefix of [path.relative(REPO, from), path.resolve(from)]) {
    const match = /^(--[a-z][-a-z]*=)?(.*)$/.exec(field)!;
    if (match[2].startsWith(`${prefix}/`)) return `${match[1] ?? ''}${to}${match[2].slice(prefix.length)}`;
  }
  return field;
}

/**
 * Copies the checked pair into COPY (a private folder: mktemp -d) and checks the copy again, so that
 * a synth publishing meanwhile changes nothing of this run; writes COPY/cluster-steps.tsv: the step
 * file (the copy's own, or CLUSTER_STEPS) with every path into dist/ or deploy/ pointing into the copy.
 */
export function pinnedCopy(env: NodeJS.ProcessEnv, stepFile: string, copy: string): string | undefined {
  const dirs = pairDirs(env);
  const copies = [path.join(copy, 'dist'), path.join(copy, 'deploy')];
  dirs.forEach((dir, i) => fs.cpSync(dir, copies[i], { recursive: true }));
  const problem = publishProblem(copies);
  if (problem) return `the pair changed while it was copied (a synth published meanwhile?): ${problem}`;
  const own = path.resolve(stepFile) === path.resolve(dirs[1], 'cluster-steps.tsv');
  const text = fs.readFileSync(own ? path.join(copies[1], 'cluster-steps.tsv') : stepFile, 'utf8');
  const pinned = text.split('\n').map((line) => (COMMAND_KINDS.includes(line.split('\t')[0]) || line.startsWith('dir\t')
    ? line.split('\t').map((field) => moved(moved(field, dirs[0], copies[0]), dirs[1], copies[1])).join('\t') : line)).join('\n');
  fs.writeFileSync(path.join(copy, 'cluster-steps.tsv'), pinned, { mode: 0o600 });
  return undefined;
}

function main(args: readonly string[]): number {
  if (args[0] === '--help') {
    process.stdout.write(HELP);
    return 0;
  }
  const file = args[0];
  const pair = pairProblem(process.env);
  let problem = pair && `dist/ and deploy/ are not a complete published pair: ${pair}. Run \`npx cdk8s synth\` (it completes or rolls back an interrupted publish), then run this again.`;
  if (!problem && !fs.existsSync(file)) problem = `step file not found: ${file}. Run \`npx cdk8s synth\` first (it writes deploy/cluster-steps.tsv).`;
  problem ??= stepFileProblem(file, fs.readFileSync(file, 'utf8')) ?? settingsProblem(process.env);
  if (!problem && args[1]) problem = pinnedCopy(process.env, file, args[1]);
  if (!problem && args[1]) problem = stepFileProblem(file, fs.readFileSync(path.join(args[1], 'cluster-steps.tsv'), 'utf8'));
  if (!problem) return 0;
  process.stderr.write(`error: ${problem}\n`);
  return 1;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
