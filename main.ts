/**
 * `npx cdk8s synth` runs this file. It reads the model list (models.yaml, or the file named by
 * RLG_MODELS_FILE; MODELS_FILE is an alias), validates it and, only then, publishes dist/ (a folder
 * per namespace) and deploy/ (router values, cluster plan) together (lib/synth/publish.ts: locked,
 * crash-safe, only over folders synth made). An invalid list exits 1 and leaves both as they were.
 *
 * The CLI's output folder: `.synth/` (cdk8s.yaml) gets a copy for the CLI's listing;
 * `--output DIR` gets the manifests only (a failed synth puts DIR's last good output back);
 * `--stdout` prints one YAML stream.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadModelList, ModelListError, planModels } from './lib';
import { capacityLines } from './lib/plan/capacity-summary';
import {
  chartFilesOnDemand, committedOutput, deployFiles, UPGRADE_REPORT_MAX_MODELS, upgradeReport, isStdoutFolder, LockTimeoutError, manifestFiles, manifestStream,
  publishFolders, PublishError, rememberOutput, restoreOutput, STREAM_FILE, withLock, writeFiles,
} from './lib/synth';

const root = __dirname;
/** Lock, journal and last good outputs. */
const stateDir = path.resolve(process.env.RLG_STATE_DIR ?? path.join(root, '.rlg-publish'));
const listFile = process.env.RLG_MODELS_FILE ?? process.env.MODELS_FILE;
const modelsFileName = listFile ?? 'models.yaml';
const modelsFile = path.resolve(listFile ?? path.join(root, 'models.yaml'));
const cliOutdir = process.env.CDK8S_OUTDIR;
const outdir = path.resolve(cliOutdir ?? path.join(root, '.synth'));
const distDir = path.resolve(process.env.RLG_DIST_DIR ?? path.join(root, 'dist'));
const deployDir = path.resolve(process.env.RLG_DEPLOY_DIR ?? path.join(root, 'deploy'));
/** publish: dist/ + deploy/; folder: `cdk8s synth --output DIR` writes only DIR; stdout: `--stdout`. */
const mode = outdir === path.join(root, '.synth') ? 'publish' : isStdoutFolder(outdir) ? 'stdout' : 'folder';

/** A folder as the user would type it: relative to the working folder when inside it. */
function shown(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return `${relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : dir}/`;
}

/** Removes `dir` (whole) or its contents (an --output folder: only the files, it may be a mount point). */
function emptyFolder(dir: string, whole: boolean): void {
  if (whole) return fs.rmSync(dir, { recursive: true, force: true });
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir)) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
}

function main(): void {
  const plan = planModels(loadModelList(modelsFile));
  // stderr: the cdk8s CLI swallows the app's stdout.
  for (const warning of plan.warnings ?? []) console.error(`${modelsFileName}: warning: ${warning}`);
  const charts = chartFilesOnDemand(plan); // each file's charts made when written, then freed
  if (mode === 'stdout') return writeFiles(outdir, { [STREAM_FILE]: manifestStream(charts) }, false);
  const manifests = manifestFiles(charts);
  const written = mode === 'folder' ? outdir : distDir;
  // Under the lock: two runs at once (direct, or `--output DIR`) never mix or remove each other's files.
  withLock(path.join(stateDir, 'lock'), () => {
    // Run directly, drop an older copy. With --output DIR: whatever another run wrote since the CLI emptied it.
    if (cliOutdir === undefined || mode === 'folder') emptyFolder(outdir, mode === 'publish');
    writeFiles(outdir, manifests, mode === 'folder');
    if (mode === 'publish') {
      const deploy = deployFiles(plan, path.relative(root, deployDir), path.relative(root, distDir), Object.keys(manifests));
      publishFolders(stateDir, [
        { dir: distDir, files: manifests, label: shown(distDir) },
        { dir: deployDir, files: deploy, label: shown(deployDir) },
      ]);
    }
    rememberOutput(stateDir, written, manifests);
  });
  // stderr: the cdk8s CLI swallows the app's stdout.
  const also = mode === 'publish' ? ` and ${shown(deployDir)}` : '';
  console.error(`${plan.models.length} models from ${modelsFileName}: wrote ${Object.keys(manifests).length} manifests to ${shown(written)}${also}`);
  for (const line of capacityLines(plan)) console.error(`capacity ${line} (npm run plan)`);
  if (mode === 'publish') for (const line of synthUpgradeLines(plan, manifests)) console.error(line);
}

/** What the change does to running models, against dist/ at git HEAD (lib/plan/upgrade-plan.ts); large lists: `npm run plan`. */
function synthUpgradeLines(plan: ReturnType<typeof planModels>, manifests: Record<string, string>): string[] {
  if (plan.models.length > UPGRADE_REPORT_MAX_MODELS) return [`upgrade: not compared at synth for more than ${UPGRADE_REPORT_MAX_MODELS} models (npm run plan)`];
  return upgradeReport(plan, manifests, committedOutput(distDir));
}

try {
  main();
} catch (error) {
  if (error instanceof ModelListError) {
    console.error(`${modelsFileName}: ${error.message}`);
    console.error(mode === 'publish' ? 'Nothing was written; dist/ and deploy/ are unchanged.' : 'Nothing was written.');
  } else if (error instanceof PublishError || error instanceof LockTimeoutError) {
    console.error(`synth: ${error.message}`);
  } else if (typeof (error as NodeJS.ErrnoException)?.code === 'string' && (error as NodeJS.ErrnoException).syscall) {
    // Any other filesystem error (EFBIG, ENOSPC, EACCES, ...): one line, no stack.
    const { code, syscall, path: file } = error as NodeJS.ErrnoException;
    console.error(`synth: cannot write the output: ${code} (${syscall}${file ? ` ${file}` : ''}). ${mode === 'publish' ? 'dist/ and deploy/ are as before, or left for the next synth to finish.' : 'Fix the cause and run synth again.'}`);
  } else {
    throw error;
  }
  if (mode === 'folder') {
    const restored = restoreOutput(stateDir, outdir);
    if (restored > 0) console.error(`${shown(outdir)} holds its last good output again (${restored} manifests); the CLI emptied it before this run.`);
    process.exit(1);
  }
  // Run by the CLI: a non-zero exit makes it print a stack trace; without its output folder it
  // prints one line and exits 1 instead (cdk8s-cli 2.207.60 lib/util.js `synthApp`).
  if (cliOutdir !== undefined) {
    fs.rmSync(outdir, { recursive: true, force: true });
    process.exit(0);
  }
  process.exit(1);
}
