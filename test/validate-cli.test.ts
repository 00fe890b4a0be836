/** `npm run validate [PATH...]`: the schema + CEL checker as a command on folders of manifests. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { runValidate } from '../scripts/validate/run';
import { defaultList, ROOT, synthFiles } from './support/synth';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(file: string, objects: unknown[]): void {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), objects.map((o) => stringify(o)).join('---\n'));
}

const OLD_HEALTH_CHECK = {
  apiVersion: 'networking.gke.io/v1',
  kind: 'HealthCheckPolicy',
  metadata: { name: 'gemma-serve-healthcheck', namespace: 'llm' },
  spec: {
    default: { config: { type: 'HTTP', httpHealthCheck: { port: 8000, requestPath: '/-/healthz' } } },
    targetRef: { group: '', kind: 'Service', name: 'gemma-serve-svc' },
  },
};

test('a folder of valid manifests (the seed list, in the dist/ layout) passes', () => {
  for (const [file, objects] of Object.entries(synthFiles(defaultList()))) write(file, objects);
  const report = runValidate([dir]);
  // 16: with the GET /v1/models responder's ConfigMap, Deployment, Service, NetworkPolicy and HealthCheckPolicy.
  expect(report.lines).toEqual(['Summary: 16 resources, 16 valid, 0 invalid, 0 skipped']);
  expect(report.exitCode).toBe(0);
});

test('an invalid object fails with file, object and field path; an unknown kind is skipped', () => {
  write('a/policy.yaml', [OLD_HEALTH_CHECK, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }]);
  write('b/namespace.yaml', [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'llm' } }]);
  const report = runValidate([dir], dir);
  expect(report.lines).toEqual([
    'INVALID a/policy.yaml: HealthCheckPolicy llm/gemma-serve-healthcheck: spec.default.config.httpHealthCheck: Invalid value: "object": no such key: portSpecification evaluating rule: for portSpecification being USE_FIXED_PORT, port must be set and portName must be unset',
    'INVALID a/policy.yaml: HealthCheckPolicy llm/gemma-serve-healthcheck: spec.default.config.httpHealthCheck: Invalid value: "object": no such key: portSpecification evaluating rule: for portSpecification being USE_NAMED_PORT, port must be unset and portName must be set',
    'INVALID a/policy.yaml: HealthCheckPolicy llm/gemma-serve-healthcheck: spec.default.config.httpHealthCheck: Invalid value: "object": port and portName must be unset for portSpecification being USE_SERVING_PORT (which is the default)',
    'SKIPPED a/policy.yaml: Widget w (example.com/v1): no schema for this kind',
    'Summary: 3 resources, 1 valid, 1 invalid, 1 skipped',
  ]);
  expect(report.exitCode).toBe(1);
});

test('a document that is not a Kubernetes object is invalid', () => {
  fs.writeFileSync(path.join(dir, 'models.yaml'), 'models:\n  - id: a\n');
  expect(runValidate([dir], dir)).toEqual({
    lines: ['INVALID models.yaml (document 1): not a Kubernetes object (apiVersion and kind missing)', 'Summary: 1 resources, 0 valid, 1 invalid, 0 skipped'],
    exitCode: 1,
  });
});

test('arguments: default dist/, a leading "--" is ignored, several paths, help, unknown option, missing path', () => {
  expect(runValidate([], ROOT).lines.at(-1)).toMatch(/^Summary: \d+ resources, (\d+) valid, 0 invalid, 0 skipped$/);
  write('x.yaml', [OLD_HEALTH_CHECK]);
  write('y.yaml', [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } }]);
  expect(runValidate(['--', path.join(dir, 'y.yaml')])).toEqual({ lines: ['Summary: 1 resources, 1 valid, 0 invalid, 0 skipped'], exitCode: 0 });
  expect(runValidate([path.join(dir, 'x.yaml'), path.join(dir, 'y.yaml')]).lines.at(-1)).toBe('Summary: 2 resources, 1 valid, 1 invalid, 0 skipped');
  expect(runValidate(['--help'])).toMatchObject({ exitCode: 0, lines: [expect.stringMatching(/^usage: npm run validate \[PATH\.\.\.\]/)] });
  expect(runValidate(['--strict'])).toMatchObject({ exitCode: 2, lines: ['validate: unknown option --strict', expect.any(String)] });
  expect(runValidate(['no-such-dir'], dir)).toEqual({ lines: ['validate: no such file or folder: no-such-dir'], exitCode: 2 });
});

test('the command exits 1 on an invalid folder and prints the summary', () => {
  write('x.yaml', [OLD_HEALTH_CHECK]);
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'validate.ts'), '--', dir], { cwd: ROOT, encoding: 'utf8' });
  expect(run.status).toBe(1);
  expect(run.stdout).toMatch(/INVALID .*x\.yaml: HealthCheckPolicy llm\/gemma-serve-healthcheck: spec\.default\.config\.httpHealthCheck: Invalid value/);
  expect(run.stdout.trim().split('\n').at(-1)).toBe('Summary: 1 resources, 0 valid, 1 invalid, 0 skipped');
}, 30000);
