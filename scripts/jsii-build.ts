/**
 * `npm run build:jsii` (issue #25): compiles the jsii entry (lib/jsii.ts: the constructs and
 * ModelFleet) with jsii in a staging copy, .rlg-jsii/ (outside build/, which `npm run build`
 * empties), so this package's own build (tsc, build/lib) and tsconfig stay as they are. Writes the
 * staging package.json (jsii needs `types`, `main`, `author`, `repository` and a `jsii` section;
 * `@sinclair/typebox` and `yaml` bundled); with `--python` runs jsii-pacmak for Python (code only)
 * and builds the wheel (.rlg-jsii/dist/wheel/) with the local `python3 -m build --no-isolation`
 * (Debian's python3-build; no PyPI needed); with `--docs` writes API.md (jsii-docgen).
 * `npm run test:jsii` (scripts/jsii-check.ts) checks what it built.
 *   tsx scripts/jsii-build.ts [--python] [--docs]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
export const STAGING = path.join(ROOT, '.rlg-jsii');
/** The Python distribution and module names (what `pip install` and `import` use). */
export const PYTHON_DIST = 'ray-llm-gateway';
export const PYTHON_MODULE = 'ray_llm_gateway';
/** Where the wheel is written. */
export const WHEEL_DIR = path.join(STAGING, 'dist', 'wheel');
const BUNDLED = ['@sinclair/typebox', 'yaml'];
/** What the staging copy holds: the jsii entry, the layers it reaches, the generated CRD classes. */
const COPIED = ['lib/jsii.ts', 'lib/charts', 'lib/constructs', 'lib/facts', 'lib/plan', 'lib/list', 'imports', 'README.md', 'CHANGELOG.md'];

/**
 * The jsii tools print a boxed notice on every run under Node 20 (end-of-life for jsii 5.9 and
 * jsii-pacmak 1.140 since 2026-10-30; they still work): said once here instead.
 */
const ENV = { ...process.env, CDK8S_CHECK_UPGRADE: 'false', FORCE_COLOR: '0', JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '1' };

/** A tool run with its output kept, shown only when it fails; one timing line otherwise. */
function run(cmd: string, args: string[], cwd: string): string {
  const started = Date.now();
  const result = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: ENV });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) {
    process.stderr.write(output);
    console.error(`${path.basename(cmd)} ${args.join(' ')} failed (exit ${result.status ?? result.error?.message})`);
    process.exit(1);
  }
  console.log(`  (${path.basename(cmd)} ${args.join(' ')}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return output;
}

/** The staging package.json: this one's name, version and dependencies, pointed at the jsii entry. */
export function jsiiPackageJson(root: Record<string, any>): Record<string, any> {
  const peers: Record<string, string> = root.peerDependencies;
  return {
    name: root.name,
    version: root.version,
    description: root.description,
    license: root.license,
    author: root.author,
    repository: root.repository,
    keywords: root.keywords,
    main: 'lib/jsii.js',
    types: 'lib/jsii.d.ts',
    engines: root.engines,
    dependencies: Object.fromEntries(BUNDLED.map((name) => [name, root.dependencies[name]])),
    bundledDependencies: BUNDLED,
    peerDependencies: peers,
    // jsii reads the peers' own assemblies (.jsii) from node_modules; the pinned versions are the lowest claimed.
    devDependencies: Object.fromEntries(Object.keys(peers).map((name) => [name, root.devDependencies[name]])),
    // The npm tarball pacmak puts into the wheel: compiled code, the assembly and the bundled packages.
    files: ['lib/**/*.js', 'lib/**/*.d.ts', 'imports/**/*.js', 'imports/**/*.d.ts', '.jsii', 'README.md', 'CHANGELOG.md'],
    jsii: {
      outdir: 'dist',
      versionFormat: 'full',
      targets: { python: { distName: PYTHON_DIST, module: PYTHON_MODULE } },
      excludeTypescript: ['node_modules'],
    },
  };
}

function stage(): void {
  fs.rmSync(STAGING, { recursive: true, force: true });
  fs.mkdirSync(path.join(STAGING, 'lib'), { recursive: true });
  for (const entry of COPIED) fs.cpSync(path.join(ROOT, entry), path.join(STAGING, entry), { recursive: true });
  const root = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  fs.writeFileSync(path.join(STAGING, 'package.json'), JSON.stringify(jsiiPackageJson(root), null, 2) + '\n');
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(STAGING, 'node_modules'), 'dir');
}

/**
 * Reserved-word warnings accepted (JSII5018): names that are reserved only in languages this
 * package does not target, and that cdk8s itself uses (`namespace` of ApiObjectMetadata). Python,
 * the target, has none; any other warning fails the build.
 */
const ACCEPTED_RESERVED = [/"namespace" is a reserved word in C#/, /"type" is a reserved word in Go/];

/** jsii: fails on an error or on a warning not accepted above, showing its diagnostics. */
function compile(jsii: string): void {
  const started = Date.now();
  const result = spawnSync(jsii, [], { cwd: STAGING, encoding: 'utf8', env: ENV });
  const output = `${result.stdout}${result.stderr}`;
  const warnings = output.split('\n').filter((line) => / - warning JSII\d+/.test(line));
  const unexpected = warnings.filter((line) => !ACCEPTED_RESERVED.some((accepted) => accepted.test(line)));
  if (result.status !== 0 || unexpected.length > 0) {
    process.stderr.write(output);
    console.error(`jsii failed (exit ${result.status}; ${unexpected.length} warning(s) not accepted)`);
    process.exit(1);
  }
  console.log(`  (jsii: ${((Date.now() - started) / 1000).toFixed(1)} s; ${warnings.length} accepted reserved-word warnings: \`namespace\` in C#, \`type\` in Go)`);
}

/** The Python interpreter with Debian's python3-build (not a pyenv or venv one without it). */
export function python(): string {
  if (process.env.PYTHON) return process.env.PYTHON;
  return fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

function main(): void {
  const args = process.argv.slice(2);
  const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);
  console.log(`jsii build of lib/jsii.ts in ${path.relative(ROOT, STAGING)}/ (node ${process.version}${process.versions.node.startsWith('20.') ? ': end-of-life for the jsii tools, notice silenced' : ''})`);
  stage();
  compile(bin('jsii'));
  if (args.includes('--python')) {
    run(bin('jsii-pacmak'), ['--targets', 'python', '--code-only', '--outdir', 'dist'], STAGING);
    // pacmak's pyproject pins setuptools/build versions from PyPI; Debian's are used as they are.
    run(python(), ['-m', 'build', '--no-isolation', '--skip-dependency-check', '--wheel', '--outdir', WHEEL_DIR, path.join(STAGING, 'dist', 'python')], STAGING);
  }
  if (args.includes('--docs')) {
    run(bin('jsii-docgen'), ['--output', path.join(ROOT, 'API.md')], STAGING);
  }
  if (args.includes('--python')) console.log(`wheel: ${path.relative(ROOT, WHEEL_DIR)}/${fs.readdirSync(WHEEL_DIR).join(', ')}`);
}

if (require.main === module) main();
