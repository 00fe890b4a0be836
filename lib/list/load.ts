/**
 * Reads a model list file (YAML or JSON). Every failure becomes a ModelListError: the file is
 * checked before it is read (a regular file, at most MAX_MODEL_LIST_BYTES), must be UTF-8, and
 * each parse problem reads `file:line: message`, without a stack.
 */
import * as fs from 'fs';
import * as path from 'path';
import { LineCounter, parseDocument, visit } from 'yaml';
import { MAX_MODEL_LIST_BYTES, MAX_YAML_ALIASES } from '../facts/limits';
import type { ModelListSpec } from './list-spec';
import { ModelListError } from './model-list-error';
import { escapeUnprintable } from './problems';

/** Parse problems shown at most: the first few locate the mistake, hundreds bury it. */
const MAX_PARSE_PROBLEMS = 10;

/** What a file is when it is not a regular file (a device such as /dev/zero, a folder, a pipe). */
function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isFIFO()) return 'a pipe';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

/** The file's text: refused unless a regular file within the size cap, read up to the cap only. */
function readCapped(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file); // follows symbolic links: the target is what is read
  } catch (error) {
    throw new ModelListError([`the file cannot be read (${errorCode(error)})`]);
  }
  if (!stat.isFile()) throw new ModelListError([`the file is ${kindOf(stat)}, not a model list`]);
  const tooLarge = (size: string) => new ModelListError([
    `the file is ${size}; a model list may be at most ${MAX_MODEL_LIST_BYTES} bytes (${MAX_MODEL_LIST_BYTES / 1024 / 1024} MiB)`,
  ]);
  if (stat.size > MAX_MODEL_LIST_BYTES) throw tooLarge(`${stat.size} bytes`);

  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    throw new ModelListError([`the file cannot be read (${errorCode(error)})`]);
  }
  try {
    // One byte more than the cap tells a file that grew since stat from one that fits.
    const buffer = Buffer.alloc(MAX_MODEL_LIST_BYTES + 1);
    let length = 0;
    for (let n = 1; n > 0 && length < buffer.length; length += n) n = fs.readSync(fd, buffer, length, buffer.length - length, null);
    if (length > MAX_MODEL_LIST_BYTES) throw tooLarge('larger than when it was checked');
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, length));
    } catch {
      throw new ModelListError(['the file is not UTF-8 text']);
    }
  } catch (error) {
    if (error instanceof ModelListError) throw error;
    throw new ModelListError([`the file cannot be read (${errorCode(error)})`]);
  } finally {
    fs.closeSync(fd);
  }
}

/** How a problem names the file: relative to the working folder when inside it. */
function displayName(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/**
 * The model list in `file`, typed as the list it should be: its shape is checked against the schema
 * where planning starts (`planModels`, also for `ModelFleet`: lib/list/check-list.ts), which throws
 * one ModelListError naming every problem, not here.
 */
export function loadModelList(file: string): ModelListSpec {
  const text = readCapped(file);
  const name = displayName(file);
  const lineCounter = new LineCounter();
  const at = (offset: number, message: string) => `${name}:${lineCounter.linePos(offset).line}: ${escapeUnprintable(message)}`;
  try {
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, lineCounter });
    if (doc.errors.length > 0) {
      const problems = [...new Set(doc.errors.map((e) => at(e.pos[0], `YAML: ${e.message.split('\n')[0].replace(/:$/, '')}`)))];
      const shown = problems.slice(0, MAX_PARSE_PROBLEMS);
      if (problems.length > shown.length) shown.push(`${name}: ${problems.length - shown.length} more YAML problems`);
      throw new ModelListError(shown);
    }
    try {
      return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) as ModelListSpec;
    } catch (error) {
      if (!(error instanceof ReferenceError) || !/alias/i.test(error.message)) throw error;
      let firstAlias = 0;
      visit(doc, { Alias: (_key, node) => { firstAlias = node.range?.[0] ?? 0; return visit.BREAK; } });
      throw new ModelListError([at(firstAlias, `YAML: aliases (*name) expand to too much data (at most ${MAX_YAML_ALIASES} alias expansions); write the values out`)]);
    }
  } catch (error) {
    if (error instanceof ModelListError) throw error;
    // Whatever else the parser throws (e.g. nesting deep enough to exhaust the stack): one line, no stack.
    throw new ModelListError([`${name}:1: YAML: the file cannot be parsed (${escapeUnprintable((error as Error).message)})`]);
  }
}
