/**
 * The everyday workflow, end to end, on a copy of the repository (README "Reviewing and shipping a
 * change"): edit models.yaml (one model added, one removed) -> `npx cdk8s synth` -> the snapshot
 * test fails and shows the difference -> `jest -u` -> the other tests pass -> `git status` shows
 * dist/, deploy/ and the snapshot changed. Whatever models.yaml holds today: the edit is made
 * on its current content.
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isMap, isSeq, parseDocument } from 'yaml';
import { loadModelList, planModels } from '../lib';
import { ROOT } from './support/synth';

/** Tests that read models.yaml before the fixture lists, and hard-coded the seed: they must pass after the edit. */
const LIST_INDEPENDENT_TESTS = ['test/facts.test.ts', 'test/deploy-files.test.ts', 'test/schema.test.ts', 'test/route-table.test.ts', 'test/models.test.ts'];
/** Stands for a real token in synth's environment: it must reach no generated file. */
const TOKEN = 'hf_WORKFLOWtestTOKEN0123456789abcdef';
const ACCELERATORS = ['nvidia-tesla-t4', 'nvidia-h100-80gb', 'nvidia-tesla-a100'];

let copy: string;
afterAll(() => {
  if (copy) fs.rmSync(copy, { recursive: true, force: true });
});

function run(command: string, args: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|JEST_WORKER_ID$)/i.test(key)));
  return spawnSync(command, args, { cwd: copy, env: { ...clean, CDK8S_CHECK_UPGRADE: 'false', CI: 'true', RLG_REQUIRE_CONTROL_PLANE: '', FORCE_COLOR: '0', NO_COLOR: '1', ...env }, encoding: 'utf8', timeout: 120000 });
}
const git = (...args: string[]) => run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'core.hooksPath=/dev/null', ...args]);
const npx = (...args: string[]) => run(path.join(copy, 'node_modules', '.bin', args[0]), args.slice(1), { HUGGING_FACE_TOKEN: TOKEN });

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(dir, f)).isFile());
}

test('edit models.yaml (one model added, one removed) -> synth -> snapshot diff -> jest -u -> tests pass -> commit dist/, deploy/, snapshot', () => {
  // A copy of the repository as it is on disk (tracked and new files), node_modules linked, committed.
  copy = fs.mkdtempSync(path.join(os.tmpdir(), 'workflow-'));
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  expect(listed.status).toBe(0);
  for (const file of listed.stdout.split('\0').filter((f) => f !== '' && fs.existsSync(path.join(ROOT, f)))) {
    fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(copy, file));
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
  expect(git('init', '-q').status).toBe(0);
  expect(git('add', '-A').status).toBe(0);
  expect(git('commit', '-qm', 'copy').status).toBe(0);

  // The edit a user makes: drop the first model, append a new one on an accelerator the list does not use yet.
  const modelsFile = path.join(copy, 'models.yaml');
  const doc = parseDocument(fs.readFileSync(modelsFile, 'utf8'));
  const models = doc.get('models');
  if (!isSeq(models)) throw new Error('models.yaml has no models list');
  const before = planModels(doc.toJS());
  const removed = before.models[0];
  const accelerator = ACCELERATORS.find((a) => !before.models.some((m) => m.deployments.some((d) => d.accelerator === a)))!;
  const added = { id: 'workflow-test-model-7b', name: 'workflow-test-model-7b', source: 'org/workflow-test-model-7b', accelerator, gpusPerReplica: 1, minReplicas: 1, maxReplicas: 1 };
  models.items.shift();
  models.add(doc.createNode(added));
  expect(isMap(models.items[models.items.length - 1])).toBe(true);
  fs.writeFileSync(modelsFile, doc.toString());
  const after = planModels(loadModelList(modelsFile));
  expect(after.models.map((m) => m.id)).toEqual([...before.models.slice(1).map((m) => m.id), added.id]);

  // npx cdk8s synth
  const synth = npx('cdk8s', 'synth');
  expect(synth.stderr + synth.stdout).not.toMatch(/Error|at .*\(.*:\d+:\d+\)/);
  expect(synth.status).toBe(0);

  // The snapshot test fails and shows the added and the removed model.
  const failing = npx('jest', '--ci', 'main.test.ts');
  expect(failing.status).not.toBe(0);
  expect(failing.stderr).toContain('models.yaml synthesizes the reviewed manifests');
  expect(failing.stderr).toContain('1 snapshot failed');
  expect(failing.stderr).toMatch(new RegExp(`^ *\\+ .*${added.id}`, 'm'));
  expect(failing.stderr).toMatch(new RegExp(`^ *- .*${removed.deployments[0].name}`, 'm'));
  expect(failing.stderr).not.toMatch(new RegExp(`^ *- .*${added.id}`, 'm'));

  // npm run test:update (jest -u), then the snapshot and the tests that used to read models.yaml pass.
  const update = npx('jest', '--ci', '-u', 'main.test.ts');
  expect(update.stderr).toContain('1 snapshot updated');
  expect(update.status).toBe(0);
  const rest = npx('jest', '--ci', 'main.test.ts', ...LIST_INDEPENDENT_TESTS);
  expect(rest.stderr).toMatch(/Test Suites: 6 passed, 6 total/);
  expect(rest.status).toBe(0);

  // What the user commits: models.yaml, dist/ (one model file added, one removed), deploy/ and the snapshot.
  const status = git('status', '--porcelain', '--untracked-files=all');
  expect(status.status).toBe(0);
  const changed = status.stdout.split('\n').filter((l) => l !== '').map((l) => [l.slice(0, 2).trim(), l.slice(3)]);
  const modelFile = (m: { namespace: string; deployments: readonly { name: string }[] }) => `dist/${m.namespace}/model-${m.deployments[0].name}.k8s.yaml`;
  expect(changed).toEqual(expect.arrayContaining([
    ['M', 'models.yaml'],
    ['M', '__snapshots__/main.test.ts.snap'],
    ['M', 'deploy/cluster-plan.env'],
    ['D', modelFile(removed)],
    ['??', modelFile(after.models[after.models.length - 1])],
  ]));
  expect(changed.every(([, file]) => /^(models\.yaml|__snapshots__\/|dist\/|deploy\/)/.test(file))).toBe(true);
  expect(fs.readFileSync(path.join(copy, 'deploy', 'cluster-plan.env'), 'utf8')).toContain(`_ACCELERATOR=${accelerator}\n`);

  // The token was in synth's environment: no generated file holds it (nor its base64).
  for (const dir of ['dist', 'deploy']) {
    for (const file of filesUnder(path.join(copy, dir))) {
      const text = fs.readFileSync(path.join(copy, dir, file), 'utf8');
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(Buffer.from(TOKEN).toString('base64'));
    }
  }
}, 180000);
