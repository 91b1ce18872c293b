/**
 * `npm run bench:startup`: how long xmb takes to start, against the floor `node -e 0` measured in
 * the same run (issue 9 item 1: --help, --version and a usage error ≤ 1.5× the floor).
 *
 * Each case is a whole process (spawned, waited for), the cases taking turns round after round so a
 * busy machine slows them alike; the figure is the median wall time. Besides `node bin/xmb.js`, the
 * artefacts of `npm run dist` are timed when dist-release/ has them (xmb.cjs under this Node, the
 * Linux single executable), with the ES modules each xmb case loads counted once.
 *
 *   npm run bench:startup                 11 rounds
 *   npm run bench:startup -- --runs 25    more rounds
 *   npm run bench:startup -- --json       the figures as JSON (for scripts/bench.ts)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TARGET = 1.5;

interface Case {
  name: string;
  command: string;
  args: string[];
  /** Held to TARGET × the floor. */
  target: boolean;
}

export interface StartupFigure {
  name: string;
  medianMs: number;
  ratio: number;
  target: number | null;
  pass: boolean | null;
  modules: number | null;
}

function cases(): Case[] {
  const bin = join(ROOT, 'bin', 'xmb.js');
  const list: Case[] = [
    { name: 'node -e 0（基准）', command: process.execPath, args: ['-e', '0'], target: false },
    { name: 'node bin/xmb.js --help', command: process.execPath, args: [bin, '--help'], target: true },
    { name: 'node bin/xmb.js --version', command: process.execPath, args: [bin, '--version'], target: true },
    { name: 'node bin/xmb.js mergee（用法错误）', command: process.execPath, args: [bin, 'mergee'], target: true },
    { name: 'node bin/xmb.js validate --help', command: process.execPath, args: [bin, 'validate', '--help'], target: false },
  ];
  const bundle = join(ROOT, 'dist-release', 'xmb.cjs');
  if (existsSync(bundle)) {
    list.push({ name: 'node dist-release/xmb.cjs --help', command: process.execPath, args: [bundle, '--help'], target: false });
    list.push({ name: 'node dist-release/xmb.cjs --version', command: process.execPath, args: [bundle, '--version'], target: false });
  }
  const linux = join(ROOT, 'dist-release', 'xmb-linux-x64');
  if (process.platform === 'linux' && existsSync(linux)) {
    list.push({ name: 'dist-release/xmb-linux-x64 --help', command: linux, args: ['--help'], target: false });
    list.push({ name: 'dist-release/xmb-linux-x64 --version', command: linux, args: ['--version'], target: false });
  }
  return list;
}

function time(c: Case): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(c.command, c.args, { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.error) throw run.error;
  return ms;
}

/** How many ES modules a `node bin/xmb.js …` case loads (a module.register load hook lists them). */
function moduleCount(c: Case, dir: string): number | null {
  if (c.command !== process.execPath || !c.args[0]?.endsWith('xmb.js')) return null;
  const out = join(dir, 'loaded.txt');
  const hooks = join(dir, 'hooks.mjs');
  const entry = join(dir, 'register.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';\n` +
      `export async function load(url, context, next) { appendFileSync(${JSON.stringify(out)}, url + '\\n'); return next(url, context); }\n`,
  );
  writeFileSync(entry, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  rmSync(out, { force: true });
  spawnSync(c.command, ['--import', pathToFileURL(entry).href, ...c.args], { stdio: 'ignore' });
  if (!existsSync(out)) return null;
  return new Set(readFileSync(out, 'utf8').split('\n').filter((u) => u.startsWith('file:'))).size;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Times every case `runs` times in turn; returns one figure per case. */
export function measureStartup(runs: number): StartupFigure[] {
  const list = cases();
  const times = list.map(() => [] as number[]);
  for (const c of list) time(c); // warm the file cache once
  for (let r = 0; r < runs; r++) for (const [i, c] of list.entries()) times[i]!.push(time(c));
  const dir = mkdtempSync(join(tmpdir(), 'xmb-bench-startup-'));
  try {
    const floor = median(times[0]!);
    return list.map((c, i) => {
      const m = median(times[i]!);
      const ratio = m / floor;
      return {
        name: c.name,
        medianMs: Math.round(m),
        ratio: Math.round(ratio * 100) / 100,
        target: c.target ? TARGET : null,
        pass: c.target ? ratio <= TARGET : null,
        modules: moduleCount(c, dir),
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Math.max(1, Number(args[runsAt + 1]) || 11) : 11;
  const figures = measureStartup(runs);
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ node: process.version, runs, figures }, null, 2)}\n`);
    return;
  }
  console.log(`启动时间（Node ${process.version}，${runs} 轮中位数，墙钟时间；目标：≤ ${TARGET}× node -e 0）`);
  const width = Math.max(...figures.map((f) => f.name.length)) + 4;
  console.log(`${'命令'.padEnd(width)}${'中位数'.padStart(8)}${'倍数'.padStart(8)}${'模块'.padStart(6)}  目标`);
  for (const f of figures) {
    const verdict = f.pass === null ? '' : f.pass ? `≤ ${f.target}× 达到` : `≤ ${f.target}× 未达到`;
    console.log(
      `${f.name.padEnd(width)}${`${f.medianMs} ms`.padStart(8)}${`${f.ratio.toFixed(2)}×`.padStart(8)}${String(f.modules ?? '').padStart(6)}  ${verdict}`,
    );
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
