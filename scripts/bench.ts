/**
 * `npm run bench`: wall time and peak memory of `cdk8s synth` for model lists of several sizes.
 *
 * Usage: npm run bench -- [--runs N] [--sizes 100,1000] [--no-gnu-time] [--direct] [LIST_FILE...]
 *        (or: npx tsx scripts/bench.ts ...; options work without `--` too, see npm-args.ts)
 *
 * The input is explicit: model list files (e.g. models.yaml), and/or `--sizes` for generated lists
 * (see writeModelList); at least one. Each list runs the real CLI (`npx cdk8s synth --output <temp>`,
 * RLG_MODELS_FILE set, cwd = repository) `--runs` times after one warm-up, and is compared with
 * `npx cdk8s --version`, the CLI's own start-up, measured in the same run (`--direct`: both as
 * node_modules/.bin/cdk8s, without npx). Each list is also run as the app alone (the command in
 * cdk8s.yaml `app:`, `node scripts/synth-app.mjs`, with the CLI's CDK8S_OUTDIR), `--runs` times. It is a benchmark, not a test: it prints a Markdown
 * table on stdout (progress and CLI errors on stderr). Exit status: 0 when every list was measured,
 * 1 when a synth failed (reported as failed; the others still run), 2 on a usage error or an
 * invalid list file (checked before anything runs). Nothing in the repository is written: output
 * goes to a temp folder that is removed at the end.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { stringify } from 'yaml';
import { loadModelList, planModels } from '../lib';
import { invocationDir, npmHint, optionsTakenByNpm } from './npm-args';

const ROOT = path.resolve(__dirname, '..');
const CDK8S = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');
/** The app alone: what cdk8s.yaml `app:` runs. */
const APP = [process.execPath, path.join(ROOT, 'scripts', 'synth-app.mjs')];
const GNU_TIME = '/usr/bin/time';
const POLL_MS = 50;

const USAGE = `Usage: npm run bench -- [--runs N] [--sizes A,B,...] [--no-gnu-time] [--direct] [LIST_FILE...]
  LIST_FILE        a model list to synthesize, e.g. models.yaml (validated first)
  --sizes A,B,...  also generated lists of these sizes, e.g. 100,1000
  --runs N         runs per list, and of \`cdk8s --version\`; the median is reported (default 5)
  --no-gnu-time    measure peak RSS by polling /proc even when ${GNU_TIME} is GNU time
  --direct         run node_modules/.bin/cdk8s instead of \`npx cdk8s\` (for synth and --version)
At least one LIST_FILE or --sizes. Example: npm run bench -- --sizes 100,1000 models.yaml
Exit status: 0 all measured, 1 a synth failed, 2 usage error or invalid list file.`;

/** A list to measure: a file given on the command line, or generated (`--sizes`). */
interface ListInput {
  readonly label: string;
  /** Models in the list. */
  readonly size: number;
  /** The file; undefined for a generated list (written when the benchmark starts). */
  readonly file?: string;
}

interface Options {
  readonly runs: number;
  readonly lists: ListInput[];
  readonly useGnuTime: boolean;
  /** The CLI as a command: `npx cdk8s`, or node_modules/.bin/cdk8s with --direct. */
  readonly cli: string[];
}

/** One run of the CLI. rssKiB is undefined when it could not be measured. */
interface Sample {
  readonly status: number | null;
  readonly stderr: string;
  readonly wallMs: number;
  readonly rssKiB?: number;
  /** User + system CPU time of the whole tree (GNU time %U + %S): less bent by other load than wall time. */
  readonly cpuMs?: number;
}

/** The result of one size (or of `cdk8s --version`, size undefined). */
interface Row {
  readonly label: string;
  readonly size?: number;
  readonly files?: number;
  readonly samples: Sample[];
  readonly failure?: string;
  /** The app alone, not through the CLI. */
  readonly app?: boolean;
}

