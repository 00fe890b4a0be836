/**
 * The real KubeRay operator (the pin: KUBERAY_OPERATOR_MODULE/VERSION in scripts/real/versions.env),
 * beside the real API server and scheduler of test/support/control-plane.ts, with the Ray dashboard
 * stand-in (test/support/ray-dashboard-stand-in.py) it talks to. Once per jest run: the first test that
 * calls `kuberayOperator()` starts both (others wait: a lock folder in the run folder); jest's
 * globalTeardown stops them with the control plane (their pids join the run's `pids` file), and a
 * watchdog stops them if jest dies.
 *
 * The binary is built by scripts/real/kuberay.sh from the Go module proxy into
 * $RLG_REAL_TOOLS/kuberay-<version>/manager (.ci/run builds it before the tests; here it is built on
 * first use when Go is on PATH). Without it and without Go the tests that need it skip with one line;
 * with RLG_REQUIRE_REAL=1 (CI) that is a failure.
 *
 * Flags of ray-project/kuberay@v1.5.0 ray-operator/main.go (defaults in
 * ray-operator/apis/config/v1alpha1/defaults.go: :8080, :8082, leader election on): `--metrics-addr`
 * and `--health-probe-bind-address` on free loopback ports, `--enable-leader-election=false` (one
 * operator), no `--watch-namespace` (all namespaces: the lists use several), no
 * `--use-kubernetes-proxy` (the API server's service proxy refuses loopback endpoints). It reaches the
 * Ray heads by plain HTTP through HTTP_PROXY, which points at the dashboard stand-in on loopback.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { controlPlane, ControlPlane, RUN_DIR_ENV, skipReason as controlPlaneSkipReason, JEST_PID_ENV } from './control-plane';
import { alive, freePorts, REPO, sleep, stopPids } from './control-plane-processes';
import { missingTool, rayPython, rayVersions, REAL_TOOLS, realVersions, SERVE_CHECK } from './real-tools';

const START_TIMEOUT_MS = 900_000;

export const OPERATOR_VERSION = realVersions().KUBERAY_OPERATOR_VERSION;
const OPERATOR_BINARY = path.join(REAL_TOOLS, `kuberay-${OPERATOR_VERSION}`, 'manager');
/** The RayJob CRD of the operator's module (../shared/crds has RayService and RayCluster only; its RayJob controller waits for it). */
const RAYJOB_CRD = path.join(REAL_TOOLS, `kuberay-${OPERATOR_VERSION}`, 'crds', 'ray.io_rayjobs.yaml');

/** Ray's own schema at one Ray version: the venv's Python and serve_check.py (the dashboard stand-in imports its `check`). */
function validator(version: string): { python: string; serveCheck: string } {
  return { python: rayPython(version), serveCheck: SERVE_CHECK };
}

const hasGo = (): boolean => spawnSync('sh', ['-c', 'command -v go'], { encoding: 'utf8' }).stdout.trim() !== '';

/** Why the operator cannot run here (one line), or undefined. */
export function operatorSkipReason(): string | undefined {
  const cp = controlPlaneSkipReason();
  if (cp) return cp;
  if (!(fs.existsSync(OPERATOR_BINARY) && fs.existsSync(RAYJOB_CRD)) && !hasGo()) return `no ${OPERATOR_BINARY} and no Go toolchain to build it (scripts/real/kuberay.sh)`;
  return missingTool([SERVE_CHECK, ...rayVersions().map(rayPython)], 'scripts/real/install-python.sh');
}

export interface KubeRay {
  readonly cp: ControlPlane;
  /** The folder the stand-ins share: heads.json (written by the kubelet stand-in), the dashboard's request log. */
  readonly stateDir: string;
  /** The operator's log so far. */
  log(): string;
}

let current: KubeRay | undefined;

