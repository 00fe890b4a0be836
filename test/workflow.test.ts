/**
 * The everyday workflow, end to end, on a copy of the repository (README "The everyday workflow"): edit models.yaml (three models added, one removed, replicas changed) -> `npx cdk8s
 * synth` -> the snapshot test fails and shows the difference -> `npm run test:update` (the snapshot
 * alone) -> the tests that read models.yaml or the committed output pass -> `git status` shows
 * dist/, deploy/ and the snapshot changed. Whatever models.yaml holds today: the edit is made on its
 * current content. Then models.yaml of 1 and of 5 models, the same way.
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
/**
 * The suites that read the user's models.yaml or the committed dist/ and deploy/ (every other suite
 * synthesizes fixture lists): the snapshot, the CLI's synth of models.yaml (dist/ equals the
 * committed one), the schema check of models.yaml, `npm run validate` of dist/, the committed
 * cluster steps' words.
 */
const USER_LIST_TESTS = ['main.test.ts', 'test/synth-cli.test.ts', 'test/list-schema.test.ts', 'test/validate-cli.test.ts', 'test/cluster-script.test.ts'];
/** Of those, the tests that read them (the rest of these suites use fixtures). */
const USER_LIST_TEST_NAMES = [
  'models.yaml synthesizes the reviewed manifests',
  'of models.yaml writes exactly the committed dist/ and deploy/',
  'models.yaml validates against it',
  'arguments: default dist/',
  'the committed deploy/cluster-steps.tsv',
];
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
/** As the README says it: `npm run test:update` (the snapshot alone). */
const testUpdate = () => run('npm', ['run', '--silent', 'test:update']);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The tests that read the user's list or its output, whatever else their suites hold. */
const userListTests = () => npx('jest', '--ci', ...USER_LIST_TESTS, '-t', USER_LIST_TEST_NAMES.map(escape).join('|'));

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(dir, f)).isFile());
}

beforeAll(() => {
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
});