function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options {
  const taken = optionsTakenByNpm(env, 'bench', ['runs', 'sizes', 'no-gnu-time', 'direct']);
  const { values, positionals } = tryParse(() => parseArgs({
    args: [...argv, ...taken],
    allowPositionals: true,
    options: {
      runs: { type: 'string', default: '5' },
      sizes: { type: 'string' },
      'no-gnu-time': { type: 'boolean', default: false },
      direct: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }), taken);
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const positive = (text: string, what: string): number => {
    if (!/^[1-9]\d*$/.test(text.trim())) usageError(`${what} must be a positive integer, got "${text}"`);
    return Number(text);
  };
  const runs = positive(values.runs, '--runs');
  const sizes = values.sizes === undefined ? [] : values.sizes.split(',').map((size) => positive(size, '--sizes'));
  if (positionals.length === 0 && sizes.length === 0) usageError('name the lists to measure: LIST_FILE... and/or --sizes', taken);
  const here = invocationDir(env, 'bench');
  const files = positionals.map((file) => listFile(path.resolve(here, file), file));
  return {
    runs,
    lists: [...files, ...sizes.map((size) => ({ label: `${size} (generated)`, size }))],
    useGnuTime: !values['no-gnu-time'],
    cli: values.direct ? [CDK8S] : ['npx', 'cdk8s'],
  };
}

/** A list file, validated as synth would: a bad list is a usage error, before anything runs. */
function listFile(file: string, given: string): ListInput {
  try {
    const size = planModels(loadModelList(file)).models.length;
    return { label: `${given} (${size} model${size === 1 ? '' : 's'})`, size, file };
  } catch (error) {
    return usageError(`${given}: ${(error as Error).message}`);
  }
}

function tryParse<T>(parse: () => T, taken: readonly string[]): T {
  try {
    return parse();
  } catch (error) {
    return usageError((error as Error).message, taken); // unknown option, missing value
  }
}

function usageError(message: string, taken: readonly string[] = []): never {
  console.error(`bench: ${message}\n${npmHint('bench', taken)}${USAGE}`);
  process.exit(2);
}

/** /usr/bin/time is GNU time (which knows -f and -o), not another `time`. */
function hasGnuTime(): boolean {
  const result = spawnSync(GNU_TIME, ['--version'], { encoding: 'utf8' });
  return result.status === 0 && /GNU/.test(result.stdout + result.stderr);
}

/** The single-GPU accelerators generated models take in turn: one GKE node pool holds at most 15000 nodes. */
const TURNS = ['nvidia-l4', 'nvidia-tesla-t4', 'nvidia-a100-80gb'];

/**
 * A list of `size` models, written as YAML: `model-<i>` from `org/model-<i>`; every 10th on two
 * H100s, the others on one L4, T4 or A100 80GB in turn (with one accelerator, 10000 models would
 * need more nodes than a node pool may have); every 3rd autoscaled between 1 and 4 replicas, the
 * others fixed at 2.
 */
function writeModelList(size: number, dir: string): string {
  const models = Array.from({ length: size }, (_, index) => {
    const i = index + 1;
    return {
      id: `model-${i}`,
      source: `org/model-${i}`,
      accelerator: i % 10 === 0 ? 'nvidia-h100-80gb' : TURNS[i % TURNS.length],
      gpusPerReplica: i % 10 === 0 ? 2 : 1,
      minReplicas: i % 3 === 0 ? 1 : 2,
      maxReplicas: i % 3 === 0 ? 4 : 2,
    };
  });
  const file = path.join(dir, `models-${size}.yaml`);
  fs.writeFileSync(file, stringify({ models }));
  return file;
}

/**
 * Runs a command (the CLI, or the app alone) once. Wall time is the script's own clock around the process (the same with or
 * without GNU time). Peak RSS comes from GNU time's %M, or else from polling /proc.
 */
async function runCommand(commandLine: string[], env: Record<string, string>, work: string, useGnuTime: boolean): Promise<Sample> {
  const timeFile = path.join(work, 'time.out');
  const [command, ...commandArgs] = useGnuTime ? [GNU_TIME, '-f', '%M %U %S', '-o', timeFile, ...commandLine] : commandLine;
  const start = process.hrtime.bigint();
  const child = spawn(command, commandArgs, {
    cwd: ROOT,
    env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', ...env },
    stdio: ['ignore', 'ignore', 'pipe'], // stdout only lists the files written
  });
  const stopPolling = useGnuTime ? undefined : pollPeakRss(child.pid);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const status = await new Promise<number | null>((resolve) => {
    child.on('error', (error) => {
      stderr += `${error.message}\n`;
      resolve(null);
    });
    child.on('close', (code) => resolve(code));
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  // GNU time writes "Command exited with non-zero status N" before its line when the command fails.
  const [rss, user, system] = stopPolling ? [stopPolling()] : fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  const cpuMs = (user! + system!) * 1000;
  return { status, stderr, wallMs, rssKiB: Number.isFinite(rss) ? rss : undefined, cpuMs: Number.isFinite(cpuMs) ? cpuMs : undefined };
}

/**
 * Without GNU time: every POLL_MS, the largest VmHWM (peak RSS) of the process and its
 * descendants, like GNU time's %M. Approximate: it misses growth in a process's last moments
 * and processes shorter than the interval. Returns a function that stops polling and gives
 * the peak in KiB (undefined without /proc).
 */
function pollPeakRss(rootPid: number | undefined): () => number | undefined {
  let peak: number | undefined;
  const poll = () => {
    for (const pid of processTree(rootPid)) {
      const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readOrEmpty(`/proc/${pid}/status`));
      if (hwm) peak = Math.max(peak ?? 0, Number(hwm[1]));
    }
  };
  poll();
  const timer = setInterval(poll, POLL_MS);
  return () => {
    clearInterval(timer);
    return peak;
  };
}

/** rootPid and all its descendants, from the parent pid in /proc/<pid>/stat. */
function processTree(rootPid: number | undefined): number[] {
  if (rootPid === undefined) return [];
  let entries: string[] = [];
  try {
    entries = fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return [];
  }
  // "<pid> (<command, may hold spaces and parentheses>) <state> <ppid> ..."
  const parentOf = entries.map((pid) => {
    const stat = readOrEmpty(`/proc/${pid}/stat`);
    return [Number(pid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])];
  });
  const tree = [rootPid];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parentOf) if (ppid === tree[i]) tree.push(pid);
  }
  return tree;
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return ''; // the process has just exited
  }
}

