/**
 * The real nginx, for test/model-list.test.ts: Debian's package at the version pinned in
 * scripts/real/versions.env (NGINX_DEBIAN_VERSION), unpacked by scripts/real/install-nginx.sh into
 * $RLG_REAL_TOOLS (default ~/.cache/rlg-real), never installed. Without it the test is skipped with
 * one line saying why; with RLG_REQUIRE_REAL=1 (CI) that is an error instead.
 */
import * as fs from 'fs';
import * as path from 'path';
import { REAL_TOOLS, realVersions } from './real-tools';

export function pinnedNginxVersion(): string {
  return realVersions().NGINX_DEBIAN_VERSION;
}

/** The nginx binary (scripts/real/install-nginx.sh), or the reason there is none (an error under RLG_REQUIRE_REAL=1). */
export function realNginx(): { binary?: string; skip?: string } {
  const version = pinnedNginxVersion();
  const root = path.join(REAL_TOOLS, `nginx-${version}`);
  const binary = path.join(root, 'usr', 'sbin', 'nginx');
  if (fs.existsSync(binary)) return { binary };
  const reason = `no real nginx ${version} at ${binary} (install: npm run real:install, or scripts/real/install-nginx.sh)`;
  if (process.env.RLG_REQUIRE_REAL === '1') throw new Error(`RLG_REQUIRE_REAL=1, but: ${reason}`);
  return { skip: reason };
}
