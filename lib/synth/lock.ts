/**
 * An exclusive lock between synth processes: a file holding the owner's pid and where that pid
 * means something (host name, boot id, pid namespace), created with an atomic hard link (fails if
 * the file exists). A lock whose pid is no longer alive in this same pid namespace (the owner was
 * killed) is stale and taken over; one written in another pid namespace (a container sharing the
 * checkout) or on another host is never taken over — its pid cannot be checked from here. A second
 * synth waits for a bounded time, then fails clearly. A process may take a lock it holds again.
 */
import * as fs from 'fs';
import * as os from 'os';
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

/** Lock files this process holds (withLock inside withLock on the same file runs at once). */
const held = new Set<string>();

/** A system file's text, or "" where there is none (not Linux). */
function readOr(read: () => string): string {
  try {
    return read().trim();
  } catch {
    return '';
  }
}
/** Where a pid names this process: host, boot and pid namespace. */
export const PID_SPACE = [os.hostname(), readOr(() => fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8')), readOr(() => fs.readlinkSync('/proc/self/ns/pid'))].join(' ');

/** Runs `action` holding the lock file `lockFile` (its folder is created). */
export function withLock<T>(lockFile: string, action: () => T, options: LockOptions = {}): T {
  const key = path.resolve(lockFile);
  if (held.has(key)) return action();
  acquire(lockFile, options.waitMs ?? 60_000, options.pollMs ?? 100);
  held.add(key);
  try {
    return action();
  } finally {
    held.delete(key);
    if (holder(lockFile)?.pid === process.pid) fsStep('release lock', () => fs.rmSync(lockFile, { force: true }));
  }
}

function acquire(lockFile: string, waitMs: number, pollMs: number): void {
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  sweepLeftovers(lockFile);
  const mine = `${lockFile}.${process.pid}`;
  fsStep('write lock candidate', () => fs.writeFileSync(mine, `${process.pid}\n${PID_SPACE}\n`));
  const deadline = Date.now() + waitMs;
  try {
    for (;;) {
      if (tryLink(mine, lockFile)) return;
      const owner = holder(lockFile);
      if (owner !== undefined && owner.here && !alive(owner.pid)) {
        takeOverStale(lockFile, owner.pid);
        continue;
      }
      if (Date.now() >= deadline) {
        const where = owner && !owner.here ? ` in another pid namespace or host (${owner.space})` : '';
        throw new LockTimeoutError(
          `another synth (pid ${owner?.pid ?? 'unknown'}${where}) is publishing; waited ${Math.round(waitMs / 1000)} s for it (lock ${lockFile}). ` +
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
  if (holder(aside)?.pid !== deadOwner) tryLink(aside, lockFile);
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

/** The pid written in a lock file and whether it is of this pid namespace, if it can be read. A lock without the second line (older versions) counts as of this one. */
function holder(lockFile: string): { pid: number; here: boolean; space: string } | undefined {
  try {
    const [first, space = PID_SPACE] = fs.readFileSync(lockFile, 'utf8').split('\n');
    const pid = Number(first.trim());
    return Number.isSafeInteger(pid) && pid > 0 ? { pid, here: space.trim() === PID_SPACE || space.trim() === '', space: space.trim() } : undefined;
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
