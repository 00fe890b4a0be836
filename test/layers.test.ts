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
  spec: ['facts'],
  plan: ['spec', 'facts'],
  // spec: the list's defaults (lib/spec/defaults.ts), so a hand-written prop defaults as the list does.
  constructs: ['facts', 'spec', 'imports'],
  charts: ['spec', 'plan', 'constructs', 'facts', 'imports'],
  synth: ['spec', 'facts', 'plan', 'constructs', 'charts', 'imports'],
  index: ['spec', 'facts', 'plan', 'constructs', 'charts'],
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
