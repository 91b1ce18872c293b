/**
 * The inbox lock: while `xmb receive` files a copy and writes its ledger line it holds
 * `收件/收件登记.lock`, so two receives (two clerks, or one clicking twice) cannot both decide a file
 * is new and record it twice, or pick the same free name.
 *
 * The lock file is created exclusively (O_EXCL) and holds one JSON line {pid, host, time}. A lock
 * left behind by a process that died (killed, power cut) is stale and taken over:
 * - same machine: its process no longer exists;
 * - another machine (an inbox on a shared folder): it is older than LOCK_STALE_MS;
 * - unreadable content: the file is older than a few seconds (a lock is written in one go).
 * Taking over renames the stale file away first (only one process can), so two processes that both
 * judged it stale cannot both end up holding the lock.
 */
import { closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { formatWall } from '../time/index.js';

export const LOCK_FILE_NAME = '收件登记.lock';

/** A lock from another machine older than this is taken to be left behind (10 minutes). */
export const LOCK_STALE_MS = 10 * 60_000;
/** How long receive waits for another receive to finish (ms). */
export const LOCK_WAIT_MS = 60_000;
const UNREADABLE_STALE_MS = 5_000;
const POLL_MS = 50;

export interface LockOwner {
  pid: number;
  host: string;
  /** ISO instant the lock was taken. */
  time: string;
}

export interface InboxLock {
  path: string;
  release(): void;
}

export function lockPath(inbox: string): string {
  return join(inbox, LOCK_FILE_NAME);
}

function readOwner(path: string): LockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.time === 'string') return parsed as LockOwner;
  } catch {
    // unreadable or half-written
  }
  return null;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/** Whether a lock whose content is `owner` (null: unreadable) and file time `mtime` was left behind. */
export function isStale(owner: LockOwner | null, mtime: Date, now: Date = new Date()): boolean {
  if (owner === null) return now.getTime() - mtime.getTime() > UNREADABLE_STALE_MS;
  if (owner.host === hostname()) return owner.pid !== process.pid && !processAlive(owner.pid);
  const taken = Date.parse(owner.time);
  return Number.isNaN(taken) || now.getTime() - taken > LOCK_STALE_MS;
}

function tryCreate(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    const owner: LockOwner = { pid: process.pid, host: hostname(), time: new Date().toISOString() };
    writeSync(fd, `${JSON.stringify(owner)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Moves a stale lock away; puts it back if, by then, it was a fresh lock of someone else. */
function breakStale(path: string, seen: string): void {
  const aside = `${path}.stale-${process.pid}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // someone else moved or released it first
  }
  let text = '';
  try {
    text = readFileSync(aside, 'utf8');
  } catch {
    // gone
  }
  if (text !== seen) {
    try {
      linkSync(aside, path); // never replaces a lock taken meanwhile
    } catch {
      // a third process holds it now; the one we moved was also fresh, and it is that process's
      // own release that would have removed it, so nothing is lost by dropping it
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // already gone
  }
}

function describeOwner(owner: LockOwner | null, timeZone: string): string {
  if (!owner) return '';
  const time = Number.isNaN(Date.parse(owner.time)) ? owner.time : formatWall(new Date(owner.time), timeZone, 'M月d日 HH:mm:ss');
  return `（${owner.host === hostname() ? '本机' : `电脑 ${owner.host}`} 进程 ${owner.pid}，${time} 起）`;
}

/**
 * Takes the inbox lock, waiting up to `waitMs` for another receive to finish. Throws a UserError
 * (exit 2) naming the holder when it does not come free. `release()` removes the lock (also on exit).
 */
export async function lockInbox(inbox: string, options: { waitMs?: number; timeZone?: string } = {}): Promise<InboxLock> {
  const path = lockPath(inbox);
  const waitMs = options.waitMs ?? LOCK_WAIT_MS;
  const started = Date.now();
  for (;;) {
    if (tryCreate(path)) break;
    let seen = '';
    let mtime = new Date();
    try {
      seen = readFileSync(path, 'utf8');
      mtime = statSync(path).mtime;
    } catch {
      continue; // released meanwhile: try again at once
    }
    const owner = readOwner(path);
    if (isStale(owner, mtime)) {
      breakStale(path, seen);
      continue;
    }
    if (Date.now() - started > waitMs)
      throw new UserError(
        `收件目录 ${inbox} 正被另一个 xmb receive 使用${describeOwner(owner, options.timeZone ?? 'Asia/Shanghai')}，等了 ${Math.round(waitMs / 1000)} 秒仍未结束；` +
          `请稍后重试。如确认没有 xmb 在运行，可删除 ${path}`,
      );
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    try {
      const owner = readOwner(path);
      if (owner?.pid === process.pid && owner.host === hostname()) unlinkSync(path);
    } catch {
      // already gone
    }
  };
  process.on('exit', release);
  return { path, release };
}
