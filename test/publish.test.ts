/**
 * Publishing dist/ + deploy/: killed at every filesystem step, the next run recovers to the old
 * pair or the new pair; a failing step (EACCES) is one clear message and the next synth works; a
 * lock keeps concurrent runs apart (a dead owner's lock is taken over); only folders synth made
 * are replaced; a symlinked dist/ is written through.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pairFiles, readTree } from './support/publish-pair';
import { LockTimeoutError, withLock } from '../lib/synth/lock';
import { OUTPUT_MARKER, PublishError, publishFolders, recover } from '../lib/synth/publish';

const CHILD = path.join(__dirname, 'support', 'publish-child.ts');

/**
 * Prefix that runs a program as root without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (dropped from
 * the inheritable and bounding sets, so the exec'd program never holds them): file permissions then
 * apply to it as to any user.
 */
const WITHOUT_PERMISSION_OVERRIDE = ['setpriv', '--inh-caps=-dac_override,-dac_read_search', '--bounding-set=-dac_override,-dac_read_search'];

interface Workspace {
  readonly root: string;
  readonly state: string;
  readonly dist: string;
  readonly deploy: string;
}

/** A temp folder with the pair published once with tag "old". */
function workspace(): Workspace {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'publish-test-'));
  const ws = { root, state: path.join(root, '.rlg-publish'), dist: path.join(root, 'dist'), deploy: path.join(root, 'deploy') };
  publish(ws, 'old');
  return ws;
}

function publish(ws: Workspace, tag: string, lock = {}): void {
  const files = pairFiles(tag);
  publishFolders(ws.state, [
    { dir: ws.dist, files: files.dist, label: 'dist/' },
    { dir: ws.deploy, files: files.deploy, label: 'deploy/' },
  ], lock);
}

function child(ws: Workspace, tag: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', CHILD, ws.state, ws.dist, ws.deploy, tag], { cwd: __dirname, env: { ...process.env, ...env }, encoding: 'utf8' });
  return { status: result.status, signal: result.signal, stderr: result.stderr };
}

/** Which pair is published: "old", "new", or a description of the mix. */
function publishedPair(ws: Workspace): string {
  for (const tag of ['old', 'new']) {
    const expected = pairFiles(tag);
    if (JSON.stringify(readTree(ws.dist)) === JSON.stringify(expected.dist) && JSON.stringify(readTree(ws.deploy)) === JSON.stringify(expected.deploy)) return tag;
  }
  return `mixed: dist ${JSON.stringify(readTree(ws.dist))}, deploy ${JSON.stringify(readTree(ws.deploy))}`;
}

/** Everything left beside dist/ and deploy/, and in the state folder. */
function leftovers(ws: Workspace): string[] {
  const beside = fs.readdirSync(ws.root).filter((name) => !['dist', 'deploy', '.rlg-publish'].includes(name));
  const state = fs.existsSync(ws.state) ? fs.readdirSync(ws.state) : [];
  return [...beside, ...state.map((name) => `.rlg-publish/${name}`)];
}

/** Runs the child asynchronously (crash runs go in parallel). */
function childAsync(ws: Workspace, tag: string, env: Record<string, string>): Promise<{ status: number | null; signal: string | null }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, ws.state, ws.dist, ws.deploy, tag], { cwd: __dirname, env: { ...process.env, ...env }, stdio: 'ignore' });
    proc.on('exit', (status, signal) => resolve({ status, signal }));
  });
}

test('killed at each filesystem step of a publish, the next run recovers the old or the new pair', async () => {
  const outcomes: string[] = [];
  let finished = false;
  for (let first = 1; !finished; first += 4) {
    const steps = [first, first + 1, first + 2, first + 3];
    const spaces = steps.map(() => workspace());
    const results = await Promise.all(steps.map((step, i) => childAsync(spaces[i], 'new', { RLG_FAULT_AT: String(step) })));
    for (const [i, step] of steps.entries()) {
      const ws = spaces[i];
      if (results[i].status === 0) {
        // Past the last step: the run finished; every step before it was tried.
        expect(publishedPair(ws)).toBe('new');
        expect(leftovers(ws)).toEqual([]);
        finished = true;
        break;
      }
      expect({ step, signal: results[i].signal }).toEqual({ step, signal: 'SIGKILL' });
      // The recovering run: the dead child's lock is stale; recovery alone, then a full publish.
      withLock(path.join(ws.state, 'lock'), () => recover(ws.state, [ws.dist, ws.deploy]), { waitMs: 2000 });
      const pair = publishedPair(ws);
      expect({ step, pair }).toEqual({ step, pair: expect.stringMatching(/^(old|new)$/) });
      expect({ step, left: leftovers(ws) }).toEqual({ step, left: [] });
      outcomes.push(pair);
      publish(ws, 'third', { waitMs: 2000 });
      expect(readTree(ws.deploy)).toEqual(pairFiles('third').deploy);
    }
  }
  // Early crashes keep the old pair, late ones (after the journal) finish the new one.
  expect(outcomes.length).toBeGreaterThan(15);
  expect(outcomes[0]).toBe('old');
  expect(outcomes[outcomes.length - 1]).toBe('new');
  expect(outcomes.indexOf('new')).toBe(outcomes.lastIndexOf('old') + 1);
}, 180_000);

