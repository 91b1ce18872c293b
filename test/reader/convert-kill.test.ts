/**
 * LibreOffice's launcher and what it starts: a conversion that runs past its time limit is killed
 * together with the soffice.bin its launcher started, and one that ends leaves nothing running.
 * Stand-in launchers (shell scripts) play LibreOffice here, so these run without it; they need a
 * POSIX shell (process groups are the Linux/macOS mechanism; Windows uses taskkill /T).
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { convertToXlsx } from '../../src/reader/convert.js';
import { FORMATS } from '../../src/reader/sniff.js';

const posix = process.platform !== 'win32';
if (!posix) console.log('convert-kill tests skipped: they use POSIX shell scripts as stand-in launchers (Windows kills with taskkill /T)');

const dir = mkdtempSync(join(tmpdir(), 'xmb-convert-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in launcher: starts a child that records its pid (the "soffice.bin"), then does `rest`. */
function launcher(name: string, rest: string): { path: string; pidFile: string } {
  const pidFile = join(dir, `${name}.pid`);
  const path = join(dir, `${name} 启动器.sh`);
  writeFileSync(path, `#!/bin/sh\nsleep 300 &\necho $! > '${pidFile}'\n${rest}\n`);
  chmodSync(path, 0o755);
  return { path, pidFile };
}

/** Finds --outdir in the arguments and writes input.xlsx there, as LibreOffice does. */
const WRITE_OUTPUT = 'while [ $# -gt 0 ]; do if [ "$1" = --outdir ]; then mkdir -p "$2"; printf PK > "$2/input.xlsx"; fi; shift; done';

/** True while `pid` is a live process (a zombie waiting to be reaped counts as ended). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/^\d+ \(.*\) Z/.test(stat);
}

async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  return !alive(pid);
}

describe.skipIf(!posix)('a LibreOffice conversion is ended with everything it started', () => {
  it('past the time limit, the launcher and its soffice.bin child are both killed, and nothing half-written is used', async () => {
    // The launcher writes a would-be output, then hangs waiting for its child.
    const { path, pidFile } = launcher('hangs', `${WRITE_OUTPUT}\nwait`);
    const outcome = await convertToXlsx(path, new Uint8Array([1, 2, 3]), FORMATS.xls, 1);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.reason).toMatch(/超过 1 秒/);
    const child = Number(readFileSync(pidFile, 'utf8'));
    expect(child).toBeGreaterThan(0);
    expect(await gone(child)).toBe(true);
  });

  it('a launcher that exits leaves no child of it running, and its output is read', async () => {
    const { path, pidFile } = launcher('finishes', `${WRITE_OUTPUT}\nexit 0`);
    const outcome = await convertToXlsx(path, new Uint8Array([1, 2, 3]), FORMATS.xls, 60);
    expect(outcome.ok && Buffer.from(outcome.bytes).toString()).toBe('PK');
    expect(await gone(Number(readFileSync(pidFile, 'utf8')))).toBe(true);
  });

  it('a launcher that fails is a failure with its exit status, not an exception', async () => {
    const { path } = launcher('fails', 'exit 3');
    const outcome = await convertToXlsx(path, new Uint8Array([1]), FORMATS.xls, 60);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.reason).toMatch(/3/);
  });
});
