/**
 * `npm run test:dist` (issue 10's proof; slow, so not part of `npm test`): builds everything
 * `npm run dist` builds, then
 *   - runs the sample week's merge, the sample month's 月报, validate --annotate and template with
 *     xmb.cjs and with xmb-linux-x64, each copied alone into a folder with Chinese and spaces in its
 *     name (no node_modules anywhere), in a network namespace with no network when `unshare -n` is
 *     allowed, and compares what they print and write byte for byte with `node bin/xmb.js`;
 *   - installs xmb-offline-<version>.tgz into an empty prefix with an empty npm cache, --offline and a
 *     registry that does not answer, then runs xmb --help and the sample merge;
 *   - runs the sample merge with xmb-win-x64.exe under wine with `\` paths, when wine is installed;
 *   - builds the bundle and the Linux executable a second time and finds the same bytes.
 * XMB_RELEASE_DIR=dist-release reuses an existing build instead of building into a temp folder.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, cpSync, existsSync, openSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, buildExecutable, dist } from '../../scripts/dist.js';
import { REPO_ROOT } from '../support/cli.js';

const work = mkdtempSync(join(tmpdir(), 'xmb-release-'));
const out = process.env.XMB_RELEASE_DIR ? join(REPO_ROOT, process.env.XMB_RELEASE_DIR) : join(work, 'dist-release');
const version = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version as string;

beforeAll(async () => {
  if (!process.env.XMB_RELEASE_DIR) await dist(out);
}, 1_200_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `unshare -n` (a network namespace with only a loopback that is down) where this user may make one. */
const noNetwork = spawnSync('unshare', ['-n', 'true']).status === 0;
if (!noNetwork) console.log('release tests: `unshare -n` is not allowed here; the artefacts run with the network as it is');

const ENV = {
  NO_COLOR: '1',
  FORCE_COLOR: '0',
  XMB_NOW: '2022-03-21T10:00:00+08:00',
  NODE_PATH: '',
};

interface Outcome {
  steps: { args: string[]; code: number | null; stdout: string; stderr: string }[];
  /** Every file the steps wrote: path relative to the folder → SHA-256. */
  files: Record<string, string>;
}

function run(command: string, args: string[], options: SpawnSyncOptions & { isolated?: boolean }) {
  const [cmd, argv] = options.isolated && noNetwork ? ['unshare', ['-n', command, ...args]] : [command, args];
  return spawnSync(cmd, argv, { encoding: 'utf8', timeout: 600_000, ...options, env: { ...process.env, ...ENV, ...options.env } });
}

function hashes(dir: string, skip: Set<string>): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const rel = relative(dir, path).split(sep).join('/');
      if (skip.has(rel.split('/')[0]!)) continue;
      if (statSync(path).isDirectory()) walk(path);
      else files[rel] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(dir);
  return files;
}

/** A folder with the sample inbox and the sample files to validate, as a clerk's would be. */
function workspace(name: string): string {
  const dir = join(work, name, '项目办 工作');
  mkdirSync(dir, { recursive: true });
  cpSync(join(REPO_ROOT, 'fixtures', 'inbox'), join(dir, '收件 目录'), { recursive: true });
  cpSync(join(REPO_ROOT, 'fixtures', 'validate'), join(dir, '退回 样本'), { recursive: true });
  return dir;
}

const STEPS = [
  ['merge', '--week', '2022-W09', '--inbox', '收件 目录', '--out', '汇总 输出'],
  ['monthly', '--month', '2022-03', '--inbox', '收件 目录', '--out', '月报 输出'],
  ['validate', '退回 样本', '--annotate', '退回 批注'],
  ['template', '--out', '空白 模板'],
];

/** The four steps with `command prefix…`, in a fresh workspace; what they printed and wrote. */
function scenario(name: string, command: string, prefix: string[], options: { isolated?: boolean; env?: Record<string, string> } = {}): Outcome {
  const dir = workspace(name);
  const steps = STEPS.map((args) => {
    const r = run(command, [...prefix, ...args], { cwd: dir, ...options });
    // monthly prints the absolute path it wrote: the same relative to each workspace.
    const local = (text: unknown) => String(text).replaceAll(dir, '<工作目录>');
    return { args, code: r.status, stdout: local(r.stdout), stderr: local(r.stderr) };
  });
  return { steps, files: hashes(dir, new Set(['收件 目录', '退回 样本', ...readdirSync(dir).filter((n) => !/输出|批注|模板/.test(n))])) };
}

let reference: Outcome;
function expected(): Outcome {
  reference ??= scenario('bin', process.execPath, [join(REPO_ROOT, 'bin', 'xmb.js')]);
  return reference;
}

