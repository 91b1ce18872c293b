/**
 * The copies receive files (receive.ts): written under a temporary name, flushed, then named
 * without ever replacing an existing file.
 */
import { closeSync, existsSync, fsyncSync, linkSync, openSync, renameSync, unlinkSync } from 'node:fs';
import { writeAll } from './ledger.js';

/** The temporary name of a copy being filed: the final name, then `.~xmb-PID.tmp`. */
export function temporaryName(stored: string): string {
  return `${stored}.~xmb-${process.pid}.tmp`;
}

/** The final name a temporary copy is for (null: not one of ours). */
export function finalNameOf(temporary: string): string | null {
  const m = /^(.*)\.~xmb-\d+\.tmp$/.exec(temporary);
  return m ? m[1]! : null;
}

/** Writes a new file and flushes it to disk; on failure (a full disk) nothing is left behind. */
export function writeFlushed(path: string, bytes: Uint8Array): void {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'wx');
    writeAll(fd, bytes);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
  } catch (error) {
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
    removeQuietly(path);
    throw error;
  }
}

/** Gives the temporary copy its final name without ever replacing an existing file. */
export function nameCopy(temp: string, stored: string): void {
  try {
    linkSync(temp, stored); // fails with EEXIST instead of replacing
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST' || existsSync(stored)) throw error;
    renameSync(temp, stored); // file systems without hard links
    return;
  }
  removeQuietly(temp);
}

export function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // not there
  }
}
