/**
 * The TypeScript types say what the YAML says: a field optional in the list's schema is optional in
 * the construct props that mirror it (checked by `tsc --noEmit`, which `npm test` runs first, and
 * at run time against the TypeBox schema), `loadModelList` returns the list type, and the
 * TypeScript examples of the README and docs/ compile against the package's public index.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import type { TObject } from '@sinclair/typebox';
import type { GatewayTls, ModelGatewayProps, ModelListSpec, RayNetworkPolicyProps } from '../lib';
import { loadModelList } from '../lib';
import { GatewaySchema, NetworkSchema, TlsSchema } from '../lib/list/list-spec';
import { ROOT, SEED_LIST_FILE } from './support/synth';

/** The keys of T that may be left out. */
type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];
/** true when A and B are the same set of keys, else a compile error where it is asserted. */
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Optional<T, K extends keyof T> = OptionalKeys<Pick<T, K>>;
type Yaml<T> = NonNullable<T>;

// Compile-time: each mirror's optional keys equal the YAML's (a prop made required fails tsc here).
const tlsOptionality: SameKeys<OptionalKeys<GatewayTls>, OptionalKeys<Yaml<Yaml<ModelListSpec['gateway']>['tls']>>> = true;
const gatewayOptionality: SameKeys<Optional<ModelGatewayProps, 'name' | 'className' | 'tls'>, Optional<Yaml<ModelListSpec['gateway']>, 'name' | 'className' | 'tls'>> = true;
const networkOptionality: SameKeys<Optional<RayNetworkPolicyProps, 'proxySubnetRange' | 'operatorNamespace'>, 'proxySubnetRange' | 'operatorNamespace'> = true;
const loaded: ModelListSpec = loadModelList(SEED_LIST_FILE);

/** The schema's optional fields (not in `required`). */
function optionalFields(schema: TObject): string[] {
  return Object.keys(schema.properties).filter((k) => !(schema.required ?? []).includes(k));
}

test('the mirrors of the YAML leave out what the YAML may leave out (the compile-time checks above, and the schema side at run time)', () => {
  expect([tlsOptionality, gatewayOptionality, networkOptionality]).toEqual([true, true, true]);
  expect(optionalFields(TlsSchema)).toEqual(['certificateSecret', 'certificateMap', 'hostnames', 'http']);
  expect(optionalFields(GatewaySchema)).toEqual(expect.arrayContaining(['name', 'className', 'tls']));
  expect(optionalFields(NetworkSchema)).toEqual(['proxySubnetRange']);
});

test('loadModelList returns a ModelListSpec', () => {
  expect(loaded.models.map((m) => m.id)).toEqual(['gemma-2b-it', 'qwen-2.5-3b']);
});

/** The ```ts blocks of the README and of every page of docs/. */
function readmeSnippets(): string[] {
  const pages = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => path.join('docs', f))];
  return pages.flatMap((page) => [...fs.readFileSync(path.join(ROOT, page), 'utf8').matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]));
}

/** Type errors of these sources (virtual files in the repository root, `ray-llm-gateway` = lib/index.ts). */
function typeErrors(sources: Record<string, string>): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  const options: ts.CompilerOptions = { ...parsed.options, noEmit: true, baseUrl: ROOT, paths: { 'ray-llm-gateway': ['lib/index.ts'] }, noUnusedLocals: false };
  const files = Object.fromEntries(Object.entries(sources).map(([name, text]) => [path.join(ROOT, name), text]));
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => f in files || fileExists(f);
  host.readFile = (f) => files[f] ?? readFile(f);
  host.getSourceFile = (f, language, ...rest) => (f in files ? ts.createSourceFile(f, files[f], language) : getSourceFile(f, language, ...rest));
  const program = ts.createProgram(Object.keys(files), options, host);
  return ts.getPreEmitDiagnostics(program).filter((d) => d.file && d.file.fileName in files)
    .map((d) => `${path.basename(d.file!.fileName)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

test('the TypeScript examples of the README and docs/ compile, also with the list from loadModelList(\'models.yaml\')', () => {
  const snippets = readmeSnippets();
  expect(snippets.length).toBeGreaterThanOrEqual(2);
  const fleet = snippets.find((s) => s.includes('// or: loadModelList('))!;
  const loading = fleet.replace(/const list: ModelListSpec = \{[\s\S]*?\n\};\s*\/\/ or: (loadModelList\([^)]*\))/, 'const list: ModelListSpec = $1;');
  expect(loading).not.toBe(fleet);
  const sources = Object.fromEntries([...snippets, loading].map((s, i) => [`__readme_snippet_${i}.ts`, `export {};\n${s}`]));
  // The check can fail: a file that misuses the list type is reported, and only it.
  const wrong = "import { loadModelList } from 'ray-llm-gateway';\nexport const n: number = loadModelList('models.yaml');\n";
  const errors = typeErrors({ ...sources, '__readme_wrong.ts': wrong });
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(/^__readme_wrong\.ts: Type '.*' is not assignable to type 'number'/);
}, 120000);
