/**
 * Runs inside the network namespace test/real-gcloud.test.ts creates (`unshare -n`, loopback only):
 * starts a GcloudRecorder per job, points a fresh gcloud configuration at it, runs the job's
 * gcloud lines (the REAL gcloud) or scripts/cluster.sh commands in order, and writes what happened
 * (exit status, stderr, the requests each made) as JSON. Usage: tsx real-gcloud-run.ts JOBS.json OUT.json
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GcloudRecorder, RecordedRequest } from './gcloud-recorder';

/** The APIs the cluster steps call, each sent to the recorder. */
export const GCLOUD_APIS = ['container', 'compute', 'gkehub', 'serviceusage', 'cloudresourcemanager', 'storage'];

export interface GcloudJob {
  readonly name: string;
  /** Buckets that exist before (a gs:// source is the user's). */
  readonly buckets?: readonly string[];
  /** gcloud argv lines (without `gcloud`), run one after the other. */
  readonly lines?: readonly { readonly list: string; readonly kind: string; readonly argv: readonly string[] }[];
  /** cluster.sh runs: argv and extra environment; run one after the other on the same recorder. */
  readonly script?: readonly { readonly args: readonly string[]; readonly env: Record<string, string> }[];
}
export interface LineResult {
  readonly list: string;
  readonly kind: string;
  readonly argv: readonly string[];
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly requests: readonly { api: string; method: string; path: string; query: string; body: any }[];
}
export interface JobResult {
  readonly name: string;
  readonly lines: LineResult[];
  readonly script: LineResult[];
  /** Resource paths left at the end. */
  readonly state: string[];
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    // A call that waits for an answer the recorder never gives would hold the whole run.
    const timer = setTimeout(() => { stderr += `\n(killed after ${timeoutMs} ms)`; child.kill('SIGKILL'); }, timeoutMs);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => { clearTimeout(timer); resolve({ status, stdout, stderr }); });
  });
}

/** A fresh gcloud configuration: no credentials, no metrics, no update check, every API at the recorder. */
export async function gcloudEnvironment(recorder: GcloudRecorder, dir: string): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH, HOME: dir, CLOUDSDK_CONFIG: path.join(dir, 'gcloud'), KUBECONFIG: path.join(dir, 'kubeconfig'),
    CLOUDSDK_CORE_DISABLE_PROMPTS: '1', GCE_METADATA_ROOT: '127.0.0.1:1', GCE_METADATA_HOST: '127.0.0.1:1', GCE_METADATA_IP: '127.0.0.1:1',
  };
  const settings: [string, string][] = [
    ['auth/disable_credentials', 'true'], ['core/disable_usage_reporting', 'true'], ['component_manager/disable_update_check', 'true'],
    ['core/check_gce_metadata', 'false'], ...GCLOUD_APIS.map((api): [string, string] => [`api_endpoint_overrides/${api}`, recorder.base(api) + (api === 'compute' ? 'v1/' : '')]),
  ];
  // One properties file instead of one slow `gcloud config set` per setting.
  const sections = new Map<string, string[]>();
  for (const [key, val] of settings) {
    const [section, name] = key.split('/');
    sections.set(section, [...(sections.get(section) ?? []), `${name} = ${val}`]);
  }
  fs.mkdirSync(path.join(dir, 'gcloud', 'configurations'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'gcloud', 'active_config'), 'default');
  fs.writeFileSync(path.join(dir, 'gcloud', 'configurations', 'config_default'),
    [...sections.entries()].map(([section, lines]) => `[${section}]\n${lines.join('\n')}\n`).join(''));
  return env;
}

async function runJob(job: GcloudJob): Promise<JobResult> {
  const recorder = new GcloudRecorder();
  await recorder.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `real-gcloud-${job.name}-`));
  try {
    const env = await gcloudEnvironment(recorder, dir);
    for (const bucket of job.buckets ?? []) recorder.state.set(`b/${bucket}`, { kind: 'storage#bucket', name: bucket, id: bucket });
    const take = (from: number) => recorder.requests.slice(from).map((r: RecordedRequest) => ({ api: r.api, method: r.method, path: r.path, query: r.query.toString(), body: r.body }));
    const lines: LineResult[] = [];
    for (const line of job.lines ?? []) {
      const from = recorder.requests.length;
      const out = await run('gcloud', line.argv, env);
      if (process.env.REAL_GCLOUD_LOG) fs.appendFileSync(process.env.REAL_GCLOUD_LOG, `${line.list}: ${out.status} gcloud ${line.argv.join(' ')}\n${out.status ? out.stderr.slice(-300) + '\n' : ''}`);
      lines.push({ list: line.list, kind: line.kind, argv: line.argv, ...out, requests: take(from) });
    }
    const script: LineResult[] = [];
    for (const s of job.script ?? []) {
      const from = recorder.requests.length;
      const out = await run('/bin/bash', s.args, { ...env, ...s.env }, 400_000);
      script.push({ list: job.name, kind: 'script', argv: s.args, ...out, requests: take(from) });
      if (process.env.REAL_GCLOUD_LOG) fs.appendFileSync(process.env.REAL_GCLOUD_LOG, `${job.name}: ${out.status} ${s.args.join(' ')}\n${out.stdout.slice(-400)}\n${out.stderr.slice(-600)}\n`);
    }
    return { name: job.name, lines, script, state: [...recorder.state.keys()] };
  } finally {
    await recorder.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const [jobsFile, outFile, parallel = '3'] = process.argv.slice(2);
  const jobs: GcloudJob[] = JSON.parse(fs.readFileSync(jobsFile, 'utf8'));
  const results: JobResult[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await runJob(jobs[index]);
    }
  };
  await Promise.all(Array.from({ length: Number(parallel) }, worker));
  fs.writeFileSync(outFile, JSON.stringify(results));
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
