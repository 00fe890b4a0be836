/**
 * The jsii build's contents (issue #25), checked after `npm run build:jsii` (.ci/run): the
 * assembly (.rlg-jsii/.jsii) has every construct class and props struct the jsii entry
 * (lib/jsii.ts) exports, keyword `cdk8s` and the bundled packages; the wheel has the Python
 * distribution and module names, the npm tarball it embeds holds compiled code and the bundled
 * packages only, and its module (read with Python's `ast`, not imported: the jsii runtime is not
 * installed here) has each class, each construct's props as keyword arguments, `ModelFleet.from_file`.
 *   tsx scripts/jsii-check.ts
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PYTHON_DIST, PYTHON_MODULE, python, STAGING, WHEEL_DIR } from './jsii-build';

const ROOT = path.resolve(__dirname, '..');
type Obj = Record<string, any>;

const failures: string[] = [];
function check(ok: boolean, what: string): void {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
}

/** Classes and props interfaces the jsii entry re-exports, read from the sources it names. */
function entryDeclarations(): { classes: string[]; props: string[] } {
  const entry = fs.readFileSync(path.join(ROOT, 'lib', 'jsii.ts'), 'utf8');
  const modules = [...entry.matchAll(/^export \* from '(\.[^']+)';/gm)].map((m) => path.join(ROOT, 'lib', `${m[1]}.ts`));
  const sources = modules.map((file) => fs.readFileSync(file, 'utf8'));
  const ignored = (source: string, at: number) => /@jsii ignore\s*\*\/\s*$/.test(source.slice(Math.max(0, at - 200), at));
  const names = (pattern: RegExp) => sources.flatMap((s) => [...s.matchAll(pattern)].filter((m) => !ignored(s, m.index!)).map((m) => m[1]));
  return { classes: names(/^export class (\w+)/gm), props: names(/^export interface (\w+Props)\b/gm) };
}

/** jsii's Python names: camelCase -> snake_case. */
const snake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** Every property of a struct, its bases' included (Python takes them all as keyword arguments). */
function structProperties(types: Obj, fqn: string): string[] {
  const type = types[fqn];
  if (!type) return [];
  return [...(type.properties ?? []).map((p: Obj) => p.name), ...(type.interfaces ?? []).flatMap((base: string) => structProperties(types, base))];
}

/** Top-level classes of a Python module: their methods and the keyword-only arguments of `__init__`. */
const PY_OUTLINE = `
import ast, json, sys
tree = ast.parse(open(sys.argv[1], encoding='utf-8').read())
out = {}
for node in tree.body:
    if isinstance(node, ast.ClassDef):
        methods = {f.name: {'kwonly': [a.arg for a in f.args.kwonlyargs], 'decorators': [ast.unparse(d) for d in f.decorator_list]}
                   for f in node.body if isinstance(f, ast.FunctionDef)}
        out[node.name] = methods
print(json.dumps(out))
`;

/** What examples/python/main.py uses of the module: classes called with keyword arguments, methods called. */
const PY_USES = `
import ast, json, sys
tree = ast.parse(open(sys.argv[1], encoding='utf-8').read())
names = {a.name for n in tree.body if isinstance(n, ast.ImportFrom) and n.module == sys.argv[2] for a in n.names}
calls, methods = [], []
for node in ast.walk(tree):
    if not isinstance(node, ast.Call):
        continue
    f = node.func
    if isinstance(f, ast.Name) and f.id in names:
        calls.append({'cls': f.id, 'kwargs': [k.arg for k in node.keywords]})
    elif isinstance(f, ast.Attribute):
        owner = f.value.func if isinstance(f.value, ast.Call) else f.value
        if isinstance(owner, ast.Name) and owner.id in names:
            methods.append({'cls': owner.id, 'name': f.attr})
print(json.dumps({'names': sorted(names), 'calls': calls, 'methods': methods}))
`;

const assembly: Obj = JSON.parse(fs.readFileSync(path.join(STAGING, '.jsii'), 'utf8'));
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const types: Obj = assembly.types;
const local = (name: string) => `${pkg.name}.${name}`;
const { classes, props } = entryDeclarations();

// 1. The assembly.
check(assembly.name === pkg.name && assembly.version === pkg.version, `assembly ${assembly.name}@${assembly.version}`);
check((assembly.keywords ?? []).includes('cdk8s'), 'assembly keywords include cdk8s (Construct Hub lists cdk8s libraries by it)');
check(['@sinclair/typebox', 'yaml'].every((name) => assembly.bundled?.[name] === pkg.dependencies[name]), 'the assembly bundles @sinclair/typebox and yaml at the pinned versions');
check(assembly.targets?.python?.module === PYTHON_MODULE && assembly.targets?.python?.distName === PYTHON_DIST, `Python target: module ${PYTHON_MODULE}, distribution ${PYTHON_DIST}`);
const missingClasses = classes.filter((name) => types[local(name)]?.kind !== 'class');
check(classes.length >= 15 && missingClasses.length === 0, `all ${classes.length} classes of the jsii entry in the assembly${missingClasses.length ? ` (missing: ${missingClasses.join(', ')})` : ''}`);
const missingProps = props.filter((name) => !types[local(name)]?.datatype);
check(props.length >= 15 && missingProps.length === 0, `all ${props.length} props interfaces as structs${missingProps.length ? ` (missing: ${missingProps.join(', ')})` : ''}`);
check(!types[local('ModelListError')] && !types[local('GatewayChart')], 'TypeScript-only classes (ModelListError, the charts) are not in the assembly');
const fleet = types[local('ModelFleet')];
check(fleet?.methods?.some((m: Obj) => m.name === 'fromFile' && m.static) && types[local('ModelFleetProps')]?.properties?.[0]?.type?.primitive === 'any',
  'ModelFleet.fromFile (static) and ModelFleetProps.list: any');

