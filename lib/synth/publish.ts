/**
 * Publishes output folders (dist/ and deploy/) together, so that a crash at any point leaves
 * either the old set or the new set, and only ever replaces folders this tool made.
 *
 * Per target folder T (a symlink is resolved: the link stays, its target gets the new files):
 *   1. stage the new files in `T.rlg-next/` (marker file first);
 *   2. write the journal `<state>/journal.json` (atomically: temp file + rename) naming every target;
 *   3. per target: rename T -> `T.rlg-previous/`, then `T.rlg-next/` -> T;
 *   4. delete the journal, then the `.rlg-previous/` folders.
 * The next run (under the same lock) first recovers: with a journal it rolls every target forward
 * (all staged folders were complete before the journal was written); without one it drops staged
 * folders (rolls back) and leftover `.rlg-previous/` folders.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fsStep } from './fault-hook';
import { withLock, LockOptions } from './lock';
import { publishId, PUBLISH_LINE } from './publish-id';

/**
 * The marker file synth writes in every folder it makes. A dotfile without a manifest extension:
 * `kubectl apply -R -f dist/` only reads .json, .yaml and .yml files when it walks a folder
 * (kubernetes/cli-runtime@fc15694fadf077c7b741bdcbf1264d8f860e8ac2 pkg/resource/builder.go:
 * `FileExtensions`, passed to `ExpandPathsToFileVisitors` in pkg/resource/visitor.go).
 */
export const OUTPUT_MARKER = '.ray-llm-gateway';
export const OUTPUT_MARKER_TEXT =
  'Written by `npx cdk8s synth` (ray-llm-gateway). Synth replaces this folder as a whole;\n' +
  'it refuses to replace a folder without this file. Do not keep other files here.\n';
const NEXT = '.rlg-next';
const PREVIOUS = '.rlg-previous';
const JOURNAL = 'journal.json';

/** A folder to publish: its files (relative path -> content) and how to name it in messages. */
export interface PublishTarget {
  readonly dir: string;
  readonly files: Readonly<Record<string, string>>;
  /** e.g. `dist/` */
  readonly label: string;
}

/** Publishing failed or was refused; the message says what to do. No stack needed. */
export class PublishError extends Error {}

interface Journal {
  readonly targets: readonly { readonly dir: string }[];
}

/**
 * Publishes all targets as one change, holding the lock `<stateDir>/lock`. Throws PublishError
 * (refusal, permissions) or LockTimeoutError.
 */
export function publishFolders(stateDir: string, targets: readonly PublishTarget[], lock: LockOptions = {}): void {
  withLock(path.join(stateDir, 'lock'), () => {
    const real = targets.map((target) => ({ ...target, dir: resolveTarget(target) }));
    guard('recover an interrupted publish', 'the previous publish', () => recover(stateDir, real.map((t) => t.dir)));
    for (const target of real) {
      checkOwned(target.dir, target.label, target.files);
      checkWritable(target.dir, target.label);
    }
    let committed = false;
    guard(
      `publish ${targets.map((t) => t.label).join(' and ')}`,
      () => {
        if (!committed) return `${labels(targets)} are unchanged`;
        if (fs.existsSync(path.join(stateDir, JOURNAL))) return 'the switch to the new output is recorded in the journal; the next synth completes it';
        return `the new ${labels(targets)} are in place; the next synth removes the old copies`;
      },
      () => {
        // One id for the pair, from its content (lib/synth/publish-id.ts): scripts/cluster-check.ts checks it.
        const id = publishId(real.map((t) => t.files), OUTPUT_MARKER);
        for (const target of real) stage(`${target.dir}${NEXT}`, target.files, id);
        writeJournal(stateDir, { targets: real.map((t) => ({ dir: t.dir })) });
        committed = true;
        finish(stateDir, real.map((t) => t.dir));
      },
      () => {
        if (!committed) for (const target of real) fs.rmSync(`${target.dir}${NEXT}`, { recursive: true, force: true });
      },
    );
  }, lock);
}

/** Brings leftovers of an interrupted publish to a consistent state (see the file comment). */
export function recover(stateDir: string, dirs: readonly string[]): void {
  const journalFile = path.join(stateDir, JOURNAL);
  fsStep('drop unfinished journal', () => fs.rmSync(`${journalFile}.tmp`, { force: true }));
  if (fs.existsSync(journalFile)) {
    const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as Journal;
    finish(stateDir, journal.targets.map((t) => t.dir));
  }
  for (const dir of dirs) {
    if (fs.existsSync(`${dir}${NEXT}`)) {
      checkOwned(`${dir}${NEXT}`, `${dir}${NEXT}`);
      fsStep('drop staged folder', () => fs.rmSync(`${dir}${NEXT}`, { recursive: true, force: true }));
    }
    if (fs.existsSync(`${dir}${PREVIOUS}`)) {
      checkOwned(`${dir}${PREVIOUS}`, `${dir}${PREVIOUS}`);
      if (fs.existsSync(dir)) fsStep('drop old folder', () => fs.rmSync(`${dir}${PREVIOUS}`, { recursive: true, force: true }));
      else fsStep('restore old folder', () => fs.renameSync(`${dir}${PREVIOUS}`, dir));
    }
  }
}

