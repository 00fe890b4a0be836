/** jest globalTeardown: stops the control plane of this run, if a test started one. */
import { RUN_DIR_ENV } from './support/control-plane';
import { stopProcesses } from './support/control-plane-processes';

export default function globalTeardown(): void {
  const dir = process.env[RUN_DIR_ENV];
  if (dir) stopProcesses(dir);
}
