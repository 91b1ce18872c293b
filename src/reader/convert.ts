/**
 * Conversion of formats we do not read ourselves (.xls, .et, .xlsb, .ods, CSV…) to .xlsx with
 * LibreOffice, when it is installed. No shell: execFile with an argument list, so paths with Chinese
 * characters and spaces work on Windows as on Linux. The input is copied into a fresh temporary
 * folder under an ASCII name (LibreOffice then never puts a lock file beside the user's file), with a
 * private LibreOffice profile (so a running LibreOffice or a parallel conversion does not interfere);
 * the folder is removed afterwards.
 */
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
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
 * usual install folders on Windows and macOS. Undefined when there is none.
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
  } else if (process.platform === 'darwin') candidates.push('/Applications/LibreOffice.app/Contents/MacOS/soffice');
  return candidates.find((path) => existsSync(path));
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
    const run = await new Promise<{ error?: Error }>((resolve) => {
      execFile(soffice, args, { timeout: timeoutSeconds * 1000, killSignal: 'SIGKILL', windowsHide: true, maxBuffer: 1024 * 1024 }, (error) =>
        resolve(error ? { error } : {}),
      );
    });
    const produced = existsSync(outDir) ? (await readdir(outDir)).find((name) => name.toLowerCase().endsWith('.xlsx')) : undefined;
    if (!produced) return { ok: false, reason: run.error ? run.error.message : 'no output' };
    return { ok: true, bytes: await readFile(join(outDir, produced)) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
  }
}
