/**
 * The real programs the tests run (Ray's schema, helm, cdk8s for Python), installed by
 * scripts/real/*.sh from the registries into $RLG_REAL_TOOLS (default ~/.cache/rlg-real) at the pins
 * of scripts/real/versions.env (`npm run real:install`). A test file that needs one describes its
 * tests with `describeWithReal`: without the program they skip with one line saying why; with
 * RLG_REQUIRE_REAL=1 (CI) the missing program is a failing test instead.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const REPO = path.resolve(__dirname, '..', '..');

export const REAL_TOOLS = process.env.RLG_REAL_TOOLS ?? path.join(os.homedir(), '.cache', 'rlg-real');
export const VERSIONS_FILE = path.join(REPO, 'scripts', 'real', 'versions.env');

/** KEY=VALUE lines of scripts/real/versions.env: the one source of the pins. */
export function realVersions(): Record<string, string> {
  const text = fs.readFileSync(VERSIONS_FILE, 'utf8');
  return Object.fromEntries(text.split('\n').filter((l) => /^[A-Z_]+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).trim()]));
}

/** The Ray versions whose Serve schema judges the lists (RAY_VERSIONS): the versions the library supports. */
export function rayVersions(): string[] {
  return realVersions().RAY_VERSIONS.split(/\s+/).filter(Boolean);
}

/** The Python of the venv that has `ray[serve]==version` (scripts/real/install-python.sh). */
export function rayPython(version: string): string {
  return path.join(REAL_TOOLS, `ray-${version}`, 'bin', 'python');
}

/** The site-packages folder of that venv (lib/python3.X/site-packages), where Ray's sources are read. */
export function raySitePackages(version: string): string {
  const lib = path.join(REAL_TOOLS, `ray-${version}`, 'lib');
  const python = fs.existsSync(lib) ? fs.readdirSync(lib).find((name) => name.startsWith('python3')) : undefined;
  return path.join(lib, python ?? 'python3', 'site-packages');
}

/** The real helm (scripts/real/install-helm.sh, HELM_VERSION). */
export const HELM = path.join(REAL_TOOLS, `helm-${realVersions().HELM_VERSION}`, 'helm');

/** Ray's own schema judging serveConfigV2 (run with rayPython). */
export const SERVE_CHECK = path.join(REPO, 'scripts', 'real', 'serve_check.py');

/** Why `files` are not all there (one line naming the first missing and its installer), or undefined. */
export function missingTool(files: readonly string[], installer: string): string | undefined {
  const missing = files.find((file) => !fs.existsSync(file));
  return missing ? `no ${missing} (install: npm run real:install, or ${installer})` : undefined;
}

/** describe() when the program is installed (`missing` undefined); otherwise a one-line skip, or under RLG_REQUIRE_REAL=1 a failure. */
export function describeWithReal(name: string, missing: string | undefined, fn: () => void): void {
  if (missing === undefined) describe(name, fn);
  else if (process.env.RLG_REQUIRE_REAL === '1') describe(name, () => test('the real program is installed (RLG_REQUIRE_REAL=1)', () => { throw new Error(missing); }));
  else {
    process.stdout.write(`\n${name}: skipped, ${missing}\n`);
    describe.skip(`${name} [skipped: ${missing}]`, fn);
  }
}
