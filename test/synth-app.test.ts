/**
 * scripts/synth-app.mjs (cdk8s.yaml `app:`) runs main.ts compiled to one cached bundle: an edit to
 * main.ts or lib/ shows in the very next synth (no stale output), also an edit made right after a
 * synth with the same size and the old mtime; an unchanged tree reuses the bundle.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, SEED_LIST_FILE } from './support/synth';

const COPIED = ['main.ts', 'lib', 'imports', 'package.json', 'package-lock.json', 'tsconfig.json', 'cdk8s.yaml', 'scripts/synth-app.mjs'];

/** A copy of the app's sources in a temp folder, node_modules linked. */
function copyOfRepo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-app-test-'));
  for (const entry of COPIED) fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

function synth(repo: string) {
  const out = path.join(repo, 'out');
  const result = spawnSync(process.execPath, [path.join(repo, 'scripts', 'synth-app.mjs')], {
    cwd: repo,
    env: { ...process.env, RLG_MODELS_FILE: SEED_LIST_FILE, RLG_STATE_DIR: path.join(repo, 'state'), CDK8S_OUTDIR: out },
    encoding: 'utf8',
  });
  const bundles = fs.readdirSync(path.join(repo, '.rlg-build')).filter((name) => /^main-[0-9a-f]{32}\.cjs$/.test(name));
  return { status: result.status, stderr: result.stderr, bundles, gateway: fs.readFileSync(path.join(out, 'default', 'gateway.k8s.yaml'), 'utf8') };
}

/** Rewrites a file with a change of the same length and puts its old mtime back. */
function editKeepingSizeAndMtime(file: string, from: string, to: string): void {
  expect(to).toHaveLength(from.length);
  const before = fs.statSync(file);
  const text = fs.readFileSync(file, 'utf8');
  expect(text).toContain(from);
  fs.writeFileSync(file, text.replace(from, to));
  fs.utimesSync(file, before.atime, before.mtime);
  expect(fs.statSync(file).size).toBe(before.size);
}

test('an edit to main.ts or lib/ shows in the next synth; an unchanged tree reuses the bundle', () => {
  const repo = copyOfRepo();
  try {
    const first = synth(repo);
    expect(first.status).toBe(0);
    expect(first.stderr.split('\n')[0]).toBe(`2 models from ${SEED_LIST_FILE}: wrote 4 manifests to out/`);
    expect(first.stderr).toMatch(/\ncapacity cluster: nodes steady\/upgrade: .*\n$/);
    expect(first.gateway).toMatch(/^kind: Gateway$/m);
    expect(first.bundles).toHaveLength(1);

    // Right after the synth, same size, old mtime: only the content (or ctime) tells.
    editKeepingSizeAndMtime(path.join(repo, 'main.ts'), 'wrote ${', 'WROTE ${');
    const second = synth(repo);
    expect(second.stderr.split('\n')[0]).toBe(`2 models from ${SEED_LIST_FILE}: WROTE 4 manifests to out/`);

    // An edit to a construct in lib/.
    const gatewayFile = path.join(repo, 'lib', 'constructs', 'gateway.ts');
    fs.writeFileSync(gatewayFile, `${fs.readFileSync(gatewayFile, 'utf8')}\nconsole.error('edited lib/');\n`);
    const third = synth(repo);
    expect(third.stderr.split('\n').slice(0, 2)).toEqual(['edited lib/', `2 models from ${SEED_LIST_FILE}: WROTE 4 manifests to out/`]);
    expect(third.bundles).toHaveLength(3);

    // Nothing changed: the same bundle runs, no new one is built.
    const fourth = synth(repo);
    expect(fourth.stderr).toBe(third.stderr);
    expect(fourth.bundles).toEqual(third.bundles);
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
  }
}, 60_000);
