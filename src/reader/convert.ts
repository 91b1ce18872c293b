/**
 * Conversion of formats we do not read ourselves (.xls, .et, .xlsb, .ods, CSV…) to .xlsx with
 * LibreOffice, when it is installed. No shell: execFile with an argument list, so paths with Chinese
 * characters and spaces work on Windows as on Linux. The input is copied into a fresh temporary
 * folder under an ASCII name (LibreOffice then never puts a lock file beside the user's file), with a
 * private LibreOffice profile (so a running LibreOffice or a parallel conversion does not interfere);
 * the folder is removed afterwards.
 *
 * A LibreOffice that runs past the time limit is killed with its children: `soffice` is a launcher
 * (a shell script or oosplash on Linux, soffice.exe on Windows) that starts soffice.bin, which
 * killing the launcher alone would leave running. On Linux and macOS it runs in a process group of
 * its own and the whole group is killed; on Windows `taskkill /T /F` ends the tree.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConvertibleFormat } from './sniff.js';

let cachedSoffice: string | null | undefined;

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The LibreOffice executable: `XMB_SOFFICE` if set, else `soffice` or `libreoffice` on PATH, else the
 * usual install folders (Windows: Program Files; Linux: /opt/libreoffice*, as LibreOffice's own
 * packages install on 统信UOS and 麒麟, and /usr/lib/libreoffice; macOS: /Applications).
 * Undefined when there is none.
 */
export function findSoffice(): string | undefined {
  if (cachedSoffice !== undefined) return cachedSoffice ?? undefined;
  cachedSoffice = locate() ?? null;
  return cachedSoffice ?? undefined;
}

function locate(): string | undefined {
  const override = process.env.XMB_SOFFICE;
  if (override) return isFile(override) ? override : undefined;
  const windows = process.platform === 'win32';
  const extensions = windows ? ['.com', '.exe'] : [''];
  const names = ['soffice', 'libreoffice'];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const name of names) for (const ext of extensions) if (isFile(join(dir, name + ext))) return join(dir, name + ext);
  }
  const candidates: string[] = [];
  if (windows) {
    for (const base of [process.env.ProgramFiles, process.env['ProgramFiles(x86)']])
      if (base) candidates.push(join(base, 'LibreOffice', 'program', 'soffice.com'), join(base, 'LibreOffice', 'program', 'soffice.exe'));
  } else if (process.platform === 'darwin') {
    candidates.push('/Applications/LibreOffice.app/Contents/MacOS/soffice');
  } else {
    // The newest /opt/libreofficeX.Y first.
    const opt = safeList('/opt').filter((name) => name.toLowerCase().startsWith('libreoffice')).sort().reverse();
    candidates.push(...opt.map((name) => join('/opt', name, 'program', 'soffice')), '/usr/lib/libreoffice/program/soffice');
  }
  return candidates.find((path) => isFile(path));
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Ends `child` and everything it started: its process group (POSIX) or its process tree (Windows). */
function killTree(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') {
      execFile('taskkill', ['/PID', String(child.pid), '/T', '/F'], { windowsHide: true }, () => undefined);
    } else {
      process.kill(-child.pid, 'SIGKILL');
    }
  } catch {
    child.kill('SIGKILL');
  }
}

/**
 * Runs soffice with `args`, waiting at most `timeoutMs`; past it the launcher and its children are
 * killed. Resolves with why it failed (and whether it ran out of time), or {} when it exited 0.
 */
function runSoffice(soffice: string, args: string[], timeoutMs: number): Promise<{ error?: string; timedOut?: boolean }> {
  return new Promise((resolve) => {
    let timedOut = false;
    const child = spawn(soffice, args, { detached: process.platform !== 'win32', stdio: 'ignore', windowsHide: true });
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child);
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ error: error.message });
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      // The launcher has gone; a soffice.bin it left behind in its group goes too.
      if (process.platform !== 'win32' && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // The group is already empty.
        }
      }
      if (timedOut) resolve({ error: `LibreOffice 超过 ${Math.round(timeoutMs / 1000)} 秒未完成转换，已结束`, timedOut });
      else resolve(code === 0 ? {} : { error: `LibreOffice exited with ${code ?? signal}` });
    });
  });
}

export type ConvertResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

/**
 * Converts the bytes of a file in `format` to .xlsx bytes. Never throws. The work folder
 * (`xmb-convert-…`) is made under `tempRoot` (default: the system's temporary folder) and removed
 * before returning; a caller that must know nothing is left behind (a test) passes a root of its own.
 */
export async function convertToXlsx(
  soffice: string,
  bytes: Uint8Array,
  format: ConvertibleFormat,
  timeoutSeconds: number,
  tempRoot: string = tmpdir(),
): Promise<ConvertResult> {
  let dir: string | undefined;
  try {
    dir = await mkdtemp(join(tempRoot, 'xmb-convert-'));
    const input = join(dir, `input.${format.extension}`);
    const outDir = join(dir, 'out');
    const profile = join(dir, 'profile');
    await writeFile(input, bytes);
    const args = ['--headless', '--norestore', '--nolockcheck', '--nodefault', `-env:UserInstallation=${pathToFileURL(profile).href}`];
    if (format.infilter) args.push(`--infilter=${format.infilter}`);
    args.push('--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', outDir, input);
    const run = await runSoffice(soffice, args, timeoutSeconds * 1000);
    // What a killed LibreOffice left may be half written.
    if (run.timedOut) return { ok: false, reason: run.error! };
    const produced = existsSync(outDir) ? (await readdir(outDir)).find((name) => name.toLowerCase().endsWith('.xlsx')) : undefined;
    if (!produced) return { ok: false, reason: run.error ?? 'no output' };
    return { ok: true, bytes: await readFile(join(outDir, produced)) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
  }
}