test('edit models.yaml (three models added, one removed, replicas changed) -> synth -> snapshot diff -> npm run test:update -> tests pass -> commit dist/, deploy/, snapshot', () => {
  // The edits a user makes: drop the first model, change the next one's replicas, append three new ones on accelerators the list does not use yet.
  const modelsFile = path.join(copy, 'models.yaml');
  const doc = parseDocument(fs.readFileSync(modelsFile, 'utf8'));
  const models = doc.get('models');
  if (!isSeq(models)) throw new Error('models.yaml has no models list');
  const before = planModels(doc.toJS());
  const removed = before.models[0];
  const accelerators = ACCELERATORS.filter((a) => !before.models.some((m) => m.deployments.some((d) => d.accelerator === a)));
  const added = accelerators.map((accelerator, i) => ({ id: `workflow-added-${i + 1}`, source: `org/workflow-added-${i + 1}`, accelerator, gpusPerReplica: 1, minReplicas: 1, maxReplicas: 1 }));
  expect(added).toHaveLength(3);
  models.items.shift();
  const changed = models.items[0];
  if (changed !== undefined) {
    if (!isMap(changed)) throw new Error('models[1] of models.yaml is not a mapping');
    changed.set('minReplicas', 1);
    changed.set('maxReplicas', 3);
  }
  for (const model of added) models.add(doc.createNode(model));
  fs.writeFileSync(modelsFile, doc.toString());
  const after = planModels(loadModelList(modelsFile));
  expect(after.models.map((m) => m.id)).toEqual([...before.models.slice(1).map((m) => m.id), ...added.map((m) => m.id)]);
  const addedLast = added[added.length - 1];

  // npx cdk8s synth
  const synth = npx('cdk8s', 'synth');
  expect(synth.stderr + synth.stdout).not.toMatch(/Error|at .*\(.*:\d+:\d+\)/);
  expect(synth.status).toBe(0);

  // The snapshot test fails and shows the added and the removed model.
  const failing = npx('jest', '--ci', 'main.test.ts');
  expect(failing.status).not.toBe(0);
  expect(failing.stderr).toContain('models.yaml synthesizes the reviewed manifests');
  expect(failing.stderr).toContain('1 snapshot failed');
  for (const model of added) expect(failing.stderr).toMatch(new RegExp(`^ *\\+ .*${model.id}`, 'm'));
  expect(failing.stderr).toMatch(new RegExp(`^ *- .*${removed.deployments[0].name}`, 'm'));
  expect(failing.stderr).not.toMatch(new RegExp(`^ *- .*${addedLast.id}`, 'm'));

  // `npm run test:update` updates the snapshot and runs nothing else.
  const update = testUpdate();
  expect(update.stderr).toContain('1 snapshot updated');
  expect(update.stderr).toMatch(/Test Suites: 1 passed, 1 total/);
  expect(update.status).toBe(0);
  // Then the tests that read the user's list or its output pass, and so do those that used to.
  const userTests = userListTests();
  expect(userTests.stderr).toMatch(/Tests: .*\b5 passed\b/);
  expect(userTests.status).toBe(0);
  const rest = npx('jest', '--ci', ...LIST_INDEPENDENT_TESTS);
  expect(rest.stderr).toMatch(/Test Suites: 5 passed, 5 total/);
  expect(rest.status).toBe(0);

  // What the user commits: models.yaml, dist/ (one model file added, one removed), deploy/ and the snapshot.
  const status = git('status', '--porcelain', '--untracked-files=all');
  expect(status.status).toBe(0);
  const files = status.stdout.split('\n').filter((l) => l !== '').map((l) => [l.slice(0, 2).trim(), l.slice(3)]);
  const modelFile = (m: { namespace: string; deployments: readonly { name: string }[] }) => `dist/${m.namespace}/model-${m.deployments[0].name}.k8s.yaml`;
  expect(files).toEqual(expect.arrayContaining([
    ['M', 'models.yaml'],
    ['M', '__snapshots__/main.test.ts.snap'],
    ['M', 'deploy/cluster-plan.env'],
    ['D', modelFile(removed)],
    ...after.models.slice(-added.length).map((m) => ['??', modelFile(m)]),
  ]));
  expect(files.every(([, file]) => /^(models\.yaml|__snapshots__\/|dist\/|deploy\/)/.test(file))).toBe(true);
  for (const accelerator of accelerators) expect(fs.readFileSync(path.join(copy, 'deploy', 'cluster-plan.env'), 'utf8')).toContain(`_ACCELERATOR=${accelerator}\n`);

  // The token was in synth's environment: no generated file holds it (nor its base64).
  for (const dir of ['dist', 'deploy']) {
    for (const file of filesUnder(path.join(copy, dir))) {
      const text = fs.readFileSync(path.join(copy, dir, file), 'utf8');
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(Buffer.from(TOKEN).toString('base64'));
    }
  }
}, 300000);

/** A models.yaml of `count` models, with the rest of the user's file (namespace, gateway, ...) kept. */
function writeModels(count: number): void {
  const modelsFile = path.join(copy, 'models.yaml');
  const doc = parseDocument(fs.readFileSync(modelsFile, 'utf8'));
  doc.set('models', doc.createNode(Array.from({ length: count }, (_, i) => ({
    id: `listed-${count}-${i + 1}`, source: `org/listed-${count}-${i + 1}`, accelerator: 'nvidia-l4', gpusPerReplica: 1, minReplicas: 1, maxReplicas: 1 + (i % 2),
  }))));
  fs.writeFileSync(modelsFile, doc.toString());
}

test.each([1, 5])('a models.yaml of %i models: synth, `npm run test:update`, then the tests that read it pass', (count) => {
  writeModels(count);
  const synth = npx('cdk8s', 'synth');
  expect(synth.stderr).toMatch(new RegExp(`^${count} models from models\\.yaml: wrote ${count + 2} manifests`));
  expect(synth.status).toBe(0);
  expect(filesUnder(path.join(copy, 'dist')).filter((f) => /model-.*\.k8s\.yaml$/.test(f))).toHaveLength(count);
  const update = testUpdate();
  expect(update.stderr).toContain('1 snapshot updated');
  expect(update.status).toBe(0);
  const userTests = userListTests();
  expect(userTests.stderr).toMatch(/Tests: .*\b5 passed\b/);
  expect(userTests.status).toBe(0);
}, 180000);