/** The synth wrote gateway.k8s.yaml and one model-*.k8s.yaml per model: its file count, or the problem. */
function checkOutput(dir: string, size: number): { files: number; problem?: string } {
  // dist/ layout: one folder per namespace (and per cluster in a fleet).
  const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((file) => path.basename(file)).filter((file) => file.endsWith('.k8s.yaml'));
  const modelFiles = files.filter((file) => file.startsWith('model-')).length;
  if (!files.includes('gateway.k8s.yaml')) return { files: files.length, problem: 'no gateway.k8s.yaml written' };
  // At least one file per model (a model in several clusters of a fleet has one per cluster).
  if (modelFiles < size) return { files: files.length, problem: `expected ${size} model-*.k8s.yaml files or more, found ${modelFiles}` };
  return { files: files.length };
}

/** A list's synth through the CLI (`app` false) or the app alone (`app` true). */
async function benchList(input: ListInput, options: Options, work: string, app: boolean): Promise<Row> {
  const { size } = input;
  const label = app ? `${input.label}, app alone` : input.label;
  const list = input.file ?? writeModelList(size, work);
  const samples: Sample[] = [];
  let files = 0;
  for (let run = 1; run <= options.runs; run++) {
    progress(`${app ? 'app' : 'synth'} of ${label}, run ${run}/${options.runs}`);
    const out = fs.mkdtempSync(path.join(work, `out-${size}-`));
    const sample = app
      ? await runCommand(APP, { ...synthEnv(list, work), CDK8S_OUTDIR: out }, work, options.useGnuTime)
      : await runCommand([...options.cli, 'synth', '--output', out], synthEnv(list, work), work, options.useGnuTime);
    const output = sample.status === 0 ? checkOutput(out, size) : { files: 0, problem: `exit status ${sample.status}` };
    fs.rmSync(out, { recursive: true, force: true });
    if (output.problem) {
      const stderr = sample.stderr.trim() ? sample.stderr.trimEnd().replace(/^/gm, '  | ') : '  (nothing on stderr)';
      console.error(`\nsynth of ${label} failed on run ${run}: ${output.problem}. CLI stderr:\n${stderr}\n`);
      return { label, size, samples, failure: output.problem, app };
    }
    files = output.files;
    samples.push(sample);
  }
  return { label, size, files, samples, app };
}

/** RLG_MODELS_FILE, and RLG_DIST_DIR/RLG_DEPLOY_DIR in the temp folder so the repository is never written to. */
function synthEnv(list: string, work: string): Record<string, string> {
  return { RLG_MODELS_FILE: list, RLG_DIST_DIR: path.join(work, 'dist'), RLG_DEPLOY_DIR: path.join(work, 'deploy'), RLG_STATE_DIR: path.join(work, 'state') };
}

