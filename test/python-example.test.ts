/**
 * Python for real: examples/python/main.py runs on cdk8s and constructs from PyPI (the venv of
 * scripts/real/install-cdk8s-python.sh, pinned in scripts/real/versions.env to package.json's npm
 * versions) with our wheel (`npm run build:jsii`, which CI runs before the tests; reused here, not
 * rebuilt), and writes YAML equal, file for file and byte for byte, to the TypeScript synth of the
 * same constructs and the same list.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { ModelFleet, ModelGateway, ModelRoute, RayLlmService, ServeBackendPolicy, ServeHealthCheck } from '../lib/jsii';
import { describeWithReal, missingTool, REAL_TOOLS } from './support/real-tools';
import { ROOT, SEED_LIST_FILE } from './support/synth';

const WHEEL_DIR = path.join(ROOT, '.rlg-jsii', 'dist', 'wheel');
const VENV_PYTHON = path.join(REAL_TOOLS, 'cdk8s-python', 'bin', 'python');
const wheel = fs.existsSync(WHEEL_DIR) ? fs.readdirSync(WHEEL_DIR).find((f) => f.endsWith('.whl')) : undefined;
const missing = missingTool([VENV_PYTHON], 'scripts/real/install-cdk8s-python.sh')
  ?? (wheel ? undefined : `no wheel in ${path.relative(ROOT, WHEEL_DIR)}/ (npm run build:jsii builds it)`);

/** The same app as examples/python/main.py, in TypeScript. */
function typescriptApp(outdir: string, listFile: string): void {
  const app = new App({ outdir });
  const chart = new Chart(app, 'team-a', { namespace: 'team-a', disableResourceNameHashes: true });
  const gemma = new RayLlmService(chart, 'gemma', { name: 'gemma', modelId: 'google/gemma-2b-it', source: 'google/gemma-2b-it', metadata: { labels: { team: 'a' } } });
  new ServeHealthCheck(chart, 'gemma-health', { service: gemma });
  new ServeBackendPolicy(chart, 'gemma-timeout', { service: gemma });
  const gateway = new ModelGateway(chart, 'gateway', { name: 'team-a-gateway' });
  new ModelRoute(chart, 'route', { name: 'team-a-models', gateway }).addModel(gemma);
  ModelFleet.fromFile(app, 'fleet', listFile);
  app.synth();
}

const filesOf = (dir: string): Record<string, string> =>
  Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));

describeWithReal('examples/python/main.py on cdk8s for Python with our wheel', missing, () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'python-example-test-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('writes the same YAML as the TypeScript synth of the same list', () => {
    // The wheel into a folder of this run (the shared venv stays as installed).
    const site = path.join(work, 'site');
    const pip = spawnSync(VENV_PYTHON, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--target', site, path.join(WHEEL_DIR, wheel!)], { encoding: 'utf8' });
    expect([pip.status, pip.stderr]).toEqual([0, '']);
    const python = path.join(work, 'python');
    fs.mkdirSync(python);
    const run = spawnSync(VENV_PYTHON, [path.join(ROOT, 'examples', 'python', 'main.py'), SEED_LIST_FILE], {
      cwd: python, encoding: 'utf8', // Node 20 is end-of-life for jsii's runtime: its notice on stderr is silenced (the variable lists the major versions to silence).
      env: { ...process.env, PYTHONPATH: site, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split('.')[0] }, timeout: 300_000,
    });
    expect([run.status, run.stderr]).toEqual([0, '']);
    const typescript = path.join(work, 'typescript');
    typescriptApp(typescript, SEED_LIST_FILE);
    const fromPython = filesOf(path.join(python, 'dist'));
    expect(Object.keys(fromPython).length).toBeGreaterThanOrEqual(2);
    expect(fromPython).toEqual(filesOf(typescript));
  }, 300_000);
});
