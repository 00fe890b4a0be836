/**
 * The processes of the test control plane: etcd, kube-apiserver and kube-scheduler on loopback, like
 * controller-runtime's envtest. Started once per jest run (lazily, by the first test that asks, see
 * control-plane.ts), stopped by jest's globalTeardown (test/global-teardown.ts) or, if jest dies, by a
 * watchdog that outlives it by at most a few seconds.
 *
 * Assets: a folder holding `kube-apiserver` and `kube-scheduler` (and optionally `etcd`), named by
 * RLG_K8S_ASSETS; without it the binaries are unpacked once from ../shared/k8s/*.xz into
 * node_modules/.cache/rlg-k8s-assets/ and checked against ../shared/k8s/SHA256SUMS. etcd is
 * Debian's `etcd-server` (on PATH) unless the assets folder has one.
 *
 * What the server runs with, and why (../shared/k8s/README.md):
 * - `--enable-admission-plugins ExtendedResourceToleration`: GKE taints GPU nodes
 *   `nvidia.com/gpu=present:NoSchedule`; the plugin gives pods requesting nvidia.com/gpu the toleration.
 * - token authentication (one admin token), `--authorization-mode AlwaysAllow`, a self-signed serving
 *   certificate (`--cert-dir`), one RSA key pair for service-account tokens.
 * - No kube-controller-manager: no namespace finalization, no `default` ServiceAccount, no garbage
 *   collection. Tests create what a controller would (control-plane.ts `ensureNamespace`).
 */
