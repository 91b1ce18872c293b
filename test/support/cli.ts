/** Runs the real command line (bin/xmb.js on the compiled dist/) as a clerk would, and captures what it prints. */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(REPO_ROOT, 'bin', 'xmb.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs `main` in this process from `cwd`, capturing stdout and stderr (faster than runCli: no
 * build, no new process; for tests that run many commands).
 */
export async function runMain(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const { vi } = await import('vitest');
  const { main } = await import('../../src/cli.js');
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  const before = process.cwd();
  try {
    process.chdir(cwd);
    const code = await main(['node', 'xmb', ...args]);
    return { code, out, err };
  } finally {
    process.chdir(before);
    o.mockRestore();
    e.mockRestore();
  }
}
