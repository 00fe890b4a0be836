/**
 * `npx cdk8s synth` end to end: the committed dist/ and deploy/ are what a fresh synth of
 * models.yaml writes, a bad list exits non-zero with its problems (no stack trace) while both stay
 * exactly as they were, `--output DIR` keeps its last good output, `--stdout` is one ordered YAML
 * stream. Only the first test reads the user's models.yaml, and asserts only what holds for any
 * valid list; every other test synthesizes the seed fixture (RLG_MODELS_FILE).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { markerPublishId, publishIdOnDisk } from '../lib/synth/publish-id';
import { parseAllDocuments, stringify } from 'yaml';
import { RICH_LIST } from './support/lists';
import { ROOT, SEED_LIST_FILE } from './support/synth';

const CDK8S = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'synth-test-'));
}

/** Relative path -> content of every file below a folder. */
function readFolder(dir: string, withPublishId = false): Record<string, string> {
  const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(dir, f)).isFile());
  // The publish id (lib/synth/publish-id.ts) hashes deploy/ too, whose paths name where it was written: compared on its own.
  const text = (f: string) => {
    const content = fs.readFileSync(path.join(dir, f), 'utf8');
    return withPublishId || f !== '.ray-llm-gateway' ? content : content.replace(/^publish [0-9a-f]{64}\n/m, '');
  };
  return Object.fromEntries(files.sort().map((f) => [f, text(f)]));
}

/** The seed fixture as the CLI names it (relative to the repository, where the tests run it). */
const SEED = path.relative(ROOT, SEED_LIST_FILE);
/** What a synth of the seed prints first. */
const SEED_WROTE = `2 models from ${SEED}: wrote 4 manifests to`;

/**
 * Runs with its own state folder (lock, journal, last outputs), so tests never share one, on the
 * seed fixture unless `env` names another list (RLG_MODELS_FILE: undefined is the user's models.yaml).
 */
