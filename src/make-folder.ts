/**
 * Creating an output or inbox folder (and its missing parents) without Node's
 * `mkdirSync(dir, { recursive: true })`, which never returns when `mkdir` answers ENOENT under a
 * parent that exists (a virtual file system such as /proc, some network drives): xmb hung there
 * instead of saying it could not create the folder.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Makes `path` a folder, creating each missing parent one level at a time. Does nothing when it is
 * already a folder. Throws the file-system error (`code`, `syscall` 'mkdir', `path`) that
 * src/fs-errors.ts turns into one Chinese line: EEXIST when a file stands in the way, ENOTDIR when a
 * parent is a file, EACCES/EPERM/EROFS, or ENOENT when the system refuses to create it.
 */
export function makeFolder(path: string): void {
  const missing: string[] = [];
  let dir = resolve(path);
  for (;;) {
    const info = statOrNull(dir, path);
    if (info) {
      if (!info.isDirectory()) throw folderError(missing.length === 0 ? 'EEXIST' : 'ENOTDIR', resolve(path));
      break;
    }
    missing.push(dir);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      // Made meanwhile by another process: fine, as long as it is a folder.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && statOrNull(folder)?.isDirectory()) continue;
      throw error;
    }
  }
}

function statOrNull(path: string, target = path): ReturnType<typeof statSync> | null {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ENOTDIR') throw folderError('ENOTDIR', resolve(target));
    throw error;
  }
}

function folderError(code: string, path: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: mkdir '${path}'`);
  error.code = code;
  error.syscall = 'mkdir';
  error.path = path;
  return error;
}