/** The operator of this jest run, started on first use (with the control plane). */
export function kuberayOperator(): KubeRay {
  if (current) return current;
  const reason = operatorSkipReason();
  if (reason) throw new Error(`the KubeRay operator cannot run here: ${reason}`);
  const cp = controlPlane()!;
  const dir = process.env[RUN_DIR_ENV] as string;
  const stateDir = path.join(dir, 'kuberay');
  const started = path.join(dir, 'kuberay-started');
  const failed = path.join(dir, 'kuberay-failed');
  if (!fs.existsSync(started)) {
    let owner = false;
    try {
      fs.mkdirSync(path.join(dir, 'kuberay-starting'));
      owner = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (owner) {
      try {
        start(dir, stateDir, cp);
        fs.writeFileSync(started, 'ok');
      } catch (error) {
        fs.writeFileSync(failed, String((error as Error).message ?? error));
        throw error;
      }
    }
    const since = Date.now();
    while (!fs.existsSync(started)) {
      if (fs.existsSync(failed)) throw new Error(`the KubeRay operator did not start: ${fs.readFileSync(failed, 'utf8')}`);
      if (Date.now() - since > START_TIMEOUT_MS) throw new Error('the KubeRay operator did not start in time');
      sleep(250);
    }
  }
  const log = () => fs.readFileSync(path.join(dir, 'kuberay-operator.log'), 'utf8');
  current = { cp, stateDir, log };
  return current;
}

function start(dir: string, stateDir: string, cp: ControlPlane): void {
  const kubeconfig = cp.kubeconfig;
  if (!fs.existsSync(OPERATOR_BINARY) || !fs.existsSync(RAYJOB_CRD)) {
    const built = spawnSync(path.join(REPO, 'scripts', 'real', 'kuberay.sh'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (built.status !== 0) throw new Error(`scripts/real/kuberay.sh failed:\n${built.stderr.split('\n').slice(-20).join('\n')}`);
  }
  const crd = cp.kubectl(['apply', '--server-side', '-f', RAYJOB_CRD]);
  if (crd.status !== 0) throw new Error(`the RayJob CRD: ${crd.stderr}`);
  const established = () => cp.kubectl(['get', 'crd', 'rayjobs.ray.io', '-o', 'jsonpath={.status.conditions[?(@.type=="Established")].status}']).stdout === 'True';
  for (const since = Date.now(); !established(); sleep(250)) {
    if (Date.now() - since > 60_000) throw new Error('the RayJob CRD not established after 60 s');
  }
  fs.mkdirSync(stateDir, { recursive: true });
  fs.writeFileSync(path.join(stateDir, 'validators.json'), JSON.stringify(Object.fromEntries(rayVersions().map((v) => [v, validator(v)]))));
  fs.writeFileSync(path.join(stateDir, 'heads.json'), JSON.stringify({ byHost: {}, byAddress: {} }));

  const pids: number[] = [];
  const run = (name: string, file: string, args: string[], env: NodeJS.ProcessEnv): number => {
    const log = fs.openSync(path.join(dir, `${name}.log`), 'a');
    const child = spawn(file, args, { detached: true, stdio: ['ignore', log, log], env });
    child.unref();
    fs.closeSync(log);
    if (!child.pid) throw new Error(`could not start ${file}`);
    pids.push(child.pid);
    // The run's pids file: jest's globalTeardown stops everything in it.
    fs.appendFileSync(path.join(dir, 'pids'), `\n${child.pid}`);
    return child.pid;
  };
  try {
    const portFile = path.join(stateDir, 'dashboard.port');
    const dashboard = run('ray-dashboard-stand-in', 'python3', [path.join(__dirname, 'ray-dashboard-stand-in.py'), stateDir, portFile], { PATH: process.env.PATH });
    const since = Date.now();
    while (!fs.existsSync(portFile)) {
      if (!alive(dashboard)) throw new Error(`the Ray dashboard stand-in exited:\n${tail(dir, 'ray-dashboard-stand-in')}`);
      if (Date.now() - since > 180_000) throw new Error(`the Ray dashboard stand-in did not start:\n${tail(dir, 'ray-dashboard-stand-in')}`);
      sleep(100);
    }
    const proxy = `http://127.0.0.1:${fs.readFileSync(portFile, 'utf8').trim()}`;
    const [metricsPort, probePort] = freePorts(2);
    const operator = run('kuberay-operator', OPERATOR_BINARY, [
      `--metrics-addr=127.0.0.1:${metricsPort}`, `--health-probe-bind-address=127.0.0.1:${probePort}`,
      '--enable-leader-election=false', '--log-stdout-encoder=console',
    ], { PATH: process.env.PATH, HOME: process.env.HOME, KUBECONFIG: kubeconfig, HTTP_PROXY: proxy, http_proxy: proxy, NO_PROXY: '', no_proxy: '' });
    run('kuberay-watchdog', 'sh', ['-c', `while kill -0 ${Number(process.env[JEST_PID_ENV] ?? process.ppid)} 2>/dev/null; do sleep 2; done; kill ${pids.join(' ')} 2>/dev/null`], { PATH: process.env.PATH });
    const up = Date.now();
    while (spawnSync('curl', ['-sf', `http://127.0.0.1:${probePort}/readyz`], { encoding: 'utf8' }).status !== 0) {
      if (!alive(operator)) throw new Error(`the KubeRay operator exited:\n${tail(dir, 'kuberay-operator')}`);
      if (Date.now() - up > 120_000) throw new Error(`the KubeRay operator not ready after 120 s:\n${tail(dir, 'kuberay-operator')}`);
      sleep(250);
    }
  } catch (error) {
    stopPids(pids);
    throw error;
  }
}

function tail(dir: string, name: string): string {
  const file = path.join(dir, `${name}.log`);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').slice(-20).join('\n') : '';
}

/** describe() when the operator can run here; otherwise a skip with one line, or a failure under RLG_REQUIRE_REAL=1. */
export function describeWithOperator(name: string, fn: () => void): void {
  const reason = operatorSkipReason();
  if (!reason) describe(name, fn);
  // Without the control plane RLG_REQUIRE_CONTROL_PLANE decides (test/global-setup.ts); the rest is ours.
  else if (process.env.RLG_REQUIRE_REAL === '1' && !controlPlaneSkipReason()) describe(name, () => test('the real KubeRay operator runs (RLG_REQUIRE_REAL=1)', () => { throw new Error(reason); }));
  else describe.skip(`${name} [skipped: ${reason}]`, fn);
}