// 2. The wheel.
const wheels = fs.readdirSync(WHEEL_DIR).filter((f) => f.endsWith('.whl'));
check(wheels.length === 1 && wheels[0] === `${PYTHON_MODULE}-${pkg.version}-py3-none-any.whl`, `one wheel, ${wheels.join(', ')}`);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rlg-wheel-'));
try {
  execFileSync(python(), ['-m', 'zipfile', '-e', path.join(WHEEL_DIR, wheels[0]), work]);
  const distInfo = path.join(work, `${PYTHON_MODULE}-${pkg.version}.dist-info`);
  const metadata = fs.readFileSync(path.join(distInfo, 'METADATA'), 'utf8');
  check(metadata.includes(`\nName: ${PYTHON_DIST}\n`) && metadata.includes(`\nVersion: ${pkg.version}\n`), `METADATA: Name ${PYTHON_DIST}, Version ${pkg.version}`);
  const requires = [...metadata.matchAll(/^Requires-Dist: ([\w-]+)/gm)].map((m) => m[1]);
  check(['cdk8s', 'cdk8s-plus-30', 'constructs', 'jsii'].every((name) => requires.includes(name)), `requires ${requires.join(', ')}`);
  check(fs.readFileSync(path.join(distInfo, 'top_level.txt'), 'utf8').trim() === PYTHON_MODULE, `top-level module ${PYTHON_MODULE}`);

  // The npm tarball the Python module loads into the jsii runtime.
  const jsiiDir = path.join(work, PYTHON_MODULE, '_jsii');
  const tarball = fs.readdirSync(jsiiDir).find((f) => f.endsWith('.jsii.tgz'));
  const listing = tarball ? execFileSync('tar', ['tzf', path.join(jsiiDir, tarball)], { encoding: 'utf8' }).split('\n').filter(Boolean) : [];
  check(['package/.jsii', 'package/lib/jsii.js', 'package/lib/jsii.d.ts'].every((f) => listing.includes(f)), `${tarball}: the assembly and the compiled entry`);
  check(['package/node_modules/yaml/package.json', 'package/node_modules/@sinclair/typebox/package.json'].every((f) => listing.includes(f)), 'the tarball bundles yaml and @sinclair/typebox');
  check(!listing.some((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.startsWith('package/node_modules/')), 'no TypeScript sources in the tarball');

  // The Python module's outline.
  const outline: Record<string, Record<string, { kwonly: string[]; decorators: string[] }>> =
    JSON.parse(execFileSync(python(), ['-c', PY_OUTLINE, path.join(work, PYTHON_MODULE, '__init__.py')], { encoding: 'utf8' }));
  const missingPy = [...classes, ...props].filter((name) => !outline[name]);
  check(missingPy.length === 0, `every class and props struct is a Python class${missingPy.length ? ` (missing: ${missingPy.join(', ')})` : ''}`);
  const wrongKwargs: string[] = [];
  let compared = 0;
  for (const name of classes) {
    const props = types[local(name)]?.initializer?.parameters?.find((p: Obj) => p.name === 'props')?.type?.fqn;
    if (!props) continue;
    const expected = structProperties(types, props).map(snake).sort();
    const actual = [...(outline[name]?.__init__?.kwonly ?? [])].sort();
    compared += 1;
    if (expected.join() !== actual.join()) wrongKwargs.push(`${name}(${actual.join(', ')}) != ${expected.join(', ')}`);
  }
  check(compared >= 15 && wrongKwargs.length === 0, `each of ${compared} constructs takes its props as Python keyword arguments${wrongKwargs.length ? `: ${wrongKwargs.join('; ')}` : ''}`);
  const service = outline.RayLlmService?.__init__?.kwonly ?? [];
  check(['model_id', 'source', 'lora', 'env', 'gpus_per_replica', 'metadata'].every((arg) => service.includes(arg)), 'RayLlmService(scope, id, *, model_id, source, lora, env, gpus_per_replica, metadata, ...)');
  check(outline.ModelFleet?.from_file?.decorators.includes('builtins.classmethod') === true, 'ModelFleet.from_file is a class method');

  // examples/python/main.py (documented, not run here) uses only what the module has.
  const uses: { names: string[]; calls: { cls: string; kwargs: string[] }[]; methods: { cls: string; name: string }[] } =
    JSON.parse(execFileSync(python(), ['-c', PY_USES, path.join(ROOT, 'examples', 'python', 'main.py'), PYTHON_MODULE], { encoding: 'utf8' }));
  const unknown = [
    ...uses.names.filter((name) => !outline[name]),
    ...uses.calls.flatMap((c) => c.kwargs.filter((k) => !outline[c.cls]?.__init__?.kwonly.includes(k)).map((k) => `${c.cls}(${k}=)`)),
    ...uses.methods.filter((m) => !outline[m.cls]?.[m.name]).map((m) => `${m.cls}.${m.name}`),
  ];
  check(uses.calls.length >= 5 && unknown.length === 0, `examples/python/main.py: ${uses.calls.length} constructor calls and ${uses.methods.length} method calls match the module${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`jsii check: ${failures.length} check(s) failed`);
  process.exit(1);
}
console.log('jsii check: passed');
