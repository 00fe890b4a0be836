/**
 * The publish id: one synth's dist/ and deploy/ carry the same id in their marker files
 * (`.ray-llm-gateway`, line `publish <id>`), so scripts/cluster-check.ts can tell that the two
 * folders are one published pair, unchanged since synth wrote them. Derived from the content only
 * (never time or chance): two synths of the same list write byte-identical folders, so the
 * committed output stays in sync with a fresh synth.
 *
 * The id: sha256 over the folders in the order given (dist/, then deploy/), per folder its files
 * sorted by path (relative, `/`-separated), each as `<folder index> NUL <path> NUL <length> NUL <bytes>`;
 * the marker files at the folders' roots are left out (they hold the id).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

export const PUBLISH_LINE = 'publish ';

/** The id of these folders' files (each folder: relative path -> content). */
export function publishId(folders: readonly Readonly<Record<string, string | Buffer>>[], marker: string): string {
  const hash = createHash('sha256');
  folders.forEach((files, index) => {
    for (const name of Object.keys(files).filter((f) => f !== marker).sort()) {
      const bytes = Buffer.from(files[name]);
      hash.update(`${index}\0${name}\0${bytes.length}\0`).update(bytes);
    }
  });
  return hash.digest('hex');
}

/** The id of folders on disk (symlinks are read as files; a folder's marker left out). */
export function publishIdOnDisk(dirs: readonly string[], marker: string): string {
  return publishId(dirs.map((dir) => {
    const files: Record<string, Buffer> = {};
    const walk = (relative: string): void => {
      for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
        const name = relative === '' ? entry.name : `${relative}/${entry.name}`;
        if (entry.isDirectory()) walk(name);
        else files[name] = fs.readFileSync(path.join(dir, name));
      }
    };
    walk('');
    return files;
  }), marker);
}

/** The id a marker file's text names, or undefined (a marker of an older synth, or of `--output DIR`). */
export function markerPublishId(text: string): string | undefined {
  return text.split('\n').find((line) => line.startsWith(PUBLISH_LINE))?.slice(PUBLISH_LINE.length);
}