function progress(message: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${message}`);
}

/** Median CPU time of a row, when GNU time measured every run. */
function cpuMedian(row: Row): number | undefined {
  const cpu = row.samples.map((s) => s.cpuMs);
  return cpu.every((ms) => ms !== undefined) ? median(cpu as number[]) : undefined;
}

function cliName(options: Options): string {
  return options.cli.length === 1 ? 'node_modules/.bin/cdk8s' : 'npx cdk8s';
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function table(rows: Row[], startup: Row): string {
  const startupMs = median(startup.samples.map((s) => s.wallMs));
  const startupCpu = cpuMedian(startup);
  const measured = rows.filter((row) => !row.failure);
  // Time per model is counted from the smallest list measured the same way (CLI or app alone).
  const baseOf = (app: boolean | undefined) => [...measured].filter((row) => !row.app === !app).sort((a, b) => a.size! - b.size!)[0];
  const lines = [
    `| models | files written | wall median | wall min | wall max | peak RSS median | × CLI start-up | CPU median | CPU × CLI start-up | per model beyond the smallest list |`,
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const row of [startup, ...rows]) {
    if (row.failure) {
      lines.push(`| ${row.label} | **failed**: ${row.failure} | – | – | – | – | – | – | – | – |`);
      continue;
    }
    const wall = row.samples.map((s) => s.wallMs);
    const rss = row.samples.map((s) => s.rssKiB);
    const wallMedian = median(wall);
    const cpu = cpuMedian(row);
    const base = baseOf(row.app);
    const baseMs = base && median(base.samples.map((s) => s.wallMs));
    const perModel =
      row.size === undefined || !base || row.size === base.size ? '–' : `${((wallMedian - baseMs!) / (row.size - base.size!)).toFixed(1)} ms`;
    const cells = [
      row.label,
      row.files ?? '–',
      seconds(wallMedian),
      seconds(Math.min(...wall)),
      seconds(Math.max(...wall)),
      rss.every((kib) => kib !== undefined) ? `${Math.round(median(rss as number[]) / 1024)} MiB` : 'n/a',
      `${(wallMedian / startupMs).toFixed(2)}×`,
      cpu === undefined ? 'n/a' : seconds(cpu),
      cpu === undefined || startupCpu === undefined ? 'n/a' : `${(cpu / startupCpu).toFixed(2)}×`,
      perModel,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), process.env);
  const gnuTime = options.useGnuTime && hasGnuTime();
  const loadAverage = os.loadavg().map((load) => load.toFixed(2)).join(', '); // other work on the machine skews the times
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-bench-'));
  const cleanUp = () => fs.rmSync(work, { recursive: true, force: true });
  process.once('SIGINT', () => {
    cleanUp();
    process.exit(130);
  });
  try {
    const run = (args: string[], env: Record<string, string> = {}) => runCommand([...options.cli, ...args], env, work, gnuTime);
    progress('warm-up');
    await run(['--version']);
    await run(['synth', '--output', path.join(work, 'warm-up')], synthEnv(options.lists[0].file ?? writeModelList(options.lists[0].size, work), work));

    const startup: Row = { label: `CLI start-up (\`${cliName(options)} --version\`)`, samples: [] };
    for (let i = 1; i <= options.runs; i++) {
      progress(`cdk8s --version, run ${i}/${options.runs}`);
      const sample = await run(['--version']);
      if (sample.status !== 0) {
        console.error(`\nbench: \`cdk8s --version\` failed (exit status ${sample.status}); is \`npm ci\` done?\n${sample.stderr}`);
        process.exitCode = 1;
        return;
      }
      startup.samples.push(sample);
    }
    const rows: Row[] = [];
    for (const list of options.lists) {
      rows.push(await benchList(list, options, work, false));
      rows.push(await benchList(list, options, work, true));
    }
    progress('');

    const cliVersion = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'cdk8s-cli', 'package.json'), 'utf8')).version;
    const rssNote = gnuTime
      ? `GNU time \`%M\`: the max RSS of the largest single process of the tree (the CLI or the app it starts), not their sum`
      : `${GNU_TIME} ${!options.useGnuTime ? 'not used (--no-gnu-time)' : fs.existsSync(GNU_TIME) ? 'is not GNU time' : 'not found'}; polled from /proc/<pid>/status VmHWM of the ` +
        `process tree every ${POLL_MS} ms, largest single process (approximate; n/a without /proc). ` +
        `For exact numbers install GNU time (Debian/Ubuntu: \`apt-get install -y time\`)`;
    console.log(
      [
        '## `cdk8s synth` benchmark',
        '',
        `- Machine: ${os.availableParallelism()} CPUs (nproc), ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${process.platform} ${process.arch}; cdk8s-cli ${cliVersion}`,
        `- Load average at start: ${loadAverage}`,
        `- Each row: ${options.runs} run${options.runs === 1 ? '' : 's'} of \`${cliName(options)} synth --output <temp>\` after one warm-up, or of the app alone (\`node scripts/synth-app.mjs\`, the compiled app cdk8s.yaml runs; CDK8S_OUTDIR=<temp>); wall time from the script's clock; × CLI start-up: median over the median of \`${cliName(options)} --version\` measured in this run`,
        `- Peak RSS: ${rssNote}; CPU: user + system time of the whole process tree (GNU time \`%U\` + \`%S\`), which other load on the machine bends less than wall time`,
        `- Lists: ${options.lists.map((list) => list.label).join(', ')}; generated lists: every 10th model on 2× nvidia-h100-80gb, others on 1× ${TURNS.join(', ')} in turn; every 3rd autoscaled 1–4 replicas, others 2`,
        '',
        table(rows, startup),
        '',
      ].join('\n'),
    );
    const failed = rows.filter((row) => row.failure).map((row) => row.label);
    if (failed.length) {
      console.log(`Failed lists: ${failed.join(', ')} (the CLI's stderr is printed above, on stderr).`);
      process.exitCode = 1;
    }
  } finally {
    cleanUp();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
