/**
 * The app `cdk8s synth` runs (cdk8s.yaml `app:`): main.ts as compiled JavaScript, not through tsx.
 *
 * main.ts with lib/, imports/ and the npm packages they use is bundled by esbuild into one file,
 * `.rlg-build/main-<hash>.cjs` (one file loads in about half the time of ~600 modules resolved one
 * by one), where <hash> is the SHA-256 of the sources: main.ts, lib/**, imports/**,
 * package-lock.json (the packages' versions), tsconfig.json, this file and the repository's path
 * (`__dirname` is compiled in as the repository root). A bundle is only ever run for the exact
 * sources it was built from, so an edit to main.ts or lib/ can never give stale output; models.yaml
 * is read at run time, as before. (Bundled, cdk8s's `Yaml.load` of a URL cannot find its helper
 * script; the app does not load YAML through cdk8s.)
 *
 * Hashing the ~4 MB of sources takes about 20 ms, so a stat key (path, size, mtime, ctime and
 * inode of every source; every write changes the ctime) remembers the last hash. It is only
 * trusted when every source was older than 2 s when the key was written (an edit in the same
 * clock tick as the build could leave its times unchanged); otherwise the sources are hashed.
 * Concurrent synths are safe: each bundle is written to a temp file and renamed into place, and
 * its name is its hash.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(self), '..');
const cacheDir = path.join(root, '.rlg-build');
const statKeyFile = path.join(cacheDir, 'stat-key');
/** A source changed this recently may change again without its size or mtime changing. */
const RACY_MS = 2000;
/** Older bundles are removed after a build, once they are this old (another synth may be starting one). */
const KEEP_MS = 60_000;

/** Every source the bundle is built from, sorted, relative to the root. */
function sources() {
  const tree = (dir) =>
    fs.readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(root, path.join(entry.parentPath ?? entry.path, entry.name)));
  return ['main.ts', 'package-lock.json', 'tsconfig.json', path.relative(root, self), ...tree('lib'), ...tree('imports')].sort();
}

function statKey(files) {
  const stats = files.map((file) => [file, fs.statSync(path.join(root, file), { bigint: true })]);
  // ctime: every write changes it, and unlike mtime it cannot be set back.
  const key = [root, ...stats.map(([file, st]) => `${file}\t${st.size}\t${st.mtimeNs}\t${st.ctimeNs}\t${st.ino}`)].join('\n');
  const newestMs = Math.max(...stats.map(([, st]) => Math.max(Number(st.mtimeMs), Number(st.ctimeMs))));
  return { key, newestMs };
}

function contentHash(files) {
  const hash = createHash('sha256').update(`${root}\0`);
  for (const file of files) hash.update(`${file}\0`).update(fs.readFileSync(path.join(root, file))).update('\0');
  return hash.digest('hex').slice(0, 32);
}

function readOr(file, fallback) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

function build(bundle) {
  const require = createRequire(self);
  const esbuild = require('esbuild');
  const temp = `${bundle}.${process.pid}.tmp`;
  esbuild.buildSync({
    entryPoints: [path.join(root, 'main.ts')],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // The bundle lives in .rlg-build/; main.ts's __dirname is the repository root.
    define: { __dirname: JSON.stringify(root) },
    tsconfig: path.join(root, 'tsconfig.json'),
    outfile: temp,
    logLevel: 'error',
  });
  fs.renameSync(temp, bundle);
  const now = Date.now();
  for (const name of fs.readdirSync(cacheDir)) {
    const file = path.join(cacheDir, name);
    if (file !== bundle && /^main-[0-9a-f]+\.cjs(\.\d+\.tmp)?$/.test(name)) {
      try {
        if (now - fs.statSync(file).mtimeMs > KEEP_MS) fs.rmSync(file, { force: true });
      } catch {
        // another synth removed it
      }
    }
  }
}

/** The bundle for the current sources, built when missing. */
export function appBundle() {
  fs.mkdirSync(cacheDir, { recursive: true });
  const files = sources();
  const { key, newestMs } = statKey(files);
  const remembered = readOr(statKeyFile, '');
  const newline = remembered.indexOf('\n');
  if (newline > 0 && remembered.slice(newline + 1) === key) {
    const bundle = path.join(cacheDir, `main-${remembered.slice(0, newline)}.cjs`);
    if (fs.existsSync(bundle)) return bundle;
  }
  const hash = contentHash(files);
  const bundle = path.join(cacheDir, `main-${hash}.cjs`);
  if (!fs.existsSync(bundle)) build(bundle);
  if (Date.now() - newestMs > RACY_MS) {
    // A cache: a failure to keep the key (a full disk, a file size limit) only costs the next run a hash.
    const temp = `${statKeyFile}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(temp, `${hash}\n${key}`);
      fs.renameSync(temp, statKeyFile);
    } catch {
      fs.rmSync(temp, { force: true });
    }
  }
  return bundle;
}

if (process.argv[1] && path.resolve(process.argv[1]) === self) {
  createRequire(self)(appBundle());
}
