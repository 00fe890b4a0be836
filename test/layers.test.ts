/**
 * The library's layers (docs/ARCHITECTURE.md): every lib file sits in one folder, imports only the
 * layers below it, and stays small. Read from the import statements of every file under lib/.
 */
import * as fs from 'fs';
import * as path from 'path';

const LIB = path.join(__dirname, '..', 'lib');
const ROOT = path.join(__dirname, '..');

/** What each layer may import (besides itself and npm packages). `imports` is the generated CRD code. */
const ALLOWED: Record<string, readonly string[]> = {
  facts: [],
  list: ['facts'],
  plan: ['list', 'facts'],
  // list: the list's defaults (lib/list/defaults.ts), so a hand-written prop defaults as the list does.
  constructs: ['facts', 'list', 'imports'],
  charts: ['list', 'plan', 'constructs', 'facts', 'imports'],
  synth: ['list', 'facts', 'plan', 'constructs', 'charts', 'imports'],
  index: ['list', 'facts', 'plan', 'constructs', 'charts'],
};

function libFiles(dir = LIB): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? libFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
}

/** Relative module specifiers of a file: static imports, re-exports, import() and require(). */
export function relativeImports(source: string): string[] {
  const found: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])(\.[^'"]*)\1/gm;
  for (const m of source.matchAll(pattern)) found.push(m[2]);
  return found;
}

/** The package's entry files at the top of lib/: index.ts (TypeScript), jsii.ts (jsii), spec-api.ts (`ray-llm-gateway/spec`). */
const ENTRIES = ['index.ts', 'jsii.ts', 'spec-api.ts'];

/** The layer of a path: `lib/<layer>/...`, `index` for an entry file, `imports`, or what lies outside. */
function layerOf(file: string): string {
  const rel = path.relative(ROOT, file).split(path.sep);
  if (rel[0] === 'imports') return 'imports';
  if (rel[0] !== 'lib') return `outside:${rel.join('/')}`;
  if (rel.length === 2) return ENTRIES.includes(rel[1].endsWith('.ts') ? rel[1] : `${rel[1]}.ts`) ? 'index' : `loose:${rel[1]}`;
  return rel[1];
}

const files = libFiles();

/** The lib files `file` imports (relative imports resolved to their .ts file). */
function importedFiles(file: string, source = fs.readFileSync(file, 'utf8')): string[] {
  return relativeImports(source)
    .map((spec) => path.resolve(path.dirname(file), spec))
    .map((target) => (fs.existsSync(`${target}.ts`) ? `${target}.ts` : path.join(target, 'index.ts')))
    .filter((target) => fs.existsSync(target));
}

/** Every import cycle of the graph, each as the path that closes it (a -> b -> a); depth-first. */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const visit = (node: string, trail: string[]): void => {
    const at = trail.indexOf(node);
    if (at >= 0) {
      cycles.push([...trail.slice(at), node]);
      return;
    }
    if (done.has(node)) return;
    for (const next of graph.get(node) ?? []) visit(next, [...trail, node]);
    done.add(node);
  };
  for (const node of graph.keys()) visit(node, []);
  return cycles;
}

describe('layers of lib/', () => {
  test('the import reader sees imports of every form', () => {
    expect(relativeImports("import { a } from './a';\nexport * from '../b';\nimport './c';\nconst d = require('./d');\nawait import('../e');"))
      .toEqual(['./a', '../b', './c', './d', '../e']);
  });

  test('every lib file is in a layer folder (only the entry files at the top)', () => {
    const loose = files.map(layerOf).filter((l) => !(l in ALLOWED));
    expect(loose).toEqual([]);
  });

  test('every import goes to an allowed layer', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      for (const spec of relativeImports(fs.readFileSync(file, 'utf8'))) {
        const to = layerOf(path.resolve(path.dirname(file), spec));
        if (to !== from && !ALLOWED[from].includes(to)) wrong.push(`${path.relative(ROOT, file)} -> ${spec} (${from} -> ${to})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test('the checker would catch a construct reading the plan', () => {
    const file = path.join(LIB, 'constructs', 'x.ts');
    const to = layerOf(path.resolve(path.dirname(file), '../plan/model-plan'));
    expect(to).toBe('plan');
    expect(ALLOWED.constructs).not.toContain(to);
  });

  test('no import cycle among the lib files (lib/plan included): shared types live in a file that imports no planner', () => {
    const graph = new Map(files.map((f) => [path.relative(ROOT, f), importedFiles(f).map((t) => path.relative(ROOT, t))]));
    expect(importCycles(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  test('the cycle finder would catch a circle of three files and leaves a diamond alone', () => {
    const circle = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]);
    expect(importCycles(circle)).toEqual([['a', 'b', 'c', 'a']]);
    const diamond = new Map([['a', ['b', 'c']], ['b', ['d']], ['c', ['d']], ['d', []]]);
    expect(importCycles(diamond)).toEqual([]);
    // The real planners, with the shared types file importing a planner again (as model-plan.ts once imported gitops-plan.ts).
    const modelPlan = path.join(LIB, 'plan', 'model-plan.ts');
    const graph = new Map(files.map((f) => [f, f === modelPlan ? importedFiles(f, "import type { X } from './gitops-plan';") : importedFiles(f)]));
    expect(importCycles(graph).length).toBeGreaterThan(0);
  });

  test('lib/plan plans typed values: no type check of raw input there (the border check in lib/list/check-*.ts does them)', () => {
    const raw = /\bproblems\.(string|map|wholeNumber|boolean|strings|required|unknownFields)\(|\bisObject\(/;
    const found = files.filter((f) => layerOf(f) === 'plan').flatMap((f) =>
      fs.readFileSync(f, 'utf8').split('\n').flatMap((line, i) => (raw.test(line) ? [`${path.relative(ROOT, f)}:${i + 1}: ${line.trim()}`] : [])));
    expect(found).toEqual([]);
  });

  test('no lib file is over 300 lines', () => {
    const long = files
      .map((f) => ({ file: path.relative(ROOT, f), lines: fs.readFileSync(f, 'utf8').split('\n').length }))
      .filter((f) => f.lines > 300);
    expect(long).toEqual([]);
  });

  test('no route simulator file is over 300 lines', () => {
    const dir = path.join(ROOT, 'scripts', 'route-table');
    const long = fs.readdirSync(dir)
      .map((f) => ({ file: f, lines: fs.readFileSync(path.join(dir, f), 'utf8').split('\n').length }))
      .filter((f) => f.lines > 300);
    expect(long).toEqual([]);
  });
});
