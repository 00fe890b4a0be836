/**
 * `npm run build:jsii` (issue #25): compiles the jsii entry (lib/jsii.ts: the constructs and
 * ModelFleet) with jsii, in a staging copy (build/jsii/), so this package's own build (tsc,
 * build/lib) and tsconfig stay as they are. Writes the staging package.json (jsii needs `types`,
 * `main`, `author`, `repository` and a `jsii` section; `@sinclair/typebox` and `yaml` bundled),
 * then, with `--python`, runs jsii-pacmak for Python (code only) and builds the wheel with the
 * local `python3 -m build --no-isolation` (Debian's python3-build; no PyPI needed), and with
 * `--docs`, writes API.md (jsii-docgen) into the repository root.
 *   tsx scripts/jsii-build.ts [--python] [--docs]
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
export const STAGING = path.join(ROOT, 'build', 'jsii');
/** The Python distribution and module names (what `pip install` and `import` use). */
export const PYTHON_DIST = 'ray-llm-gateway';
export const PYTHON_MODULE = 'ray_llm_gateway';
const BUNDLED = ['@sinclair/typebox', 'yaml'];
/** What the staging copy holds: the jsii entry, the layers it reaches, the generated CRD classes. */
const COPIED = ['lib/jsii.ts', 'lib/charts', 'lib/constructs', 'lib/facts', 'lib/plan', 'lib/spec', 'imports', 'README.md', 'CHANGELOG.md'];

function run(cmd: string, args: string[], cwd: string): void {
  const started = Date.now();
  execFileSync(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' } });
  console.log(`  (${path.basename(cmd)} ${args.join(' ')}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
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

function main(): void {
  const args = process.argv.slice(2);
  const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);
  stage();
  run(bin('jsii'), ['--fail-on-warnings', '--silence-warnings=reserved-word'], STAGING);
  if (args.includes('--python')) {
    run(bin('jsii-pacmak'), ['--targets', 'python', '--code-only', '--outdir', 'dist'], STAGING);
    run(process.env.PYTHON ?? 'python3', ['-m', 'build', '--no-isolation', '--wheel', '--outdir', path.join(STAGING, 'dist', 'wheel'), path.join(STAGING, 'dist', 'python')], STAGING);
  }
  if (args.includes('--docs')) {
    run(bin('jsii-docgen'), ['--output', path.join(ROOT, 'API.md')], STAGING);
  }
}

if (require.main === module) main();
