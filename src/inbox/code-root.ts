/**
 * Where xmb's own code lies, for the result cache's code fingerprint (./cache.ts) and the worker
 * pool's script (./pool.ts). Found from a stack trace, since import.meta is not available in the
 * single-file bundle (scripts/dist.ts).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This module's own file: src/inbox/code-root.ts run from source, dist/inbox/code-root.js compiled; null in the bundle, whose frames name xmb.cjs. */
function ownFile(): string | null {
  for (const line of (new Error().stack ?? '').split('\n')) {
    const match = /((?:file:\/\/)?[^\s()]*[\\/]inbox[\\/]code-root\.[cm]?[jt]s):\d+:\d+\)?\s*$/.exec(line);
    if (!match) continue;
    try {
      return match[1]!.startsWith('file:') ? fileURLToPath(match[1]!) : match[1]!;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The src/ or dist/ folder xmb runs from (the one holding cli.ts or cli.js), or null in the bundle
 * and the single executable.
 */
export function codeRoot(): string | null {
  const own = ownFile();
  if (!own) return null;
  const root = dirname(dirname(own));
  return existsSync(join(root, 'cli.ts')) || existsSync(join(root, 'cli.js')) ? root : null;
}
