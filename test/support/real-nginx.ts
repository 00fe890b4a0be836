/**
 * The real nginx, for test/model-list.test.ts: Debian's package at the version pinned in
 * scripts/real/versions.env (NGINX_DEBIAN_VERSION), fetched with `apt-get download` and unpacked
 * with `dpkg -x` into $RLG_REAL_TOOLS (default ~/.cache/rlg-real), never installed. Without apt,
 * dpkg or the network the test is skipped with one line saying why; with RLG_REQUIRE_REAL=1 (CI)
 * that is an error instead.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const VERSIONS = path.join(__dirname, '..', '..', 'scripts', 'real', 'versions.env');

export function pinnedNginxVersion(): string {
  const line = fs.readFileSync(VERSIONS, 'utf8').split('\n').find((l) => l.startsWith('NGINX_DEBIAN_VERSION='));
  if (!line) throw new Error(`${VERSIONS} has no NGINX_DEBIAN_VERSION`);
  return line.slice('NGINX_DEBIAN_VERSION='.length).trim();
}

/** The nginx binary, fetched if needed; or the reason there is none. */
export function realNginx(): { binary?: string; skip?: string } {
  const version = pinnedNginxVersion();
  const root = path.join(process.env.RLG_REAL_TOOLS ?? path.join(os.homedir(), '.cache', 'rlg-real'), `nginx-${version}`);
  const binary = path.join(root, 'usr', 'sbin', 'nginx');
  if (fs.existsSync(binary)) return { binary };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rlg-nginx-'));
  try {
    execFileSync('apt-get', ['download', `nginx=${version}`], { cwd: work, stdio: 'pipe', timeout: 120_000 });
    const deb = fs.readdirSync(work).find((f) => f.endsWith('.deb'));
    if (!deb) throw new Error('apt-get download wrote no .deb');
    fs.mkdirSync(root, { recursive: true });
    execFileSync('dpkg', ['-x', path.join(work, deb), root], { stdio: 'pipe' });
    return fs.existsSync(binary) ? { binary } : { skip: `the nginx ${version} package has no usr/sbin/nginx` };
  } catch (error) {
    const reason = `real nginx ${version} unavailable (apt-get download / dpkg -x: ${String((error as Error).message).split('\n')[0]})`;
    if (process.env.RLG_REQUIRE_REAL === '1') throw new Error(`RLG_REQUIRE_REAL=1, but: ${reason}`);
    return { skip: reason };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
