/**
 * The decisions of `scripts/cluster.sh status`, `test` and `up --wait` (the shell only runs the
 * kubectl commands this prints and hands their output back). Subcommands:
 *   queries              the `kubectl get ... -o json` lines to run (TSV: get, output file, argv)
 *   status DIR [--json|--brief]  the status tables from DIR's outputs; exit 1 when not healthy
 *   smoke DIR            writes DIR/smoke-pod.json, prints the smoke pod's lines (cleanup, run,
 *                        exec: TSV, argv); exit 1 (with the cause) when the Gateway has no address
 *   verdict DIR          the smoke table from DIR's outputs; exit 1 on any failure
 * The plan: deploy/verify-plan.json (VERIFY_PLAN to override), written by synth.
 */
import * as fs from 'fs';
import * as path from 'path';
import { STATUS_RESOURCES } from '../lib/facts/kuberay-status';
import type { VerifyPlan } from '../lib/plan/verify-plan';
import { alignColumns } from './route-table/format';
import { gatewayAddress, K8sObject, statusReport, StatusReport } from './verify/status';
import { curlArgs, smokePod, smokeRequests, smokeRows } from './verify/smoke';

const REPO = path.resolve(__dirname, '..');

/** The plan, with the settings the script filled in (VERIFY_FILL="PROJECT CLUSTER LOCATION", checked by it). */
function readPlan(): VerifyPlan {
  const text = fs.readFileSync(process.env.VERIFY_PLAN ?? path.join(process.env.RLG_DEPLOY_DIR || path.join(REPO, 'deploy'), 'verify-plan.json'), 'utf8');
  const [project, cluster, location] = (process.env.VERIFY_FILL ?? '').split(' ');
  const fill = (s: string) => (project ? s.replaceAll('{project}', project).replaceAll('{cluster}', cluster).replaceAll('{location}', location) : s);
  return JSON.parse(fill(text));
}

const queryFile = (cluster: number, namespace: number) => `status-${cluster}-${namespace}.json`;
/**
 * One verify line: TAB-separated words, one line. A word holding a TAB, line break or other control
 * character (which the shell would read as another word or line) is refused, never written.
 */
export function tsv(words: string[]): string {
  const bad = words.find((w) => /[\u0000-\u001f\u007f]/.test(w));
  if (bad !== undefined) throw new Error(`verify: ${JSON.stringify(bad)} cannot be one word of a command line`);
  return words.join('\t');
}

function queries(plan: VerifyPlan): string[] {
  return plan.clusters.flatMap((c, i) => c.namespaces.map((ns, j) => tsv(['get', queryFile(i, j), 'kubectl', `--context=${c.context}`, 'get',
    STATUS_RESOURCES.join(','), `--namespace=${ns}`, '--output=json'])));
}

function readItems(plan: VerifyPlan, dir: string): K8sObject[][] {
  return plan.clusters.map((c, i) => c.namespaces.flatMap((_, j) => {
    const file = path.join(dir, queryFile(i, j));
    if (!fs.existsSync(file)) return [];
    const text = fs.readFileSync(file, 'utf8').trim();
    return text === '' ? [] : (JSON.parse(text).items ?? []);
  }));
}

function formatStatus(report: StatusReport): string {
  const lines: string[] = [];
  for (const c of report.clusters) {
    lines.push(`cluster ${c.cluster} (${c.context})`);
    lines.push(...alignColumns([['KIND', 'NAME', 'HEALTHY', 'DETAIL'], ...c.rows.map((r) => [r.kind, r.name, r.healthy ? 'yes' : 'NO', r.detail])]));
    for (const r of c.rows.filter((row) => row.hint)) lines.push(`  ${r.name}: ${r.hint}`);
    lines.push('');
  }
  const rows = report.clusters.flatMap((c) => c.rows);
  const bad = rows.filter((r) => !r.healthy).length;
  lines.push(report.healthy ? `status: healthy (${rows.length} objects)` : `status: ${bad} of ${rows.length} objects not healthy`);
  return `${lines.join('\n')}\n`;
}

