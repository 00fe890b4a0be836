/**
 * jest globalSetup: a run folder for the control plane (test/support/control-plane.ts), which the
 * first test that needs it starts. Where the assets are absent it says so in one line and the tests
 * that need them skip; with RLG_REQUIRE_CONTROL_PLANE=1 (set by .ci/run: CI always has ../shared/k8s
 * and etcd) that is an error instead. The same for the real KubeRay operator (one line when it
 * cannot run; with RLG_REQUIRE_REAL=1 its tests fail instead).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { JEST_PID_ENV, RUN_DIR_ENV, SKIP_ENV } from './support/control-plane';
import { findBinaries } from './support/control-plane-processes';
import { operatorSkipReason } from './support/kuberay-operator';

export default function globalSetup(): void {
  // A jest run inside a test (the workflow test) inherits the outer run's variables: never its control plane.
  for (const name of [SKIP_ENV, RUN_DIR_ENV, JEST_PID_ENV]) delete process.env[name];
  const found = findBinaries();
  if (typeof found === 'string') {
    if (process.env.RLG_REQUIRE_CONTROL_PLANE === '1') throw new Error(`RLG_REQUIRE_CONTROL_PLANE=1, but: ${found}`);
    process.env[SKIP_ENV] = found;
    process.stdout.write(`\nreal kube-apiserver/kube-scheduler tests skipped: ${found}\n`);
    return;
  }
  process.env[RUN_DIR_ENV] = fs.mkdtempSync(path.join(os.tmpdir(), 'rlg-control-plane-'));
  process.env[JEST_PID_ENV] = String(process.pid);
  // The real KubeRay operator beside it (test/support/kuberay-operator.ts): one line when it cannot run.
  const operator = operatorSkipReason();
  if (operator && process.env.RLG_REQUIRE_REAL !== '1') process.stdout.write(`\nreal KubeRay operator tests skipped: ${operator}\n`);
}
