/** Replaces an output folder as a whole, so a failed synth never leaves it half-written. */
import * as fs from 'fs';
import * as path from 'path';

/**
 * Makes `target` hold exactly `files` (relative path -> content). The new folder is written next
 * to `target` first and swapped in with renames.
 */
export function writeDirectory(target: string, files: Record<string, string>): void {
  const next = `${target}.next`;
  const previous = `${target}.previous`;
  fs.rmSync(next, { recursive: true, force: true });
  fs.rmSync(previous, { recursive: true, force: true });
  fs.mkdirSync(next, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(next, name)), { recursive: true });
    fs.writeFileSync(path.join(next, name), content);
  }
  if (fs.existsSync(target)) fs.renameSync(target, previous);
  fs.renameSync(next, target);
  fs.rmSync(previous, { recursive: true, force: true });
}

/** Makes `target` a copy of the folder tree `source`. */
export function publishDirectory(source: string, target: string): void {
  const names = fs.readdirSync(source, { recursive: true, encoding: 'utf8' }).filter((name) => fs.statSync(path.join(source, name)).isFile());
  writeDirectory(target, Object.fromEntries(names.map((name) => [name, fs.readFileSync(path.join(source, name), 'utf8')])));
}