/** One progress line for `up --wait`: counts and the first objects still not healthy. */
function brief(report: StatusReport): string {
  const rows = report.clusters.flatMap((c) => c.rows);
  const bad = rows.filter((r) => !r.healthy);
  // A hint's first clause (e.g. "the KubeRay operator is likely blocked ...") shows while waiting, not only at the timeout.
  const first = bad.slice(0, 2).map((r) => `${r.kind} ${r.name}: ${r.detail}${r.hint ? ` [${r.hint.split(' — ')[0].split(':')[0]}]` : ''}`).join(' | ');
  return `${rows.length - bad.length}/${rows.length} healthy${bad.length ? `; waiting for ${first}${bad.length > 2 ? ` (+${bad.length - 2} more)` : ''}` : ''}\n`;
}

function smokeLines(plan: VerifyPlan, dir: string, report: StatusReport): { lines: string[]; error?: string } {
  const index = plan.clusters.findIndex((c) => c.name === plan.smoke.cluster);
  const cluster = plan.clusters[index];
  const items = readItems(plan, dir)[index];
  const gw = items.find((o) => o.kind === 'Gateway' && o.metadata?.name === cluster.gateway?.name && o.metadata?.namespace === cluster.gateway?.namespace);
  const address = gatewayAddress(gw);
  if (!address) {
    const row = report.clusters[index].rows.find((r) => r.kind === 'Gateway');
    return { lines: [], error: `the Gateway ${cluster.gateway?.namespace}/${cluster.gateway?.name} has no address yet (${row?.detail ?? 'not found'}): no request can be sent. Run scripts/cluster.sh status.` };
  }
  const podFile = path.join(dir, 'smoke-pod.json');
  fs.writeFileSync(podFile, JSON.stringify(smokePod(plan)));
  const { podName, namespace } = plan.smoke;
  const kubectl = ['kubectl', `--context=${cluster.context}`];
  return {
    lines: [
      tsv(['cleanup', ...kubectl, 'delete', 'pod', podName, `--namespace=${namespace}`, '--ignore-not-found', '--wait=false']),
      // A pod left by an interrupted run would make `create` fail.
      tsv(['run', '-', ...kubectl, 'delete', 'pod', podName, `--namespace=${namespace}`, '--ignore-not-found']),
      tsv(['run', '-', ...kubectl, 'create', `--filename=${podFile}`]),
      tsv(['run', '-', ...kubectl, 'wait', '--for=condition=Ready', `pod/${podName}`, `--namespace=${namespace}`, '--timeout=180s']),
      ...smokeRequests(plan).map((r, i) => tsv(['exec', `smoke-${i}.out`, ...kubectl, 'exec', podName, `--namespace=${namespace}`, '--', ...curlArgs(plan, address, r.name)])),
    ],
  };
}

export function main(args: string[]): number {
  const plan = readPlan();
  const [command, dir = '', option] = args;
  if (command === 'queries') {
    process.stdout.write(queries(plan).map((l) => `${l}\n`).join(''));
    return 0;
  }
  if (!dir || !fs.existsSync(dir)) {
    process.stderr.write('usage: verify.ts queries | status DIR [--json|--brief] | smoke DIR | verdict DIR\n');
    return 2;
  }
  const report = statusReport(plan, readItems(plan, dir));
  if (command === 'status') {
    process.stdout.write(option === '--json' ? `${JSON.stringify(report, null, 2)}\n` : option === '--brief' ? brief(report) : formatStatus(report));
    return report.healthy ? 0 : 1;
  }
  if (command === 'smoke') {
    const { lines, error } = smokeLines(plan, dir, report);
    if (error) { process.stderr.write(`error: ${error}\n`); return 1; }
    process.stdout.write(lines.map((l) => `${l}\n`).join(''));
    return 0;
  }
  if (command === 'verdict') {
    const outputs = smokeRequests(plan).map((_, i) => {
      const file = path.join(dir, `smoke-${i}.out`);
      return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    });
    const rows = smokeRows(plan, report, outputs);
    const lines = alignColumns([['MODEL', 'HTTP', 'ANSWERED MODEL', 'LATENCY', 'RESULT'], ...rows.map((r) => [r.name, r.code, r.answered, r.latency, r.ok ? 'ok' : 'FAILED'])]);
    for (const r of rows.filter((row) => !row.ok)) lines.push(`error: ${r.name}: ${r.cause}`);
    const failed = rows.filter((r) => !r.ok).length;
    lines.push(failed ? `test: ${failed} of ${rows.length} requests failed` : `test: all ${rows.length} requests answered as expected`);
    process.stdout.write(`${lines.join('\n')}\n`);
    return failed ? 1 : 0;
  }
  process.stderr.write(`unknown command: ${command}\n`);
  return 2;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
