/** jest globalTeardown: stops the control plane of this run, if a test started one. */
import { JEST_PID_ENV, RUN_DIR_ENV } from './support/control-plane';
import { stopProcesses } from './support/control-plane-processes';

export default function globalTeardown(): void {
  const dir = process.env[RUN_DIR_ENV];
  // Only the run that made the folder stops what is in it.
  if (dir && process.env[JEST_PID_ENV] === String(process.pid)) stopProcesses(dir);
}
