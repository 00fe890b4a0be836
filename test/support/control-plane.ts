/**
 * A real Kubernetes control plane for the tests that need a judge: kube-apiserver and kube-scheduler
 * v1.32.13 (../shared/k8s) with etcd, on loopback, with every CRD of ../shared/crds installed.
 *
 * One per jest run: jest's globalSetup (test/global-setup.ts) makes a run folder and decides whether
 * the assets are here (printing one line when they are not); the first test that calls
 * `controlPlane()` starts the processes (others wait for it: a lock folder), later calls reuse them;
 * globalTeardown stops them. A run that needs no control plane starts none.
 *
 * Where the assets are absent (a user's machine without ../shared/k8s or etcd) the tests that need
 * it are skipped; with RLG_REQUIRE_CONTROL_PLANE=1 (.ci/run sets it: CI always has them) that is an
 * error instead.
 *
 * There is no kube-controller-manager: a namespace gets no `default` ServiceAccount (pods need one:
 * use `ensureNamespace`), deleted namespaces never finish terminating (do not delete them), and pods
 * bound to a node are deleted with `--grace-period=0 --force` (no kubelet confirms).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { findBinaries, sleep, startProcesses } from './control-plane-processes';

export interface KubectlResult { status: number; stdout: string; stderr: string }

export interface ControlPlane {
  /** The kubeconfig file of the admin user. */
  readonly kubeconfig: string;
  /** Runs kubectl against this control plane; never throws. */
  kubectl(args: string[], input?: string): KubectlResult;
  /** Creates the namespace (if absent) and its `default` ServiceAccount, as a controller would. */
  ensureNamespace(name: string): void;
}

/** Environment set by test/global-setup.ts. */
export const RUN_DIR_ENV = 'RLG_CONTROL_PLANE_RUN';
export const SKIP_ENV = 'RLG_CONTROL_PLANE_SKIP';
export const JEST_PID_ENV = 'RLG_JEST_PID';
const START_TIMEOUT_MS = 300_000;

let current: ControlPlane | undefined;

/** Why there is no control plane in this run, or undefined when there is (or can be) one. */
export function skipReason(): string | undefined {
  if (process.env[SKIP_ENV]) return process.env[SKIP_ENV];
  if (!process.env[RUN_DIR_ENV]) return 'not started by jest (test/global-setup.ts)';
  return undefined;
}

/** The control plane of this jest run, started on first use; undefined where the assets are absent. */
export function controlPlane(): ControlPlane | undefined {
  if (current) return current;
  if (skipReason()) return undefined;
  const dir = process.env[RUN_DIR_ENV] as string;
  const state = path.join(dir, 'state.json');
  const failed = path.join(dir, 'failed');
  if (!fs.existsSync(state)) {
    let owner = false;
    try {
      fs.mkdirSync(path.join(dir, 'starting'));
      owner = true;
    } catch (error) {
      // EEXIST: another jest worker is starting it; anything else (the run folder is gone) is an error.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`the control plane's run folder ${dir}: ${(error as Error).message}`);
    }
    if (owner) {
      try {
        const binaries = findBinaries();
        if (typeof binaries === 'string') throw new Error(binaries);
        fs.writeFileSync(state, JSON.stringify(startProcesses(dir, binaries, Number(process.env[JEST_PID_ENV] ?? process.ppid))));
      } catch (error) {
        fs.writeFileSync(failed, String((error as Error).message ?? error));
        throw error;
      }
    }
    const since = Date.now();
    while (!fs.existsSync(state)) {
      if (fs.existsSync(failed)) throw new Error(`the control plane did not start: ${fs.readFileSync(failed, 'utf8')}`);
      if (Date.now() - since > START_TIMEOUT_MS) throw new Error('the control plane did not start in time');
      sleep(250);
    }
  }
  const { kubeconfig } = JSON.parse(fs.readFileSync(state, 'utf8')) as { kubeconfig: string };
  const cacheDir = path.join(dir, 'kubectl-cache');
  const kubectl = (args: string[], input?: string): KubectlResult => {
    const out = spawnSync('kubectl', [`--kubeconfig=${kubeconfig}`, `--cache-dir=${cacheDir}`, ...args], {
      encoding: 'utf8', input, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, KUBECONFIG: kubeconfig },
    });
    return { status: out.status ?? 1, stdout: out.stdout ?? '', stderr: out.stderr ?? String(out.error ?? '') };
  };
  const ensureNamespace = (name: string): void => {
    const manifest = JSON.stringify({
      apiVersion: 'v1', kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } },
      ],
    });
    // Client-side apply, so that a later `kubectl apply` of the same Namespace warns of nothing.
    const out = kubectl(['apply', '-f', '-'], manifest);
    if (out.status !== 0) throw new Error(`namespace ${name}: ${out.stderr}`);
  };
  current = { kubeconfig, kubectl, ensureNamespace };
  return current;
}

/** describe() when this run has a control plane; otherwise describe.skip (globalSetup printed why, once). */
export function describeWithControlPlane(name: string, fn: () => void): void {
  if (skipReason()) describe.skip(`${name} [skipped: ${skipReason()}]`, fn);
  else describe(name, fn);
}
