/**
 * `npm run validate [PATH...]`: checks every Kubernetes object in the YAML/JSON files under PATH
 * (default dist/) with the checker the tests use, and prints a kubeconform-like report.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { checkObject } from './checker';

export const USAGE = `usage: npm run validate [PATH...]
Checks every Kubernetes object in the .yaml/.yml/.json files under each PATH (default: dist/)
against its CRD schema (unknown fields are errors) and CEL rules, core kinds against kubernetes-models.
Kinds without a schema are listed as skipped. Exit status: 0 all valid, 1 an object is invalid, 2 usage error.`;

export interface Report {
  readonly lines: string[];
  readonly exitCode: number;
}

interface Counts {
  resources: number;
  valid: number;
  invalid: number;
  skipped: number;
  transitionRules: number;
}

/** The manifest files under `target` (a file or a folder, recursively), in a stable order. */
function manifestFiles(target: string): string[] {
  if (!fs.statSync(target).isDirectory()) return [target];
  return fs
    .readdirSync(target, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = path.join(target, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name.startsWith('.') ? [] : manifestFiles(full);
      return /\.(ya?ml|json)$/.test(entry.name) ? [full] : [];
    });
}

function describe(object: Record<string, any>): string {
  const meta = object.metadata ?? {};
  return `${object.kind ?? '?'} ${meta.namespace ? `${meta.namespace}/` : ''}${meta.name ?? '?'}`;
}

/** Checks the objects of one file; `file` is the name printed (relative to the working folder), `full` the one read. */
function checkFile(full: string, file: string, counts: Counts, lines: string[]): void {
  const documents = parseAllDocuments(fs.readFileSync(full, 'utf8'));
  for (const [index, document] of (Array.isArray(documents) ? documents : [documents]).entries()) {
    if (document.errors.length > 0) {
      counts.resources++;
      counts.invalid++;
      lines.push(`INVALID ${file} (document ${index + 1}): cannot parse: ${document.errors[0].message.split('\n')[0]}`);
      continue;
    }
    const object = document.toJS() as Record<string, any> | null;
    if (object === null || typeof object !== 'object') continue;
    counts.resources++;
    if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') {
      counts.invalid++;
      lines.push(`INVALID ${file} (document ${index + 1}): not a Kubernetes object (apiVersion and kind missing)`);
      continue;
    }
    const result = checkObject(object);
    if (result.status === 'unknown') {
      counts.skipped++;
      lines.push(`SKIPPED ${file}: ${describe(object)} (${object.apiVersion}): no schema for this kind`);
    } else if (result.errors.length > 0) {
      counts.invalid++;
      for (const error of result.errors) lines.push(`INVALID ${file}: ${describe(object)}: ${error}`);
    } else {
      counts.valid++;
    }
    if (result.status === 'checked') counts.transitionRules += result.transitionRules.length;
  }
}

/** Runs the command on its arguments (without node and script); `--` is ignored, as npm may pass it on. */
export function runValidate(args: string[], cwd = process.cwd()): Report {
  const operands = args.filter((a) => a !== '--');
  if (operands.some((a) => a === '-h' || a === '--help')) return { lines: [USAGE], exitCode: 0 };
  const option = operands.find((a) => a.startsWith('-'));
  if (option) return { lines: [`validate: unknown option ${option}`, USAGE], exitCode: 2 };
  const targets = operands.length > 0 ? operands : ['dist'];
  const missing = targets.find((t) => !fs.existsSync(path.resolve(cwd, t)));
  if (missing) return { lines: [`validate: no such file or folder: ${missing}`], exitCode: 2 };

  const counts: Counts = { resources: 0, valid: 0, invalid: 0, skipped: 0, transitionRules: 0 };
  const lines: string[] = [];
  for (const target of targets) {
    for (const file of manifestFiles(path.resolve(cwd, target))) checkFile(file, path.relative(cwd, file) || file, counts, lines);
  }
  if (counts.transitionRules > 0) {
    lines.push(`note: ${counts.transitionRules} transition rules (using oldSelf) not evaluated: they only run when an object is updated`);
  }
  lines.push(`Summary: ${counts.resources} resources, ${counts.valid} valid, ${counts.invalid} invalid, ${counts.skipped} skipped`);
  return { lines, exitCode: counts.invalid > 0 ? 1 : 0 };
}
