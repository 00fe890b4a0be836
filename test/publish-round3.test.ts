/**
 * Issue #21, publishing: the walk of dist/ never follows a symlink inside it; a lock held in
 * another pid namespace is never taken over; direct runs and `--output DIR` runs at once take the
 * lock (no crash on .synth, no mix of two lists in DIR); a filesystem error (EFBIG) is one line.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pairFiles, readTree } from './support/publish-pair';
import { LockTimeoutError, PID_SPACE } from '../lib/synth/lock';
import { publishFolders, tree } from '../lib/synth/publish';
import { ROOT, SEED_LIST_FILE } from './support/synth';

const temps: string[] = [];
afterAll(() => temps.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

function workspace() {
  const root = tempDir('publish3-');
  const ws = { root, state: path.join(root, '.rlg-publish'), dist: path.join(root, 'dist'), deploy: path.join(root, 'deploy') };
  publish(ws, 'old');
  return ws;
}
function publish(ws: { state: string; dist: string; deploy: string }, tag: string, lock = {}): void {
  const files = pairFiles(tag);
  publishFolders(ws.state, [{ dir: ws.dist, files: files.dist, label: 'dist/' }, { dir: ws.deploy, files: files.deploy, label: 'deploy/' }], lock);
}

describe('symlinks inside dist/ are never followed', () => {
  test('a link to /usr, a loop and a dangling link: the walk lists them as entries, publishing replaces the folder, /usr untouched', () => {
    const ws = workspace();
    const inside = path.join(ws.dist, Object.keys(readTree(ws.dist))[0].split('/')[0]);
    fs.symlinkSync('/usr', path.join(inside, 'u'));
    fs.symlinkSync('..', path.join(inside, 'loop'));
    fs.symlinkSync('/nonexistent/target', path.join(inside, 'dangling'));
    const walked = tree(ws.dist);
    expect(walked.files).toEqual(expect.arrayContaining(['u', 'loop', 'dangling'].map((n) => path.join(path.basename(inside), n))));
    expect(walked.folders.length + walked.files.length).toBeLessThan(20);
    publish(ws, 'new');
    expect(readTree(ws.dist)).toEqual(pairFiles('new').dist);
    expect(fs.existsSync('/usr/bin')).toBe(true);
  });

  test('a folder without the marker holding a link is refused in one message, not a stack', () => {
    const ws = workspace();
    const foreign = path.join(ws.root, 'foreign');
    fs.mkdirSync(foreign);
    fs.symlinkSync('/nonexistent', path.join(foreign, 'dangling'));
    fs.symlinkSync('.', path.join(foreign, 'loop'));
    expect(() => publishFolders(ws.state, [{ dir: foreign, files: pairFiles('new').dist, label: 'dist/' }])).toThrow(/was not made by synth/);
  });
});

describe('the lock records its pid namespace', () => {
  test('a lock of a dead pid written in another pid namespace is not taken over; in this one it is', () => {
    const ws = workspace();
    const dead = spawnSync('true').pid!;
    fs.writeFileSync(path.join(ws.state, 'lock'), `${dead}\nother-host 00000000-boot pid:[1]\n`);
    expect(() => publish(ws, 'new', { waitMs: 300, pollMs: 50 })).toThrow(LockTimeoutError);
    expect(() => publish(ws, 'new', { waitMs: 100, pollMs: 50 })).toThrow('in another pid namespace or host (other-host 00000000-boot pid:[1])');
    fs.writeFileSync(path.join(ws.state, 'lock'), `${dead}\n${PID_SPACE}\n`);
    publish(ws, 'new', { waitMs: 1000 });
    expect(readTree(ws.dist)).toEqual(pairFiles('new').dist);
  });
});

describe('runs of the app at once', () => {
  const COPIED = ['main.ts', 'lib', 'imports', 'package.json', 'package-lock.json', 'tsconfig.json', 'cdk8s.yaml', 'scripts/synth-app.mjs'];
  let repo: string;
  beforeAll(() => {
    repo = tempDir('synth3-');
    for (const entry of COPIED) fs.cpSync(path.join(ROOT, entry), path.join(repo, entry), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(repo, 'node_modules'));
    expect(app({}).status).toBe(0); // builds the bundle once
  }, 120_000);
  const env = (extra: Record<string, string>) => ({ ...process.env, RLG_MODELS_FILE: SEED_LIST_FILE, RLG_STATE_DIR: path.join(repo, 'state'), ...extra });
  function app(extra: Record<string, string>) {
    return spawnSync(process.execPath, [path.join(repo, 'scripts', 'synth-app.mjs')], { cwd: repo, env: env(extra), encoding: 'utf8' });
  }
  function appAsync(extra: Record<string, string>): Promise<{ status: number | null; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [path.join(repo, 'scripts', 'synth-app.mjs')], { cwd: repo, env: env(extra) });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('close', (status) => resolve({ status, stderr }));
    });
  }

  test('four direct runs at once all succeed (no crash on .synth)', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => appAsync({})));
    for (const r of results) expect({ status: r.status, stack: /\n\s+at /.test(r.stderr) }).toEqual({ status: 0, stack: false });
  }, 120_000);

  test('four --output DIR runs of two lists at once leave DIR with exactly one list\'s files', async () => {
    const out = tempDir('out3-');
    const other = path.join(tempDir('list3-'), 'models.yaml');
    fs.writeFileSync(other, 'namespace: team-z\nmodels:\n  - id: z\n    source: org/z\n');
    const results = await Promise.all([SEED_LIST_FILE, other, SEED_LIST_FILE, other].map((list) => appAsync({ CDK8S_OUTDIR: out, RLG_MODELS_FILE: list })));
    expect(results.map((r) => r.status)).toEqual([0, 0, 0, 0]);
    const folders = fs.readdirSync(out).filter((name) => !name.startsWith('.'));
    expect(folders.length === 1 && ['default', 'team-z'].includes(folders[0])).toBe(true);
  }, 120_000);

  test('EFBIG (a file size limit) is one line, no stack', () => {
    const result = spawnSync('bash', ['-c', `ulimit -f 2; exec "${process.execPath}" "${path.join(repo, 'scripts', 'synth-app.mjs')}"`], { cwd: repo, env: env({}), encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/EFBIG/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
