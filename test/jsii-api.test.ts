/**
 * The jsii-facing API (issue #25): ModelFleet from a file, RayEnvValue as one struct, and the split of
 * the package into the jsii entry (lib/jsii.ts) and the TypeScript-only subpath (lib/spec-api.ts,
 * `ray-llm-gateway/spec`), which together are the root index. The jsii build itself and the wheel
 * are checked by scripts/jsii-check.ts (`npm run test:jsii`, .ci/run).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import * as root from '../lib';
import * as jsiiEntry from '../lib/jsii';
import * as spec from '../lib/spec-api';
import { loadModelList, ModelFleet, ModelListError, RayLlmService } from '../lib';
import { problemsOf } from './support/problems';

type Obj = Record<string, any>;
const ROOT = path.join(__dirname, '..');
const SEED = path.join(__dirname, 'fixtures', 'lists', 'seed.yaml');

const objects = (app: App) => app.charts.flatMap((c) => c.toJson() as Obj[]);

describe('ModelFleet.fromFile', () => {
  test('the fleet of a file: the same objects as the list loadModelList reads from it', () => {
    const fromFile = new App();
    const fleet = ModelFleet.fromFile(fromFile, 'fleet', SEED);
    const fromList = new App();
    new ModelFleet(fromList, 'fleet', { list: loadModelList(SEED) });
    expect(fleet).toBeInstanceOf(ModelFleet);
    expect(objects(fromFile).length).toBeGreaterThan(5);
    expect(objects(fromFile)).toEqual(objects(fromList));
  });

  test('a bad list in a file: one ModelListError naming the model and field, no chart made', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rlg-fromfile-'));
    try {
      const file = path.join(dir, 'models.yaml');
      fs.writeFileSync(file, 'models:\n  - id: a\n    source: a\n    gpusPerReplica: 3\n');
      const app = Testing.app();
      expect(problemsOf(() => ModelFleet.fromFile(app, 'fleet', file))).toEqual([expect.stringMatching(/^models\[0\] "a": gpusPerReplica/)]);
      expect(app.charts).toEqual([]);
      expect(() => ModelFleet.fromFile(Testing.app(), 'fleet', path.join(dir, 'missing.yaml'))).toThrow(ModelListError);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('RayEnvValue: one struct, exactly one source', () => {
  const envOf = (env: ConstructorParameters<typeof RayLlmService>[2]['env']) => {
    const chart = new Chart(Testing.app(), 'c');
    new RayLlmService(chart, 'llm', { modelId: 'm', source: 'm', name: 'm', env });
    const [rayService] = chart.toJson() as Obj[];
    return rayService.spec.rayClusterConfig.headGroupSpec.template.spec.containers[0].env as Obj[];
  };

  test('a literal, a Secret key and a ConfigMap key', () => {
    const env = envOf({ A: { value: '1' }, B: { secretKeyRef: { name: 's', key: 'k' } }, C: { configMapKeyRef: { name: 'c', key: 'k' } } });
    expect(env).toContainEqual({ name: 'A', value: '1' });
    expect(env).toContainEqual({ name: 'B', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } });
    expect(env).toContainEqual({ name: 'C', valueFrom: { configMapKeyRef: { name: 'c', key: 'k' } } });
  });

  test('none or two of them: an error naming the variable', () => {
    expect(() => envOf({ A: {} })).toThrow('env A: give exactly one of value, secretKeyRef, configMapKeyRef (got 0)');
    expect(() => envOf({ B: { value: '1', secretKeyRef: { name: 's', key: 'k' } } })).toThrow('env B: give exactly one of value, secretKeyRef, configMapKeyRef (got 2)');
  });
});

describe('the package: jsii entry + TypeScript-only subpath = the root index', () => {
  test('the root index exports exactly what the two entries export', () => {
    expect(Object.keys(root).sort()).toEqual([...new Set([...Object.keys(jsiiEntry), ...Object.keys(spec)])].sort());
  });

  test('the TypeScript-only part is on the subpath, not in the jsii entry', () => {
    const tsOnly = ['loadModelList', 'ModelListError', 'planModels', 'buildCharts', 'objectsOf', 'serveConfig', 'GatewayChart', 'WorkloadChart', 'FrontEndChart', 'GitOpsChart', 'ModelSchema'];
    expect(Object.keys(spec)).toEqual(expect.arrayContaining(tsOnly));
    for (const name of tsOnly) expect(Object.keys(jsiiEntry)).not.toContain(name);
    expect(Object.keys(jsiiEntry)).toEqual(expect.arrayContaining(['ModelFleet', 'RayLlmService', 'ModelGateway', 'ModelRoute', 'ServeHealthCheck', 'ServeBackend']));
  });

  test('package.json maps ray-llm-gateway/spec to the compiled subpath (exports, and typesVersions for node10 resolution)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.exports['./spec']).toEqual({ types: './build/lib/spec-api.d.ts', require: './build/lib/spec-api.js', default: './build/lib/spec-api.js' });
    expect(pkg.typesVersions['*'].spec).toEqual(['build/lib/spec-api.d.ts']);
    expect(pkg.keywords).toContain('cdk8s');
  });
});
