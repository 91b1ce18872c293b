/**
 * The one-file xmb.cjs of `npm run dist` (issue 10), the short real check kept inside `npm test`:
 * built from the compiled dist/ with esbuild, copied alone into a folder with Chinese and spaces in
 * its name (no node_modules anywhere near), it answers --help and validates a sample file exactly as
 * `node bin/xmb.js` does, with and without its code cache. The full build (single executables, the
 * offline npm package, the sample week's merge and 月报) is `npm run test:dist`.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  UNIX_LAUNCHER,
  WINDOWS_LAUNCHER,
  buildBundle,
  licenceAllowed,
  stripPeSignature,
  windowsLauncherBytes,
  type BundleResult,
} from '../../scripts/dist.js';
import { REPO_ROOT } from '../support/cli.js';

const work = mkdtempSync(join(tmpdir(), 'xmb-bundle-'));
const folder = join(work, '发布 测试');
const cache = join(work, 'cache');
let bundle: BundleResult;

beforeAll(async () => {
  bundle = await buildBundle(join(work, 'build', 'xmb.cjs'));
  mkdirSync(folder);
  copyFileSync(bundle.path, join(folder, 'xmb.cjs'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Run {
  const r = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', XDG_CACHE_HOME: cache, LOCALAPPDATA: cache, ...env },
    timeout: 300_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const viaBin = (args: string[], cwd: string) => run(process.execPath, [join(REPO_ROOT, 'bin', 'xmb.js'), ...args], cwd);
const viaBundle = (args: string[], cwd: string, env?: Record<string, string>) => run(process.execPath, [join(folder, 'xmb.cjs'), ...args], cwd, env);

describe('xmb.cjs, alone in a folder', () => {
  it('answers --help, --version and a usage error as bin/xmb.js does', () => {
    for (const args of [['--help'], ['--version'], ['mergee'], ['merge', '--help']]) {
      expect(viaBundle(args, folder), args.join(' ')).toEqual(viaBin(args, folder));
    }
  });

  it('validates a sample file byte for byte as bin/xmb.js does, first run (no cache), cached run and with a corrupt cache', () => {
    const sample = join(folder, '第三组 样本.xlsx');
    const source = readdirSync(join(REPO_ROOT, 'fixtures', 'validate')).find((n) => n.endsWith('.xlsx'))!;
    copyFileSync(join(REPO_ROOT, 'fixtures', 'validate', source), sample);
    const expected = viaBin(['validate', '第三组 样本.xlsx'], folder);
    expect(expected.stdout).toContain('第三组 样本.xlsx');
    expect(viaBundle(['validate', '第三组 样本.xlsx'], folder)).toEqual(expected);
    const cacheFiles = readdirSync(join(cache, 'xmb'));
    expect(cacheFiles.filter((n) => n.endsWith('.cache'))).toHaveLength(1);
    expect(viaBundle(['validate', '第三组 样本.xlsx'], folder)).toEqual(expected);
    writeFileSync(join(cache, 'xmb', cacheFiles.find((n) => n.endsWith('.cache'))!), 'not a code cache');
    expect(viaBundle(['validate', '第三组 样本.xlsx'], folder)).toEqual(expected);
    expect(viaBundle(['validate', '第三组 样本.xlsx', '--json'], folder, { XMB_NO_CODE_CACHE: '1' })).toEqual(viaBin(['validate', '第三组 样本.xlsx', '--json'], folder));
  });

  it('holds every dependency in package.json, each under a licence that allows bundling into an MIT file', () => {
    const dependencies = Object.keys(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).dependencies);
    const bundled = new Set(bundle.packages.map((p) => p.name));
    expect(dependencies.filter((d) => !bundled.has(d))).toEqual([]);
    expect(bundle.packages.filter((p) => !licenceAllowed(p.license)).map((p) => `${p.name} ${p.license}`)).toEqual([]);
    // Nothing is left to a run-time require of a package.
    const text = readFileSync(bundle.path, 'utf8');
    // The program sits in a JSON string inside the loader, its quotes escaped.
    const required = [...text.matchAll(/require\(\\"([^"\\]+)\\"\)/g)].map((m) => m[1]!);
    expect(required.length).toBeGreaterThan(5);
    expect(required.filter((m) => !isBuiltin(m))).toEqual([]);
  });

  it('the Linux launcher runs it through a symlink on PATH', () => {
    writeFileSync(join(folder, 'xmb'), UNIX_LAUNCHER, { mode: 0o755 });
    const bin = join(work, 'bin');
    mkdirSync(bin, { recursive: true });
    symlinkSync(join(folder, 'xmb'), join(bin, 'xmb'));
    const path = `${bin}:${dirname(process.execPath)}:/usr/bin:/bin`;
    expect(run('xmb', ['--version'], work, { PATH: path })).toEqual(viaBin(['--version'], work));
  });
});

describe('licences', () => {
  it.each([
    ['MIT', true],
    ['(MIT OR GPL-3.0-or-later)', true],
    ['Apache-2.0', true],
    ['GPL-3.0', false],
    ['LGPL-2.1-or-later', false],
    ['AGPL-3.0', false],
    ['(MIT AND GPL-2.0)', false],
    ['UNKNOWN', false],
  ])('%s → %s', (expression, allowed) => {
    expect(licenceAllowed(expression)).toBe(allowed);
  });
});

describe('the Windows launcher and executable', () => {
  it('xmb.cmd has CRLF lines, runs xmb.cjs beside it quoted, passes every argument and the code page', () => {
    expect(WINDOWS_LAUNCHER.split('\r\n').length).toBeGreaterThan(3);
    expect(WINDOWS_LAUNCHER.replace(/\r\n/g, '')).not.toContain('\n');
    expect(WINDOWS_LAUNCHER).toContain('node "%~dp0xmb.cjs" %*');
    expect(WINDOWS_LAUNCHER).toContain('XMB_CODEPAGE');
    // Written in GBK, which cmd.exe on code page 936 reads.
    expect(new TextDecoder('gbk', { fatal: true }).decode(windowsLauncherBytes())).toBe(WINDOWS_LAUNCHER);
    expect(Buffer.from(windowsLauncherBytes()).equals(Buffer.from(WINDOWS_LAUNCHER, 'utf8'))).toBe(false);
  });

  it('strips an Authenticode signature from a PE file: the table goes, the directory entry is zeroed', () => {
    // A PE32+ skeleton: MZ header pointing at PE\0\0, a 240-byte optional header, then a 64-byte "certificate".
    const pe = Buffer.alloc(0x200);
    pe.write('MZ', 0, 'latin1');
    pe.writeUInt32LE(0x80, 0x3c);
    pe.write('PE\0\0', 0x80, 'latin1');
    const optional = 0x80 + 24;
    pe.writeUInt16LE(0x20b, optional);
    const security = optional + 112 + 4 * 8;
    const signed = Buffer.concat([pe, Buffer.alloc(64, 0xab)]);
    signed.writeUInt32LE(pe.length, security);
    signed.writeUInt32LE(64, security + 4);
    const stripped = stripPeSignature(signed);
    expect(stripped.length).toBe(pe.length);
    expect(stripped.readUInt32LE(security)).toBe(0);
    expect(stripped.readUInt32LE(security + 4)).toBe(0);
    expect(stripPeSignature(stripped).equals(stripped)).toBe(true);
    expect(() => stripPeSignature(Buffer.alloc(0x100))).toThrow(/not a PE/);
  });
});
