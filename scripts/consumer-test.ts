/**
 * The consumer test (issue #10): pack this package, install the tarball into a temporary copy of
 * examples/library-consumer (a cdk8s app of its own, with the lowest peer versions we claim, which
 * are the pinned ones), run its `cdk8s synth` and check the objects it wrote.
 * Run by .ci/run and `npm run test:consumer`. Needs the npm registry (or its cache) for the
 * consumer's own dependencies; the package itself comes from the tarball only.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { parseAllDocuments } from 'yaml';

const ROOT = path.resolve(__dirname, '..');
const EXAMPLE = path.join(ROOT, 'examples', 'library-consumer');
type Obj = Record<string, any>;

const failures: string[] = [];
function check(ok: boolean, what: string): void {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
}

function run(cmd: string, args: string[], cwd: string): string {
  const started = Date.now();
  const out = execFileSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' }, stdio: ['ignore', 'pipe', 'inherit'] });
  console.log(`  (${cmd} ${args.join(' ')}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return out;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rlg-consumer-'));
try {
  // 1. Build (tsc -p tsconfig.build.json) and pack (its prepack build skipped: stdout must be the JSON only).
  run('npm', ['run', '--silent', 'build'], ROOT);
  const packed = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], ROOT))[0];
  const tarball = path.join(work, packed.filename);
  const files: string[] = packed.files.map((f: { path: string }) => f.path);
  check(files.includes('build/lib/index.js') && files.includes('build/lib/index.d.ts'), 'the tarball holds compiled JS and .d.ts');
  check(!files.some((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')), 'no TypeScript sources in the tarball');
  check(!files.some((f) => /^(test|scripts|dist|deploy|examples)\/|^build\/lib\/synth\//.test(f)), 'no tests, scripts, manifests or app-only publishing code in the tarball');
  console.log(`  tarball: ${packed.filename}, ${files.length} files, ${(packed.size / 1024).toFixed(0)} KiB packed, ${(packed.unpackedSize / 1024).toFixed(0)} KiB unpacked`);

  // 2. A fresh copy of the consumer, the tarball installed into it.
  const consumer = path.join(work, 'consumer');
  fs.mkdirSync(consumer);
  for (const name of ['package.json', 'cdk8s.yaml', 'tsconfig.json', 'main.ts', '.npmrc']) fs.copyFileSync(path.join(EXAMPLE, name), path.join(consumer, name));
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball], consumer);
  const installed = JSON.parse(fs.readFileSync(path.join(consumer, 'node_modules', 'ray-llm-gateway', 'package.json'), 'utf8'));
  check(installed.version === JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version, 'the consumer has this version of the package');
  check(!fs.existsSync(path.join(consumer, 'node_modules', 'tsx')) && !fs.existsSync(path.join(consumer, 'node_modules', 'ts-node')), 'no tsx or ts-node was installed');
  for (const peer of ['cdk8s', 'constructs', 'cdk8s-plus-30']) {
    const version = JSON.parse(fs.readFileSync(path.join(consumer, 'node_modules', peer, 'package.json'), 'utf8')).version;
    console.log(`  peer ${peer}@${version} (claimed ${installed.peerDependencies[peer]})`);
  }

  // 3. Its own `npx cdk8s synth` (tsc + plain node), as a user types it: no CDK8S_CHECK_UPGRADE in the
  // environment, so only the example's .npmrc keeps the CLI from its upgrade check (and its stack trace).
  const { CDK8S_CHECK_UPGRADE: _set, NODE_OPTIONS: _options, ...userEnv } = process.env;
  const synth = spawnSync('npx', ['cdk8s', 'synth'], { cwd: consumer, encoding: 'utf8', env: userEnv });
  check(synth.status === 0, '`npx cdk8s synth` in the consumer exits 0');
  check(!/new version|Error|\n\s+at /.test(synth.stdout + synth.stderr), 'its synth is quiet: no upgrade check, no stack trace (the example\'s .npmrc)');
  if (synth.status !== 0 || synth.stderr.trim() !== '') console.log(synth.stdout + synth.stderr);
  const dist = path.join(consumer, 'dist');
  const objects: Obj[] = fs.readdirSync(dist).sort().flatMap((f) =>
    parseAllDocuments(fs.readFileSync(path.join(dist, f), 'utf8')).map((d) => d.toJS()).filter((o) => o));
  const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata?.name === name);

  // The building blocks in the consumer's chart.
  const gemma = find('RayService', 'gemma');
  check(gemma?.apiVersion === 'ray.io/v1' && gemma.metadata.namespace === 'team-a' && gemma.metadata.labels?.team === 'a', 'RayService gemma in team-a with the given label');
  const health = objects.find((o) => o.kind === 'HealthCheckPolicy' && o.spec?.targetRef?.name === 'gemma-serve-svc');
  check(health?.spec.default.config.httpHealthCheck.requestPath === '/-/healthz' && health.metadata.namespace === 'team-a', 'a HealthCheckPolicy probes gemma-serve-svc /-/healthz');
  const fence = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'team-a');
  check(!!fence && fence.spec.policyTypes.includes('Ingress') && (fence.spec.ingress ?? []).some((r: Obj) => (r.from ?? []).some((p: Obj) => p.ipBlock?.cidr === '192.168.10.0/24')),
    'a RayNetworkPolicy fences gemma in team-a (the default proxy-only subnet admitted to Serve)');
  check(find('Namespace', 'llm') !== undefined, 'the fleet writes the Namespace of its namespace');
  const route = find('HTTPRoute', 'team-a-models');
  check(route?.spec.parentRefs[0].name === 'team-a-gateway' && route.metadata.namespace === 'team-a', 'the route attaches to the consumer\'s Gateway');
  check(isDeepStrictEqual(route?.spec.rules[0], {
    matches: [{ headers: [{ name: 'X-Gateway-Model-Name', type: 'Exact', value: 'google/gemma-2b-it' }], path: { type: 'PathPrefix', value: '/' } }],
    backendRefs: [{ kind: 'Service', name: 'gemma-serve-svc', port: 8000 }],
  }), 'the route sends model google/gemma-2b-it to gemma-serve-svc:8000');

  // The fleet from the typed list.
  check(find('Gateway', 'ray-multi-model-gateway')?.metadata.namespace === 'llm', 'the fleet\'s Gateway in llm');
  check(!!find('RayService', 'qwen-25-3b') && !!find('RayService', 'mistral-7b'), 'the fleet\'s two RayServices');
  const fleetRoute = find('HTTPRoute', 'ray-multi-model-route');
  const values = (fleetRoute?.spec.rules ?? []).flatMap((r: Obj) => (r.matches ?? []).flatMap((m: Obj) => (m.headers ?? []).map((h: Obj) => h.value)));
  check(values.includes('qwen-25-3b') && values.includes('mistral-7b'), 'the fleet\'s route matches both model ids');
  console.log(`  ${objects.length} objects in ${fs.readdirSync(dist).length} files`);
} finally {
  if (process.env.KEEP_CONSUMER) console.log(`kept ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
}
if (failures.length > 0) {
  console.error(`consumer test: ${failures.length} check(s) failed`);
  process.exit(1);
}
console.log('consumer test: passed');
