/**
 * `npm run routes` and `npm run bench` as a user runs them: the input is named on the command line,
 * every error exits non-zero, and options work with or without `--` (npm keeps unknown options
 * for itself and exports them as npm_config_*; scripts/npm-args.ts reads them back).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildRouteTable } from '../scripts/route-table';
import { optionsTakenByNpm } from '../scripts/npm-args';
import { readManifests, runRoutes } from '../scripts/routes';
import { defaultList, ROOT, SEED_LIST_FILE, synthObjects } from './support/synth';

const ROUTES_SEED = path.join(ROOT, 'test', 'fixtures', 'routes', 'seed');
const BROKEN = path.join(ROOT, 'test', 'fixtures', 'routes', 'broken');

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scripts-test-'));
  tempDirs.push(dir);
  return dir;
}

/** `npm run -s <script> <args>` from `cwd`, with no npm_* variables of the npm that runs jest. */
function npmRun(script: string, args: string[], cwd = ROOT) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  const result = spawnSync('npm', ['run', '-s', '--prefix', ROOT, script, ...args], { cwd, env, encoding: 'utf8', timeout: 60000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('options npm kept for itself', () => {
  const npm = (vars: Record<string, string>) => ({ npm_lifecycle_event: 'bench', ...vars });

  test('are read back only while npm runs that script', () => {
    expect(optionsTakenByNpm(npm({ npm_config_json: 'true' }), 'bench', ['json'])).toEqual(['--json']);
    expect(optionsTakenByNpm({ npm_lifecycle_event: 'test', npm_config_json: 'true' }, 'bench', ['json'])).toEqual([]);
    expect(optionsTakenByNpm({ npm_config_json: 'true' }, 'bench', ['json'])).toEqual([]);
  });

  test('--x=v keeps its value (repeated ones too), --no-x is the empty value, a separated value leaves the option bare', () => {
    expect(optionsTakenByNpm(npm({ npm_config_sizes: '100,1000' }), 'bench', ['sizes'])).toEqual(['--sizes=100,1000']);
    expect(optionsTakenByNpm(npm({ npm_config_sizes: '1\n\n2' }), 'bench', ['sizes'])).toEqual(['--sizes=1', '--sizes=2']);
    expect(optionsTakenByNpm(npm({ npm_config_gnu_time: '' }), 'bench', ['no-gnu-time'])).toEqual(['--no-gnu-time']);
    expect(optionsTakenByNpm(npm({ npm_config_gnu_time: 'true' }), 'bench', ['no-gnu-time'])).toEqual([]);
    expect(optionsTakenByNpm(npm({ npm_config_runs: 'true' }), 'bench', ['runs'])).toEqual(['--runs']);
  });
});

describe('npm run routes', () => {
  test('the seed fixture folder routes as a fresh synth of the seed list does (the fixture has not drifted)', () => {
    const fresh = buildRouteTable(synthObjects(defaultList()));
    expect(buildRouteTable(readManifests(ROUTES_SEED))).toEqual(fresh);
    expect(fresh.entries.map((e) => e.name)).toEqual(['gemma-2b-it', 'qwen-2.5-3b', 'GET /v1/models', 'GET /v1/models/{id}']);
  });

  test('without a folder it refuses, naming what is missing, and prints nothing on stdout', () => {
    expect(runRoutes([])).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/^routes: name the folder to read: DIST_DIR \(e\.g\. dist\)\nusage: /) });
    expect(runRoutes(['--json'])).toMatchObject({ code: 2, stdout: '' });
  });

  test('--json read back from npm_config_json while npm runs `routes`', () => {
    const viaNpm = runRoutes([ROUTES_SEED], { npm_lifecycle_event: 'routes', npm_config_json: 'true' });
    expect(viaNpm.code).toBe(0);
    expect(JSON.parse(viaNpm.stdout)).toEqual(JSON.parse(runRoutes(['--json', ROUTES_SEED]).stdout));
    expect(runRoutes([ROUTES_SEED], { npm_lifecycle_event: 'test', npm_config_json: 'true' }).stdout).toMatch(/^Gateway /);
  });

  test('through npm: --json with and without `--`, a folder relative to where npm was started, exit 1 on problems', () => {
    const cwd = path.join(ROOT, 'test', 'fixtures');
    const without = npmRun('routes', ['--json', 'routes/seed'], cwd);
    expect(without.stderr).toBe('');
    expect(without.status).toBe(0);
    const table = JSON.parse(without.stdout);
    expect(table.entries.map((e: { name: string }) => e.name)).toEqual(['gemma-2b-it', 'qwen-2.5-3b', 'GET /v1/models', 'GET /v1/models/{id}']);
    const withDashes = npmRun('routes', ['--', '--json', 'routes/seed'], cwd);
    expect(JSON.parse(withDashes.stdout)).toEqual(table);
    expect(npmRun('routes', [BROKEN]).status).toBe(1);
    const none = npmRun('routes', []);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('name the folder to read');
  });
});

describe('npm run bench', () => {
  test('without a list or sizes it refuses, before running anything', () => {
    const result = npmRun('bench', []);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^bench: name the lists to measure: LIST_FILE\.\.\. and\/or --sizes\n/);
  });

  test('an invalid list file is refused before anything runs, naming the file, the model and the field', () => {
    const file = path.join(tempDir(), 'bad.yaml');
    fs.writeFileSync(file, 'models:\n  - id: x\n');
    const result = npmRun('bench', ['--', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`bench: ${file}: The model list has 1 problem:\n  - models[0] "x": source is required`);
    expect(npmRun('bench', ['--', path.join(tempDir(), 'missing.yaml')]).status).toBe(2);
  });

  test('a value npm separated from its option is refused with the way out; unknown options too', () => {
    const separated = npmRun('bench', ['--sizes', '3']);
    expect(separated.status).toBe(2);
    expect(separated.stderr).toContain("bench: Option '--sizes <value>' argument missing\n(npm read --sizes as its own option; put `--` before the script's options");
    expect(npmRun('bench', ['--', '--nope', SEED_LIST_FILE]).status).toBe(2);
    expect(npmRun('bench', ['--', '--runs', '0', SEED_LIST_FILE]).stderr).toContain('--runs must be a positive integer, got "0"');
  });

  test('measures the lists named, without `--` (--x=v form), whatever models.yaml holds', () => {
    const result = npmRun('bench', ['--runs=1', '--sizes=3', '--no-gnu-time', path.relative(ROOT, SEED_LIST_FILE)]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('- Each row: 1 run of');
    expect(result.stdout).toContain('not used (--no-gnu-time)');
    expect(result.stdout).toMatch(/^\| test\/fixtures\/lists\/seed\.yaml \(2 models\) \| 4 \| /m);
    expect(result.stdout).toMatch(/^\| 3 \(generated\) \| 5 \| /m);
  }, 60000);
});