describe('the artefacts run the sample week and month alone, byte for byte as bin/xmb.js', () => {
  it('the reference run writes what the steps should write', () => {
    const ref = expected();
    expect(ref.steps.map((s) => s.code)).toEqual([0, 0, 1, 0]);
    const files = Object.keys(ref.files);
    expect(files.filter((f) => f.startsWith('汇总 输出/'))).toHaveLength(3);
    expect(files.filter((f) => f.startsWith('月报 输出/') && f.endsWith('.docx'))).toHaveLength(1);
    expect(files.filter((f) => f.startsWith('退回 批注/')).length).toBeGreaterThan(5);
    expect(files.filter((f) => f.startsWith('空白 模板/'))).toHaveLength(5);
  });

  it.each([
    ['xmb.cjs under this Node', 'xmb.cjs'],
    ['xmb-linux-x64 (Node embedded)', 'xmb-linux-x64'],
  ])('%s', (_label, artefact) => {
    const alone = join(work, `${artefact} 单独`);
    mkdirSync(alone, { recursive: true });
    cpSync(join(out, artefact), join(alone, artefact));
    const [command, prefix] = artefact.endsWith('.cjs') ? [process.execPath, [join(alone, artefact)]] : [join(alone, artefact), []];
    const cache = join(work, `${artefact}-cache`);
    const got = scenario(artefact, command, prefix as string[], { isolated: true, env: { XDG_CACHE_HOME: cache } });
    expect(got).toEqual(expected());
    // A second run, with the code cache the first left, is the same again.
    expect(readdirSync(join(cache, 'xmb')).some((n) => n.endsWith('.cache'))).toBe(true);
    const again = run(command, [...(prefix as string[]), '--version'], { cwd: alone, isolated: true, env: { XDG_CACHE_HOME: cache } });
    expect(String(again.stdout).trim()).toBe(version);
  });
});

describe('xmb-offline-<version>.tgz', () => {
  it('installs with no registry and no cache, then runs --help and the sample merge', () => {
    const prefix = join(work, 'npm 前缀');
    const cache = join(work, 'npm-cache-empty');
    mkdirSync(cache, { recursive: true });
    const install = run('npm', ['install', '-g', join(out, `xmb-offline-${version}.tgz`), '--prefix', prefix, '--cache', cache, '--offline', '--no-audit', '--no-fund'], {
      cwd: work,
      isolated: true,
      env: { npm_config_registry: 'http://127.0.0.1:9/' },
    });
    expect(install.status, String(install.stderr)).toBe(0);
    const xmb = join(prefix, 'bin', 'xmb');
    const help = run(xmb, ['--help'], { cwd: work, env: { PATH: `${join(prefix, 'bin')}:${process.env.PATH}` } });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^用法： xmb/);
    const dir = workspace('offline');
    const merge = run(xmb, STEPS[0]!, { cwd: dir, isolated: true });
    expect(merge.stdout).toBe(expected().steps[0]!.stdout);
    const written = hashes(dir, new Set(['收件 目录', '退回 样本']));
    expect(written).toEqual(Object.fromEntries(Object.entries(expected().files).filter(([f]) => f.startsWith('汇总 输出/'))));
  });
});

const wine = ['wine', 'wine64', '/usr/lib/wine/wine64'].find((w) => spawnSync(w, ['--version']).status === 0);
if (!wine) console.log('release tests: the Windows executable is not run (wine is not installed: apt-get install wine64)');

describe('xmb-win-x64.exe', () => {
  it.skipIf(!wine)('runs the sample merge under wine with \\ paths, writing the same workbooks', () => {
    const prefix = join(work, 'wine-prefix');
    const env = { WINEPREFIX: prefix, WINEDEBUG: '-all' };
    // Node.js refuses Windows versions before 8.1; a fresh prefix may claim an older one.
    run(wine!, ['winecfg', '/v', 'win10'], { cwd: work, env });
    const dir = workspace('wine');
    cpSync(join(out, 'xmb-win-x64.exe'), join(dir, 'xmb-win-x64.exe'));
    // Node.js under wine cannot write to a Linux pipe (EBADF): its output goes to a file.
    const log = join(work, 'wine-merge.txt');
    const fd = openSync(log, 'w');
    const r = run(wine!, ['xmb-win-x64.exe', 'merge', '--week', '2022-W09', '--inbox', '收件 目录', '--out', '汇总 输出\\本周'], {
      cwd: dir,
      env,
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    const printed = readFileSync(log, 'utf8');
    expect(r.status, printed).toBe(0);
    expect(printed).toContain('汇总 输出\\本周\\2022年第09周_进度滞后项目_肖磊.xlsx');
    const written = hashes(join(dir, '汇总 输出', '本周'), new Set());
    const want = Object.fromEntries(
      Object.entries(expected().files)
        .filter(([f]) => f.startsWith('汇总 输出/'))
        .map(([f, h]) => [f.slice('汇总 输出/'.length), h]),
    );
    expect(written).toEqual(want);
  });
});

describe('reproducible', () => {
  it('a second build of xmb.cjs and of xmb-linux-x64 gives the same bytes', async () => {
    const again = join(work, 'again');
    const bundle = await buildBundle(join(again, 'xmb.cjs'));
    expect(readFileSync(bundle.path).equals(readFileSync(join(out, 'xmb.cjs')))).toBe(true);
    await buildExecutable(bundle.path, 'linux', join(again, 'xmb-linux-x64'));
    const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
    expect(sha(join(again, 'xmb-linux-x64'))).toBe(sha(join(out, 'xmb-linux-x64')));
    expect(existsSync(join(out, 'SHA256SUMS.txt'))).toBe(true);
  });
});