function run(command: string, args: string[], env: Record<string, string | undefined>) {
  const base = { ...process.env, CDK8S_CHECK_UPGRADE: 'false', RLG_STATE_DIR: path.join(tempDir(), 'state'), RLG_MODELS_FILE: SEED, MODELS_FILE: undefined };
  const result = spawnSync(command, args, { cwd: ROOT, env: { ...base, ...env }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function writeList(text: string): string {
  const file = path.join(tempDir(), 'models.yaml');
  fs.writeFileSync(file, text);
  return file;
}

/** A dist folder holding something the test can recognise afterwards. */
function previousDist(): string {
  const dist = tempDir();
  fs.writeFileSync(path.join(dist, 'previous.k8s.yaml'), 'kind: Previous\n');
  return dist;
}

/** The seed's dist/ as a first synth published it (the reference the other runs are compared with). */
let seedDist: Record<string, string> | undefined;
function seedOutput(): Record<string, string> {
  if (seedDist) return seedDist;
  const dist = path.join(tempDir(), 'dist');
  const result = run(CDK8S, ['synth'], { RLG_DIST_DIR: dist, RLG_DEPLOY_DIR: path.join(tempDir(), 'deploy') });
  expect(result.status).toBe(0);
  seedDist = readFolder(dist);
  return seedDist;
}

test('a fresh `cdk8s synth` of models.yaml writes exactly the committed dist/ and deploy/, replacing what was there', () => {
  const dist = previousDist();
  const deploy = previousDist();
  const result = run(CDK8S, ['synth'], { RLG_DIST_DIR: dist, RLG_DEPLOY_DIR: deploy, RLG_MODELS_FILE: undefined });
  // Whatever the list holds: one line naming models.yaml and both folders, then a capacity line per cluster.
  expect(result.stderr).toMatch(new RegExp(`^[1-9]\\d* models? from models\\.yaml: wrote [1-9]\\d* manifests to ${dist}/ and ${deploy}/\n(capacity .*\\(npm run plan\\)\n)+(upgrade.*\n)+$`));
  expect(result.stderr).not.toMatch(/problem/);
  expect(result.status).toBe(0);
  expect(readFolder(dist)).toEqual(readFolder(path.join(ROOT, 'dist')));
  const committedDeploy = readFolder(path.join(ROOT, 'deploy'));
  // The cluster plan names the values file relative to the repository root, so it differs only there.
  committedDeploy['cluster-plan.env'] = committedDeploy['cluster-plan.env'].replace('=deploy/', `=${path.relative(ROOT, deploy)}/`);
  // So do the cluster steps, which also name each namespace folder of dist/.
  committedDeploy['cluster-steps.tsv'] = committedDeploy['cluster-steps.tsv']
    .replace(/=deploy\//g, `=${path.relative(ROOT, deploy)}/`)
    .replace(/(^|[=\t ])dist\//gm, `$1${path.relative(ROOT, dist)}/`);
  expect(readFolder(deploy)).toEqual(committedDeploy);
  // The committed pair carries the id of its content; a second synth of the same list writes byte-identical folders.
  const committedId = markerPublishId(fs.readFileSync(path.join(ROOT, 'deploy', '.ray-llm-gateway'), 'utf8'));
  expect(committedId).toBe(publishIdOnDisk([path.join(ROOT, 'dist'), path.join(ROOT, 'deploy')], '.ray-llm-gateway'));
  expect(markerPublishId(fs.readFileSync(path.join(ROOT, 'dist', '.ray-llm-gateway'), 'utf8'))).toBe(committedId);
  const first = [readFolder(dist, true), readFolder(deploy, true)];
  expect(run(CDK8S, ['synth'], { RLG_DIST_DIR: dist, RLG_DEPLOY_DIR: deploy, RLG_MODELS_FILE: undefined }).status).toBe(0);
  expect([readFolder(dist, true), readFolder(deploy, true)]).toEqual(first);
});

test('a bad list through `cdk8s synth`: non-zero exit, every problem named, dist/ untouched', () => {
  const dist = previousDist();
  const list = writeList(['models:', '  - id: a', '    source: org/a', '    minReplicas: 3', '    maxReplicas: 1', '  - id: a', '    source: org/b', ''].join('\n'));
  const deploy = previousDist();
  const result = run(CDK8S, ['synth'], { RLG_DIST_DIR: dist, RLG_DEPLOY_DIR: deploy, RLG_MODELS_FILE: list });
  expect(result.status).not.toBe(0);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(result.stderr).toContain('models[0] "a": minReplicas (3) is greater than maxReplicas (1)');
  expect(result.stderr).toContain('models[1] "a": id "a" is already used by models[0] "a"');
  expect(result.stderr).toContain('Nothing was written; dist/ and deploy/ are unchanged.');
  expect(readFolder(dist)).toEqual({ 'previous.k8s.yaml': 'kind: Previous\n' });
  expect(readFolder(deploy)).toEqual({ 'previous.k8s.yaml': 'kind: Previous\n' });
});

test('a YAML syntax error names the line; a missing file is named', () => {
  const dist = previousDist();
  const broken = run(TSX, ['main.ts'], { RLG_DIST_DIR: dist, RLG_MODELS_FILE: writeList('models:\n  - id: a\n   source: x\n') });
  expect(broken.status).toBe(1);
  expect(broken.stderr).toMatch(/\/models\.yaml:3: YAML: Sequence item without - indicator\n/);
  const missing = run(TSX, ['main.ts'], { RLG_DIST_DIR: dist, RLG_MODELS_FILE: undefined, MODELS_FILE: '/nonexistent/models.yaml' });
  expect(missing.status).toBe(1);
  expect(missing.stderr).toContain('/nonexistent/models.yaml: The model list has 1 problem:\n  - the file cannot be read (ENOENT)');
  expect(readFolder(dist)).toEqual({ 'previous.k8s.yaml': 'kind: Previous\n' });
});

test('`cdk8s synth --output elsewhere` writes there and leaves dist/ and deploy/ alone', () => {
  const dist = previousDist();
  const elsewhere = path.join(tempDir(), 'out');
  const state = path.join(tempDir(), 'state');
  const result = run(CDK8S, ['synth', '--output', elsewhere], { RLG_DIST_DIR: dist, RLG_DEPLOY_DIR: dist, RLG_STATE_DIR: state });
  expect(result.status).toBe(0);
  expect(result.stderr).toContain(`${SEED_WROTE} ${elsewhere}/\n`);
  expect(readFolder(elsewhere)).toEqual(seedOutput());
  expect(readFolder(dist)).toEqual({ 'previous.k8s.yaml': 'kind: Previous\n' });

  // The CLI empties the folder before the app runs; a bad list gets the last good output back.
  const bad = run(CDK8S, ['synth', '--output', elsewhere], { RLG_MODELS_FILE: writeList('models:\n  - id: a\n'), RLG_STATE_DIR: state });
  expect(bad.status).not.toBe(0);
  expect(bad.stderr).toContain('models[0] "a": source is required');
  expect(bad.stderr).toContain(`${elsewhere}/ holds its last good output again (4 manifests); the CLI emptied it before this run.`);
  expect(readFolder(elsewhere)).toEqual(seedOutput());
});

test('`cdk8s synth --output dist` with a bad list: dist/ (emptied by the CLI) gets its last published output back', () => {
  const dist = path.join(tempDir(), 'dist');
  const deploy = path.join(tempDir(), 'deploy');
  const state = path.join(tempDir(), 'state');
  expect(run(CDK8S, ['synth'], { RLG_DIST_DIR: dist, RLG_DEPLOY_DIR: deploy, RLG_STATE_DIR: state }).status).toBe(0);
  const published = readFolder(dist);
  expect(Object.keys(published)).toEqual(['.ray-llm-gateway', 'default/gateway.k8s.yaml', 'default/identity.k8s.yaml', 'default/model-gemma-2b-it.k8s.yaml', 'default/model-qwen-25-3b.k8s.yaml']);
  const bad = run(CDK8S, ['synth', '--output', dist], { RLG_MODELS_FILE: writeList('models:\n  - id: a\n'), RLG_STATE_DIR: state });
  expect(bad.status).not.toBe(0);
  expect(readFolder(dist)).toEqual(published);
});

test('the app reads RLG_DIST_DIR, not cluster.sh\'s DIST_DIR, and refuses a folder it did not make', () => {
  const repo = tempDir();
  fs.mkdirSync(path.join(repo, '.git'));
  fs.writeFileSync(path.join(repo, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  fs.writeFileSync(path.join(repo, 'README.md'), 'mine\n');
  const dist = previousDist();
  const deploy = previousDist();
  const ignored = run(TSX, ['main.ts'], { DIST_DIR: repo, DEPLOY_DIR: repo, RLG_DIST_DIR: dist, RLG_DEPLOY_DIR: deploy });
  expect(ignored.status).toBe(0);
  expect(readFolder(dist)['default/gateway.k8s.yaml']).toBe(seedOutput()['default/gateway.k8s.yaml']);

  const refused = run(CDK8S, ['synth'], { RLG_DIST_DIR: repo, RLG_DEPLOY_DIR: deploy });
  expect(refused.status).not.toBe(0);
  expect(refused.stderr).toContain(`synth: ${shownDir(repo)} (${repo}) was not made by synth (it has no .ray-llm-gateway file) and is not empty; refusing to replace it.`);
  expect(refused.stderr).not.toMatch(/\n\s+at /);
  expect(readFolder(repo)).toEqual({ '.git/HEAD': 'ref: refs/heads/main\n', 'README.md': 'mine\n' });
});

/** How main.ts names a folder outside the repository: its absolute path with a slash. */
function shownDir(dir: string): string {
  return `${dir}/`;
}

test('`cdk8s synth --stdout` is one valid YAML stream: namespaces, the gateway, then the models in list order', () => {
  const list = writeList(stringify(RICH_LIST));
  const result = run(CDK8S, ['synth', '--stdout'], { RLG_MODELS_FILE: list });
  expect(result.status).toBe(0);
  const documents = parseAllDocuments(result.stdout);
  expect(documents.flatMap((d) => d.errors)).toEqual([]);
  const objects = documents.map((d) => d.toJS() as { kind: string; metadata: { name: string } });
  const kinds = objects.map((o) => o.kind);
  // The list's namespace first (kubectl creates it before its objects), then the Gateway's chart.
  expect(kinds.slice(0, 3)).toEqual(['Namespace', 'Gateway', 'HTTPRoute']);
  expect(objects[0].metadata.name).toBe('llm');
  expect(objects.filter((o) => o.kind === 'RayService').map((o) => o.metadata.name)).toEqual(['gemma-2b-it', 'llama-70b', 'mistral-7b']);
  // Each model's objects come together, after the Gateway's.
  const firstRayService = kinds.indexOf('RayService');
  expect(kinds.lastIndexOf('Gateway')).toBeLessThan(firstRayService);
  expect(result.stdout.match(/^---$/gm)).toHaveLength(objects.length - 1);
  // Stable: the same bytes again.
  expect(run(CDK8S, ['synth', '--stdout'], { RLG_MODELS_FILE: list }).stdout).toBe(result.stdout);
});

test('the README\'s `npx cdk8s synth`: no upgrade check, no stack trace, real paths named (project .npmrc)', () => {
  const dist = previousDist();
  const deploy = previousDist();
  // As on a user's machine: neither the CI variable nor npm's NODE_OPTIONS from `npm test`.
  const result = run('npx', ['cdk8s', 'synth'], { CDK8S_CHECK_UPGRADE: undefined, NODE_OPTIONS: undefined, RLG_DIST_DIR: dist, RLG_DEPLOY_DIR: deploy });
  expect(result.status).toBe(0);
  expect(result.stderr).toMatch(new RegExp(`^${SEED_WROTE} ${dist}/ and ${deploy}/\ncapacity cluster: nodes steady/upgrade: default-pool 2/4 x e2-standard-4 .*\\(npm run plan\\)\nupgrade: skipped: not a git checkout with a commit: no committed output to compare with\n$`));
  expect(result.stdout).not.toMatch(/new version|Error|\n\s+at /);
});
