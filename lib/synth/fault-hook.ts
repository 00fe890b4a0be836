/**
 * Every filesystem step of publishing goes through `fsStep`, so that tests can stop the process at
 * any one of them. Test hook (unset in normal use): `RLG_FAULT_AT=<n>` kills the process (SIGKILL,
 * as a crash or `kill -9` would) at the n-th step; `RLG_FAULT_AT=<n>:<CODE>` makes that step fail
 * with the error code instead (e.g. `EACCES`, which root cannot get from a read-only folder).
 */
let steps = 0;

export function fsStep<T>(what: string, action: () => T): T {
  steps += 1;
  const fault = process.env.RLG_FAULT_AT;
  if (fault) {
    const [at, code] = fault.split(':');
    if (Number(at) === steps) {
      if (!code) {
        process.kill(process.pid, 'SIGKILL');
      }
      throw Object.assign(new Error(`${code}: injected fault at step ${steps} (${what})`), { code: code ?? 'EINTR' });
    }
  }
  return action();
}
