/**
 * `npx cdk8s synth` end to end: the committed dist/ and deploy/ are what a fresh synth writes,
 * and a bad list exits non-zero with its problems while both stay exactly as they were.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from './support/synth';

const CDK8S = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'synth-test-'));
}

/** Relative path -> content of every file below a folder. */
function readFolder(dir: string): Record<string, string> {
  const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(dir, f)).isFile());
  return Object.fromEntries(files.sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

function run(command: string, args: string[], env: Record<string, string>) {
  const result = spawnSync(command, args, { cwd: ROOT, env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', ...env }, encoding: 'utf8' });
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

test('a fresh `cdk8s synth` of models.yaml writes exactly the committed dist/, replacing what was there', () => {
  const dist = previousDist();
  const deploy = previousDist();
  const result = run(CDK8S, ['synth'], { DIST_DIR: dist, DEPLOY_DIR: deploy });
  expect(result.stderr).toContain(`2 models from models.yaml -> ${dist}/\n`);
  expect(result.stderr).not.toMatch(/problem/);
  expect(result.status).toBe(0);
  expect(readFolder(dist)).toEqual(readFolder(path.join(ROOT, 'dist')));
  const committedDeploy = readFolder(path.join(ROOT, 'deploy'));
  // The cluster plan names the values file relative to the repository root, so it differs only there.
  committedDeploy['cluster-plan.env'] = committedDeploy['cluster-plan.env'].replace('=deploy/', `=${path.relative(ROOT, deploy)}/`);
  expect(readFolder(deploy)).toEqual(committedDeploy);
});

test('a bad list through `cdk8s synth`: non-zero exit, every problem named, dist/ untouched', () => {
  const dist = previousDist();
  const list = writeList(['models:', '  - id: a', '    source: org/a', '    minReplicas: 3', '    maxReplicas: 1', '  - id: a', '    source: org/b', ''].join('\n'));
  const deploy = previousDist();
  const result = run(CDK8S, ['synth'], { DIST_DIR: dist, DEPLOY_DIR: deploy, MODELS_FILE: list });
  expect(result.status).not.toBe(0);
  expect(result.stderr).toContain('models[0] "a": minReplicas (3) is greater than maxReplicas (1)');
  expect(result.stderr).toContain('models[1] "a": id "a" is already used by models[0] "a"');
  expect(result.stderr).toContain('Nothing was written; dist/ and deploy/ are unchanged.');
  expect(readFolder(dist)).toEqual({ 'previous.k8s.yaml': 'kind: Previous\n' });
  expect(readFolder(deploy)).toEqual({ 'previous.k8s.yaml': 'kind: Previous\n' });
});

test('a YAML syntax error names the line; a missing file is named', () => {
  const dist = previousDist();
  const broken = run(TSX, ['main.ts'], { DIST_DIR: dist, MODELS_FILE: writeList('models:\n  - id: a\n   source: x\n') });
  expect(broken.status).toBe(1);
  expect(broken.stderr).toMatch(/\/models\.yaml:3: YAML: Sequence item without - indicator\n/);
  const missing = run(TSX, ['main.ts'], { DIST_DIR: dist, MODELS_FILE: '/nonexistent/models.yaml' });
  expect(missing.status).toBe(1);
  expect(missing.stderr).toContain('/nonexistent/models.yaml: The model list has 1 problem:\n  - the file cannot be read (ENOENT)');
  expect(readFolder(dist)).toEqual({ 'previous.k8s.yaml': 'kind: Previous\n' });
});

test('`cdk8s synth --output elsewhere` writes there and leaves dist/ and deploy/ alone', () => {
  const dist = previousDist();
  const elsewhere = path.join(tempDir(), 'out');
  const result = run(CDK8S, ['synth', '--output', elsewhere], { DIST_DIR: dist, DEPLOY_DIR: dist });
  expect(result.status).toBe(0);
  expect(readFolder(elsewhere)).toEqual(readFolder(path.join(ROOT, 'dist')));
  expect(readFolder(dist)).toEqual({ 'previous.k8s.yaml': 'kind: Previous\n' });
});
