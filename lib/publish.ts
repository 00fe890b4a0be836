/** Replaces an output folder with a freshly synthesized one, so a failed synth never leaves it half-written. */
import * as fs from 'fs';
import * as path from 'path';

/**
 * Makes `target` hold exactly the files of `source` (flat folder). The new content is copied
 * next to `target` first and swapped in with renames.
 */
export function replaceDirectory(source: string, target: string): void {
  const next = `${target}.next`;
  const previous = `${target}.previous`;
  fs.rmSync(next, { recursive: true, force: true });
  fs.rmSync(previous, { recursive: true, force: true });
  fs.mkdirSync(next, { recursive: true });
  for (const file of fs.readdirSync(source)) {
    fs.copyFileSync(path.join(source, file), path.join(next, file));
  }
  if (fs.existsSync(target)) fs.renameSync(target, previous);
  fs.renameSync(next, target);
  fs.rmSync(previous, { recursive: true, force: true });
}
