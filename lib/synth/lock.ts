/**
 * An exclusive lock between synth processes: a file holding the owner's pid, created with an
 * atomic hard link (fails if the file exists). A lock whose pid is no longer alive (the owner was
 * killed) is stale and taken over. A second synth waits for a bounded time, then fails clearly.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fsStep } from './fault-hook';

/** The lock is held by a live process for longer than the caller waits. */
export class LockTimeoutError extends Error {}

export interface LockOptions {
  /**
   * How long to wait for another synth to finish, in milliseconds.
   * @default 60000
   */
  readonly waitMs?: number;
  /**
   * How often to look again, in milliseconds.
   * @default 100
   */
  readonly pollMs?: number;
}

/** Runs `action` holding the lock file `lockFile` (its folder is created). */
export function withLock<T>(lockFile: string, action: () => T, options: LockOptions = {}): T {
  acquire(lockFile, options.waitMs ?? 60_000, options.pollMs ?? 100);
  try {
    return action();
  } finally {
    if (holder(lockFile) === process.pid) fsStep('release lock', () => fs.rmSync(lockFile, { force: true }));
  }
}

function acquire(lockFile: string, waitMs: number, pollMs: number): void {
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  sweepLeftovers(lockFile);
  const mine = `${lockFile}.${process.pid}`;
  fsStep('write lock candidate', () => fs.writeFileSync(mine, `${process.pid}\n`));
  const deadline = Date.now() + waitMs;
  try {
    for (;;) {
      if (tryLink(mine, lockFile)) return;
      const owner = holder(lockFile);
      if (owner !== undefined && !alive(owner)) {
        takeOverStale(lockFile, owner);
        continue;
      }
      if (Date.now() >= deadline) {
        throw new LockTimeoutError(
          `another synth (pid ${owner ?? 'unknown'}) is publishing; waited ${Math.round(waitMs / 1000)} s for it (lock ${lockFile}). ` +
            'Run synth again when it has finished; if no synth is running, delete the lock file.',
        );
      }
      sleep(pollMs);
    }
  } finally {
    fs.rmSync(mine, { force: true });
  }
}

function tryLink(from: string, to: string): boolean {
  try {
    fsStep('take lock', () => fs.linkSync(from, to));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Moves the stale lock aside and checks that what was moved is still the dead owner's (another
 * process may have taken it over meanwhile); a live owner's lock is put back.
 */
function takeOverStale(lockFile: string, deadOwner: number): void {
  const aside = `${lockFile}.stale.${process.pid}`;
  try {
    fsStep('move stale lock aside', () => fs.renameSync(lockFile, aside));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (holder(aside) !== deadOwner) tryLink(aside, lockFile);
  fs.rmSync(aside, { force: true });
}

/** Removes `<lock>.<pid>` and `<lock>.stale.<pid>` files of processes killed while taking the lock. */
function sweepLeftovers(lockFile: string): void {
  const prefix = `${path.basename(lockFile)}.`;
  for (const name of fs.readdirSync(path.dirname(lockFile))) {
    const pid = Number(/^(?:stale\.)?(\d+)$/.exec(name.slice(prefix.length))?.[1]);
    if (name.startsWith(prefix) && pid > 0 && !alive(pid)) fs.rmSync(path.join(path.dirname(lockFile), name), { force: true });
  }
}

/** The pid written in a lock file, if it can be read. */
function holder(lockFile: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(lockFile, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
