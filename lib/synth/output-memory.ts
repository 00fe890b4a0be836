/**
 * `cdk8s synth --output DIR` deletes DIR before the app runs (cdk8s-cli 2.207.60 lib/cli/cmds/synth.js:
 * `fs.rmSync(outdir, { recursive: true, force: true })` before `synthApp`), so the app cannot keep
 * DIR from being emptied. Instead it keeps a copy of the last good output written to each folder,
 * and a failed synth puts that copy back.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { OUTPUT_MARKER, OUTPUT_MARKER_TEXT } from './publish';

function slot(stateDir: string, dir: string): string {
  return path.join(stateDir, 'outputs', createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 16));
}

/** Writes `files` (and the marker) into `dir`, which the caller knows to be empty or new. */
export function writeFiles(dir: string, files: Readonly<Record<string, string>>, marker = true): void {
  fs.mkdirSync(dir, { recursive: true });
  if (marker) fs.writeFileSync(path.join(dir, OUTPUT_MARKER), OUTPUT_MARKER_TEXT);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
}

/**
 * Keeps a copy of the good output just written to `dir`: one JSON file (relative path -> content)
 * written to a temp file and renamed over the last one, so that keeping it costs one file, not a
 * second tree of manifests (a 1000-model output is 1001 files). Best effort (a cache): a failure
 * to keep it is ignored.
 */
export function rememberOutput(stateDir: string, dir: string, files: Readonly<Record<string, string>>): void {
  const target = `${slot(stateDir, dir)}.json`;
  const temp = `${target}.${process.pid}`;
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(temp, JSON.stringify({ dir: path.resolve(dir), files }));
    fs.renameSync(temp, target);
    // A copy kept as a folder by an older version.
    fs.rmSync(slot(stateDir, dir), { recursive: true, force: true });
    fs.rmSync(`${slot(stateDir, dir)}.path`, { force: true });
  } catch {
    fs.rmSync(temp, { force: true });
  }
}

/**
 * Puts the last good output of `dir` back (with the marker file) if `dir` is now missing or empty.
 * Returns how many files were restored (0: nothing remembered, or `dir` not empty).
 */
export function restoreOutput(stateDir: string, dir: string): number {
  let files: Record<string, string>;
  try {
    files = (JSON.parse(fs.readFileSync(`${slot(stateDir, dir)}.json`, 'utf8')) as { files: Record<string, string> }).files;
  } catch {
    return 0;
  }
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) return 0;
  writeFiles(dir, files);
  return Object.keys(files).length;
}
