/**
 * Child process for publish tests: `tsx publish-child.ts <stateDir> <dist> <deploy> <tag>` publishes
 * a small dist/ (two manifests in a subfolder) and deploy/ (one file) whose contents carry <tag>.
 * With <tag> `--recover` it only recovers (under the lock). Exits 2 with the message (no stack) on
 * PublishError/LockTimeoutError. RLG_FAULT_AT applies.
 */
import * as path from 'path';
import { LockTimeoutError, withLock } from '../../lib/synth/lock';
import { publishFolders, PublishError, recover } from '../../lib/synth/publish';
import { pairFiles } from './publish-pair';

const [stateDir, dist, deploy, tag] = process.argv.slice(2);
const files = pairFiles(tag);
try {
  if (tag === '--recover') withLock(path.join(stateDir, 'lock'), () => recover(stateDir, [dist, deploy]));
  else publishFolders(stateDir, [
    { dir: dist, files: files.dist, label: 'dist/' },
    { dir: deploy, files: files.deploy, label: 'deploy/' },
  ], { waitMs: Number(process.env.WAIT_MS ?? 20_000), pollMs: 20 });
} catch (error) {
  if (!(error instanceof PublishError || error instanceof LockTimeoutError)) throw error;
  console.error(error.message);
  process.exit(2);
}
