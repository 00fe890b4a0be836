/**
 * `npm run routes [--json] DIST_DIR`: every name (model, alias, adapter, path) the synthesized
 * routes serve and the Service it reaches, read from the manifests alone, and every problem.
 * Exit 0 when clean, 1 when a problem is flagged, 2 on a usage or read error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { buildRouteTable, formatRouteTable } from './route-table';
import { invocationDir, npmHint, optionsTakenByNpm } from './npm-args';

export const USAGE = `usage: npm run routes [--] [--json] DIST_DIR

Reads every *.yaml (and *.yml) under DIST_DIR (e.g. dist, the folder \`npx cdk8s synth\` writes),
and prints each name a client can send and the Service it reaches, then the problems found.
  --json   print the table and the problems as JSON
Options work with or without \`--\` (npm keeps --json for itself; the script reads it back).
Exit status: 0 clean, 1 problems found, 2 usage or read error.
`;

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Every YAML file under `dir`, recursively, in a stable order. */
function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) return yamlFiles(file);
      return /\.ya?ml$/.test(entry.name) ? [file] : [];
    });
}

/** The objects of every YAML document under `dir`. Throws on unreadable files and YAML errors. */
export function readManifests(dir: string): unknown[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`${dir} is not a folder`);
  const files = yamlFiles(dir);
  if (files.length === 0) throw new Error(`no *.yaml files in ${dir}`);
  return files.flatMap((file) => parseAllDocuments(fs.readFileSync(file, 'utf8')).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
    return doc.toJS() as unknown;
  })).filter((object) => object !== null && object !== undefined);
}

/**
 * @param args the script's arguments
 * @param env the environment: when npm runs the script (`npm run routes`), the options npm kept
 *   for itself are read back from it, and DIST_DIR is relative to where npm was started
 */
export function runRoutes(args: readonly string[], env: NodeJS.ProcessEnv = {}): RunResult {
  const taken = optionsTakenByNpm(env, 'routes', ['json', 'help']);
  const all = [...args, ...taken];
  const options = all.filter((a) => a.startsWith('-'));
  const folders = all.filter((a) => !a.startsWith('-'));
  if (options.some((o) => o === '-h' || o === '--help')) return { code: 0, stdout: USAGE, stderr: '' };
  const unknown = options.filter((o) => o !== '--json');
  if (unknown.length > 0 || folders.length !== 1) {
    const what = unknown.length > 0 ? `unknown option ${unknown[0]}` : folders.length === 0 ? 'name the folder to read: DIST_DIR (e.g. dist)' : 'give exactly one DIST_DIR';
    return { code: 2, stdout: '', stderr: `routes: ${what}\n${npmHint('routes', taken)}${USAGE}` };
  }
  const dir = path.resolve(invocationDir(env, 'routes'), folders[0]);
  let manifests: unknown[];
  try {
    manifests = readManifests(dir);
  } catch (error) {
    return { code: 2, stdout: '', stderr: `routes: ${(error as Error).message}\n` };
  }
  const table = buildRouteTable(manifests);
  const stdout = options.includes('--json') ? `${JSON.stringify(table, null, 2)}\n` : formatRouteTable(table);
  return { code: table.problems.length > 0 ? 1 : 0, stdout, stderr: '' };
}

if (require.main === module) {
  const result = runRoutes(process.argv.slice(2), process.env);
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
}