test('killed again while recovering (at each of its steps), the run after that still recovers', async () => {
  const crashes: number[] = [];
  for (let first = 1, finished = false; !finished; first += 4) {
    const steps = [first, first + 1, first + 2, first + 3];
    const spaces = steps.map(() => workspace());
    // Step 18 is between the two swaps: dist/ is new, deploy/ old, the journal names both.
    await Promise.all(spaces.map((ws) => childAsync(ws, 'new', { RLG_FAULT_AT: '18' })));
    for (const ws of spaces) {
      expect([readTree(ws.dist), readTree(ws.deploy), fs.existsSync(path.join(ws.state, 'journal.json'))]).toEqual([pairFiles('new').dist, pairFiles('old').deploy, true]);
    }
    const results = await Promise.all(steps.map((step, i) => childAsync(spaces[i], '--recover', { RLG_FAULT_AT: String(step) })));
    for (const [i, step] of steps.entries()) {
      if (results[i].status === 0) {
        finished = true;
        break;
      }
      expect({ step, signal: results[i].signal }).toEqual({ step, signal: 'SIGKILL' });
      crashes.push(step);
      withLock(path.join(spaces[i].state, 'lock'), () => recover(spaces[i].state, [spaces[i].dist, spaces[i].deploy]), { waitMs: 2000 });
      expect({ step, pair: publishedPair(spaces[i]), left: leftovers(spaces[i]) }).toEqual({ step, pair: 'new', left: [] });
    }
    for (const ws of spaces) expect(publishedPair(ws)).toBe('new');
  }
  expect(crashes.length).toBeGreaterThan(5);
}, 180_000);

test('a failing filesystem step (EACCES) gives one clear message, no stack; the next publish works', () => {
  const unchanged = 'dist/ and deploy/ are unchanged';
  const journal = 'the switch to the new output is recorded in the journal; the next synth completes it';
  const inPlace = 'the new dist/ and deploy/ are in place; the next synth removes the old copies';
  // Steps: 4 first staging folder, 12 a deploy/ staging step, 16 and 18 the swaps, 21 removing an old copy.
  for (const [step, left] of [[4, unchanged], [12, unchanged], [16, journal], [18, journal], [21, inPlace]] as const) {
    const ws = workspace();
    const failed = child(ws, 'new', { RLG_FAULT_AT: `${step}:EACCES` });
    expect({ step, status: failed.status }).toEqual({ step, status: 2 });
    expect(failed.stderr).toBe(
      `cannot publish dist/ and deploy/: permission denied (EACCES); ${left}. Fix the cause (e.g. \`chmod -R u+w\` the folder) and run synth again.\n`,
    );
    expect(failed.stderr).not.toMatch(/\n\s+at /);
    publish(ws, 'third');
    expect(publishedPair(ws)).toMatch(/mixed/); // "third" is neither old nor new
    expect(readTree(ws.dist)).toEqual(pairFiles('third').dist);
    expect(readTree(ws.deploy)).toEqual(pairFiles('third').deploy);
    expect(leftovers(ws)).toEqual([]);
  }
}, 60_000);

test('a read-only dist/ is refused before anything changes, and publishing works once it is fixed', () => {
  const ws = workspace();
  // root ignores file permissions through two capabilities: run the publish as root without them
  // (same user, so node_modules stays reachable wherever the clone sits, e.g. under a 0700 folder).
  const asUser = process.getuid?.() === 0 ? WITHOUT_PERMISSION_OVERRIDE : [];
  fs.chmodSync(path.join(ws.dist, 'default'), 0o555);
  const run = () => {
    const [command, ...args] = [...asUser, process.execPath, '--import', 'tsx', CHILD, ws.state, ws.dist, ws.deploy, 'new'];
    return spawnSync(command, args, { cwd: __dirname, encoding: 'utf8' });
  };
  if (asUser.length > 0) {
    // The child really lacks the override: it cannot write into a 0555 folder it owns.
    const probe = spawnSync(asUser[0], [...asUser.slice(1), 'touch', path.join(ws.dist, 'default', 'probe')], { encoding: 'utf8' });
    expect(probe.stderr).toMatch(/Permission denied/);
  }
  const refused = run();
  expect(refused.stderr).toBe(
    `cannot publish dist/: ${ws.dist}/default is not writable (EACCES). Nothing was changed. ` +
      `Make it writable (e.g. \`chmod -R u+w ${ws.dist}/default\`) and run synth again.\n`,
  );
  expect(refused.status).toBe(2);
  expect(publishedPair(ws)).toBe('old');
  expect(leftovers(ws)).toEqual([]);
  fs.chmodSync(path.join(ws.dist, 'default'), 0o777);
  expect(run().status).toBe(0);
  expect(publishedPair(ws)).toBe('new');
});