import { spawn, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

export const REPO = path.resolve(__dirname, '..', '..');
export const SHARED = path.resolve(REPO, '..', 'shared');
export const SHARED_K8S = path.join(SHARED, 'k8s');
export const SHARED_CRDS = path.join(SHARED, 'crds');
const CACHE = path.join(REPO, 'node_modules', '.cache', 'rlg-k8s-assets');
const ADMIN_TOKEN = 'rlg-test-admin-token';
/** How long the API server may take to answer /readyz (about 40 s on a busy 2-core machine). */
const READY_TIMEOUT_MS = 240_000;

export interface Binaries { apiserver: string; scheduler: string; etcd: string }

/** The binaries to run, or the one-line reason why there are none here. */
export function findBinaries(): Binaries | string {
  const assets = process.env.RLG_K8S_ASSETS;
  const etcdOnPath = spawnSync('sh', ['-c', 'command -v etcd'], { encoding: 'utf8' }).stdout.trim();
  if (assets) {
    const apiserver = path.join(assets, 'kube-apiserver');
    const scheduler = path.join(assets, 'kube-scheduler');
    const etcd = fs.existsSync(path.join(assets, 'etcd')) ? path.join(assets, 'etcd') : etcdOnPath;
    if (!fs.existsSync(apiserver) || !fs.existsSync(scheduler)) return `RLG_K8S_ASSETS=${assets} has no kube-apiserver and kube-scheduler`;
    if (!etcd) return 'no etcd (apt-get install -y etcd-server, or put etcd in RLG_K8S_ASSETS)';
    return { apiserver, scheduler, etcd };
  }
  if (!fs.existsSync(path.join(SHARED_K8S, 'kube-apiserver.xz'))) return `no ${path.relative(REPO, SHARED_K8S)} (kube-apiserver, kube-scheduler) and no RLG_K8S_ASSETS`;
  if (!etcdOnPath) return 'no etcd on PATH (apt-get install -y etcd-server)';
  return { apiserver: unpacked('kube-apiserver'), scheduler: unpacked('kube-scheduler'), etcd: etcdOnPath };
}

/** `name` from ../shared/k8s/name.xz, unpacked once into the cache and checked against SHA256SUMS. */
function unpacked(name: string): string {
  const sums = fs.readFileSync(path.join(SHARED_K8S, 'SHA256SUMS'), 'utf8');
  const want = sums.split('\n').map((l) => l.trim().split(/\s+/)).find(([, file]) => file === name)?.[0];
  if (!want) throw new Error(`${name} is not in ${SHARED_K8S}/SHA256SUMS`);
  const target = path.join(CACHE, want, name);
  if (fs.existsSync(target)) return target;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.${process.pid}.partial`;
  const xz = spawnSync('xz', ['-dc', path.join(SHARED_K8S, `${name}.xz`)], { maxBuffer: 512 * 1024 * 1024 });
  if (xz.status !== 0) throw new Error(`xz -dc ${name}.xz failed: ${xz.stderr}`);
  const got = crypto.createHash('sha256').update(xz.stdout).digest('hex');
  if (got !== want) throw new Error(`${name}: sha256 ${got}, SHA256SUMS says ${want}`);
  fs.writeFileSync(partial, xz.stdout, { mode: 0o755 });
  fs.renameSync(partial, target);
  return target;
}

/** Free loopback ports (asked of the kernel by a short-lived node process). */
export function freePorts(count: number): number[] {
  const script = `const net=require('net');const s=[];let n=${count};
    for(let i=0;i<${count};i++){const v=net.createServer();s.push(v);v.listen(0,'127.0.0.1',()=>{if(--n===0){console.log(s.map(x=>x.address().port).join(' '));s.forEach(x=>x.close());}});}`;
  const out = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  return out.stdout.trim().split(' ').map(Number);
}

export function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export interface Started { kubeconfig: string; server: string }

/** Starts etcd, the API server (with every CRD of ../shared/crds) and the scheduler; writes their logs into `dir`. */
export function startProcesses(dir: string, bin: Binaries, watchPid: number): Started {
  const pids: number[] = [];
  const run = (name: string, file: string, args: string[]): number => {
    const log = fs.openSync(path.join(dir, `${name}.log`), 'a');
    const child = spawn(file, args, { detached: true, stdio: ['ignore', log, log] });
    child.unref();
    fs.closeSync(log);
    if (!child.pid) throw new Error(`could not start ${file}`);
    pids.push(child.pid);
    fs.writeFileSync(path.join(dir, 'pids'), pids.join('\n'));
    return child.pid;
  };
  try {
    const started = startAll(dir, bin, run);
    // The watchdog: if jest dies without its teardown, the processes go a few seconds later.
    run('watchdog', 'sh', ['-c', `while kill -0 ${watchPid} 2>/dev/null; do sleep 2; done; kill ${pids.join(' ')} 2>/dev/null`]);
    return started;
  } catch (error) {
    stopPids(pids);
    throw error;
  }
}

type Run = (name: string, file: string, args: string[]) => number;

function startAll(dir: string, bin: Binaries, run: Run): Started {
  const [etcdPort, peerPort, apiPort, schedulerPort] = freePorts(4);
  const etcdUrl = `http://127.0.0.1:${etcdPort}`;
  run('etcd', bin.etcd, ['--data-dir', path.join(dir, 'etcd'), '--listen-client-urls', etcdUrl, '--advertise-client-urls', etcdUrl,
    '--listen-peer-urls', `http://127.0.0.1:${peerPort}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peerPort}`,
    '--initial-cluster', `default=http://127.0.0.1:${peerPort}`, '--log-level', 'warn']);

  const key = path.join(dir, 'sa.key');
  const pub = path.join(dir, 'sa.pub');
  const pair = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  fs.writeFileSync(key, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  fs.writeFileSync(pub, pair.publicKey.export({ type: 'spki', format: 'pem' }));
  fs.writeFileSync(path.join(dir, 'tokens.csv'), `${ADMIN_TOKEN},admin,admin,system:masters\n`, { mode: 0o600 });
  const apiserver = run('kube-apiserver', bin.apiserver, [
    `--etcd-servers=${etcdUrl}`, '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${apiPort}`,
    `--cert-dir=${path.join(dir, 'certs')}`, `--token-auth-file=${path.join(dir, 'tokens.csv')}`, '--authorization-mode=AlwaysAllow',
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local', `--service-account-key-file=${pub}`,
    `--service-account-signing-key-file=${key}`, '--service-cluster-ip-range=10.96.0.0/16',
    '--enable-admission-plugins=ExtendedResourceToleration',
  ]);

  const server = `https://127.0.0.1:${apiPort}`;
  const kubeconfig = path.join(dir, 'kubeconfig');
  fs.writeFileSync(kubeconfig, [
    'apiVersion: v1', 'kind: Config', 'current-context: test',
    'clusters:', '- name: test', `  cluster: {server: "${server}", insecure-skip-tls-verify: true}`,
    'users:', '- name: admin', `  user: {token: "${ADMIN_TOKEN}"}`,
    'contexts:', '- name: test', '  context: {cluster: test, user: admin}', '',
  ].join('\n'), { mode: 0o600 });

  const kubectl = (args: string[]) => spawnSync('kubectl', [`--kubeconfig=${kubeconfig}`, `--cache-dir=${path.join(dir, 'kubectl-cache')}`, ...args], { encoding: 'utf8' });
  const since = Date.now();
  while (kubectl(['get', '--raw', '/readyz']).stdout.trim() !== 'ok') {
    if (Date.now() - since > READY_TIMEOUT_MS) throw new Error(`kube-apiserver not ready after ${READY_TIMEOUT_MS / 1000} s:\n${tail(dir, 'kube-apiserver')}\n${tail(dir, 'etcd')}`);
    if (!alive(apiserver)) throw new Error(`kube-apiserver exited:\n${tail(dir, 'kube-apiserver')}\n${tail(dir, 'etcd')}`);
    sleep(500);
  }
  run('kube-scheduler', bin.scheduler, [`--kubeconfig=${kubeconfig}`, '--leader-elect=false', '--bind-address=127.0.0.1', `--secure-port=${schedulerPort}`]);

  const crds = kubectl(['apply', '--server-side', '--force-conflicts', '-R', '-f', SHARED_CRDS]);
  if (crds.status !== 0) throw new Error(`installing ../shared/crds failed:\n${crds.stderr}`);
  const established = kubectl(['wait', '--for=condition=Established', 'crd', '--all', '--timeout=120s']);
  if (established.status !== 0) throw new Error(`CRDs not established:\n${established.stderr}`);
  return { kubeconfig, server };
}

export function alive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function tail(dir: string, name: string): string {
  const file = path.join(dir, `${name}.log`);
  return fs.existsSync(file) ? `--- ${name}.log\n${fs.readFileSync(file, 'utf8').split('\n').slice(-15).join('\n')}` : '';
}

/** Stops what startProcesses started (the pids file in `dir`) and removes `dir`. */
export function stopProcesses(dir: string): void {
  const file = path.join(dir, 'pids');
  stopPids(fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number) : []);
  fs.rmSync(dir, { recursive: true, force: true });
}

export function stopPids(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch { /* already gone */ }
  }
  const deadline = Date.now() + 10_000;
  while (pids.some(alive) && Date.now() < deadline) sleep(100);
  for (const pid of pids.filter(alive)) process.kill(pid, 'SIGKILL');
}