/** Steps 3 and 4: idempotent, so that recovery can run it again from any point. */
function finish(stateDir: string, dirs: readonly string[]): void {
  for (const dir of dirs) {
    const next = `${dir}${NEXT}`;
    if (!fs.existsSync(next)) continue;
    if (fs.existsSync(dir)) {
      if (fs.existsSync(`${dir}${PREVIOUS}`)) throw new PublishError(`${dir} and ${dir}${PREVIOUS} both exist; cannot tell which is current. Remove the wrong one.`);
      fsStep('move current folder aside', () => fs.renameSync(dir, `${dir}${PREVIOUS}`));
    }
    fsStep('move staged folder in', () => fs.renameSync(next, dir));
  }
  fsStep('delete journal', () => fs.rmSync(path.join(stateDir, JOURNAL), { force: true }));
  for (const dir of dirs) fsStep('drop old folder', () => fs.rmSync(`${dir}${PREVIOUS}`, { recursive: true, force: true }));
}

function writeJournal(stateDir: string, journal: Journal): void {
  const file = path.join(stateDir, JOURNAL);
  fsStep('write journal', () => fs.writeFileSync(`${file}.tmp`, JSON.stringify(journal)));
  fsStep('commit journal', () => fs.renameSync(`${file}.tmp`, file));
}

function stage(dir: string, files: Readonly<Record<string, string>>, id: string): void {
  fsStep('create staged folder', () => fs.mkdirSync(dir, { recursive: true }));
  fsStep('write marker', () => fs.writeFileSync(path.join(dir, OUTPUT_MARKER), `${OUTPUT_MARKER_TEXT}${PUBLISH_LINE}${id}\n`));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fsStep('create subfolder', () => fs.mkdirSync(path.dirname(file), { recursive: true }));
    fsStep('write file', () => fs.writeFileSync(file, content));
  }
}

/** The folder really written: a symlink's target (the link stays), else the path itself. */
function resolveTarget(target: PublishTarget): string {
  const dir = path.resolve(target.dir);
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(dir);
  } catch {
    return dir;
  }
  if (!stat.isSymbolicLink()) return dir;
  try {
    return fs.realpathSync(dir);
  } catch {
    throw new PublishError(`${target.label} (${dir}) is a symlink to a folder that does not exist; create the folder or remove the link.`);
  }
}

/**
 * What is under `dir` (paths relative to it), never following a symlink: a link, to a folder or
 * dangling, is an entry like a file (Node's `readdirSync(dir, { recursive: true })` follows links:
 * a link to /usr would be walked, a loop never ends).
 */
export function tree(dir: string): { folders: string[]; files: string[] } {
  const folders: string[] = [];
  const files: string[] = [];
  const walk = (relative: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const name = relative === '' ? entry.name : path.join(relative, entry.name);
      if (entry.isDirectory()) {
        folders.push(name);
        walk(name);
      } else {
        files.push(name);
      }
    }
  };
  walk('');
  return { folders, files };
}

/**
 * Refuses a folder synth did not make: one without the marker file that is not empty. A folder
 * from before the marker (every file a `*.k8s.yaml` manifest or one of the files about to be
 * written) counts as made by synth.
 */
function checkOwned(dir: string, label: string, files: Readonly<Record<string, string>> = {}): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    return;
  }
  if (!stat.isDirectory()) throw new PublishError(`${label} (${dir}) is not a folder; synth only replaces folders it made. Move it away or choose another folder.`);
  const entries = fs.readdirSync(dir);
  if (entries.length === 0 || entries.includes(OUTPUT_MARKER)) return;
  const all = tree(dir).files;
  if (all.length > 0 && all.every((name) => name in files || name.endsWith('.k8s.yaml'))) return;
  throw new PublishError(
    `${label} (${dir}) was not made by synth (it has no ${OUTPUT_MARKER} file) and is not empty; refusing to replace it. ` +
      `Choose an empty or new folder, or, if it only holds output of this synth, create ${path.join(dir, OUTPUT_MARKER)}.`,
  );
}

/**
 * Refuses, before anything changes, a target that could be moved but not cleaned up (a read-only
 * folder, or a subfolder): its parent and every folder in it must be writable. (Root passes.)
 */
function checkWritable(dir: string, label: string): void {
  const folders = [path.dirname(dir)];
  if (fs.existsSync(dir)) {
    folders.push(dir, ...tree(dir).folders.map((name) => path.join(dir, name)));
  }
  for (const folder of folders) {
    try {
      fs.accessSync(folder, fs.constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EACCES';
      throw new PublishError(
        `cannot publish ${label}: ${folder} is not writable (${code}). Nothing was changed. ` + `Make it writable (e.g. \`chmod -R u+w ${folder}\`) and run synth again.`,
      );
    }
  }
}

/** Turns filesystem errors into a PublishError naming the file, the cause and the state left. */
function guard(what: string, state: string | (() => string), action: () => void, cleanUp?: () => void): void {
  try {
    action();
  } catch (error) {
    if (error instanceof PublishError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (!code) throw error;
    try {
      cleanUp?.();
    } catch {
      // best effort: recovery of the next run removes what is left
    }
    const file = (error as NodeJS.ErrnoException).path;
    const left = typeof state === 'string' ? `${state} is left for the next synth to finish` : state();
    throw new PublishError(
      `cannot ${what}: ${describe(code)} (${code})${file ? ` at ${file}` : ''}; ${left}. ` +
        'Fix the cause (e.g. `chmod -R u+w` the folder) and run synth again.',
    );
  }
}

function describe(code: string): string {
  const known: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on device',
    EBUSY: 'folder busy',
  };
  return known[code] ?? 'filesystem error';
}

function labels(targets: readonly PublishTarget[]): string {
  return targets.map((t) => t.label).join(' and ');
}