test('concurrent publishes take turns: every run succeeds and the result is one whole pair', async () => {
  const ws = workspace();
  const runs = ['a', 'b', 'c', 'd'].map(
    (tag) =>
      new Promise<number | null>((resolve) => {
        const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, ws.state, ws.dist, ws.deploy, tag], { stdio: 'ignore' });
        proc.on('exit', (code) => resolve(code));
      }),
  );
  expect(await Promise.all(runs)).toEqual([0, 0, 0, 0]);
  const tag = /TAG=(\w)/.exec(readTree(ws.deploy)['cluster-plan.env'])![1];
  expect(readTree(ws.dist)).toEqual(pairFiles(tag).dist);
  expect(leftovers(ws)).toEqual([]);
}, 60_000);

test('a lock held by a live process makes a second publish wait, then fail clearly; a dead owner is taken over', () => {
  const ws = workspace();
  const sleeper = spawn('sleep', ['30']);
  try {
    fs.writeFileSync(path.join(ws.state, 'lock'), `${sleeper.pid}\n`);
    const started = Date.now();
    expect(() => publish(ws, 'new', { waitMs: 500, pollMs: 50 })).toThrow(LockTimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(() => publish(ws, 'new', { waitMs: 100 })).toThrow(`another synth (pid ${sleeper.pid}) is publishing; waited 0 s`);
    expect(publishedPair(ws)).toBe('old');
  } finally {
    sleeper.kill();
  }
  const dead = spawnSync('true').pid;
  fs.writeFileSync(path.join(ws.state, 'lock'), `${dead}\n`);
  publish(ws, 'new', { waitMs: 500 });
  expect(publishedPair(ws)).toBe('new');
  expect(leftovers(ws)).toEqual([]);
});

test('only folders synth made are replaced: a foreign folder (a git repository) is refused and kept', () => {
  const ws = workspace();
  const foreign = path.join(ws.root, 'gitops');
  fs.mkdirSync(path.join(foreign, '.git'), { recursive: true });
  fs.writeFileSync(path.join(foreign, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  fs.writeFileSync(path.join(foreign, 'README.md'), 'mine\n');
  const files = pairFiles('new');
  expect(() => publishFolders(ws.state, [{ dir: foreign, files: files.dist, label: 'dist/' }])).toThrow(
    new PublishError(
      `dist/ (${foreign}) was not made by synth (it has no ${OUTPUT_MARKER} file) and is not empty; refusing to replace it. ` +
        `Choose an empty or new folder, or, if it only holds output of this synth, create ${foreign}/${OUTPUT_MARKER}.`,
    ),
  );
  expect(readTree(foreign)).toEqual({ '.git/HEAD': 'ref: refs/heads/main\n', 'README.md': 'mine\n' });
  // A file, too.
  fs.writeFileSync(path.join(ws.root, 'file'), 'x');
  expect(() => publishFolders(ws.state, [{ dir: path.join(ws.root, 'file'), files: files.dist, label: 'dist/' }])).toThrow(/is not a folder/);
  // An empty folder, and one from before the marker (manifests only), are taken.
  fs.mkdirSync(path.join(ws.root, 'empty'));
  publishFolders(ws.state, [{ dir: path.join(ws.root, 'empty'), files: files.dist, label: 'dist/' }]);
  expect(fs.readdirSync(path.join(ws.root, 'empty')).sort()).toEqual([OUTPUT_MARKER, 'default']);
  fs.mkdirSync(path.join(ws.root, 'legacy', 'default'), { recursive: true });
  fs.writeFileSync(path.join(ws.root, 'legacy', 'default', 'old.k8s.yaml'), 'kind: X\n');
  publishFolders(ws.state, [{ dir: path.join(ws.root, 'legacy'), files: files.dist, label: 'dist/' }]);
  expect(readTree(path.join(ws.root, 'legacy'))).toEqual(files.dist);
});

test('a symlinked dist/ is written through: the link stays, its target gets the new manifests', () => {
  const ws = workspace();
  const target = path.join(ws.root, 'gitops-dist');
  fs.renameSync(ws.dist, target);
  fs.symlinkSync(target, ws.dist);
  publish(ws, 'new');
  expect(fs.lstatSync(ws.dist).isSymbolicLink()).toBe(true);
  expect(fs.readlinkSync(ws.dist)).toBe(target);
  expect(readTree(target)).toEqual(pairFiles('new').dist);
  expect(fs.readdirSync(ws.root).sort()).toEqual(['.rlg-publish', 'deploy', 'dist', 'gitops-dist']);
});
