/**
 * `npm run bench` (issue 9): one table of what clerks wait for, measured in one run, every figure
 * from a fresh process of the compiled command (`node bin/xmb.js …`, built first):
 *
 * - start-up: `xmb --version` and `xmb --help` against `node -e 0`            target ≤ 1.5× (wall)
 * - the floor: a bare fflate unzip + saxes SAX pass over a sheet (scripts/bench/floor.mjs), and
 *   `xmb validate` on the same sheet, at 20,000 rows and at the largest size the reader accepts
 *                                                                              target ≤ 1.3× (CPU)
 *   and the peak RSS of validate at the largest size                           target ≤ 250 MB
 * - a year's archive (3,328 files: 16 groups × 52 weeks × 4): `status --year 2022`,
 *   `monthly --month 2022-12`, `merge --week 2022-W52`, cold (result cache deleted)  target ≤ 15 s
 *   and warm (nothing changed)                                                  target ≤ 2 s (wall)
 *   — each warm output is checked to be byte-identical to the cold one.
 * - for reference, without targets: a 200-row district file, two reader traps, a zip bomb and the
 *   hostile files of scripts/hostile.ts.
 *
 * The files are made by the project's fixture generator (scripts/fixtures/) into tmp/bench/ and
 * reused by later runs while the generator, the schema and the reader's limits are unchanged
 * (the year takes minutes to write). CPU time and peak RSS are each process's own
 * (process.resourceUsage() at exit, scripts/bench/usage.mjs); wall time is measured around the
 * process by a small launcher (scripts/bench/launch.mjs: started from this big process, a child's
 * peak RSS would begin at ours). Figures are medians (peak RSS: the largest).
 *
 *   npm run bench                    all, 3 runs per figure (start-up 5, cold year runs 1)
 *   npm run bench -- --runs 5        more runs
 *   npm run bench -- --cold-runs 3   more cold runs of the year
 *   npm run bench -- --fresh         generate every file again
 *   npm run bench -- --no-year       leave the year's archive out (start-up and sheets only)
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpus, loadavg, totalmem, release, type as osType } from 'node:os';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bookWithRawSheet, deflateBomb } from '../test/reader/helpers.js';
import { districtFile, largestAcceptedRows, refusedRows, withTrap } from './fixtures/bench-sheets.js';
import { writeYearInbox } from './fixtures/year.js';
import { lyingPart, lyingSizes, manyHyperlinks, manyMerges } from './hostile.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BENCH = join(ROOT, 'tmp', 'bench');
const BIN = join(ROOT, 'bin', 'xmb.js');
const USAGE = pathToFileURL(join(ROOT, 'scripts', 'bench', 'usage.mjs')).href;
const FLOOR = join(ROOT, 'scripts', 'bench', 'floor.mjs');
const LAUNCH = join(ROOT, 'scripts', 'bench', 'launch.mjs');
const NOW = '2023-01-10T10:00:00+08:00';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  return Number.isInteger(value) && value > 0 ? value : fallback;
};
const RUNS = option('--runs', 3);
const NO_YEAR = args.includes('--no-year');
const STARTUP_RUNS = Math.max(RUNS, 5);
const COLD_RUNS = option('--cold-runs', 1);

const log = (text: string) => process.stderr.write(`${text}\n`);

// ---------------------------------------------------------------------------------------------
// Files

/** What generated files depend on: the fixture generator (less `leaveOut`), the schema and the roster, and `extra`. */
function generatorStamp(extra: string[], leaveOut: string[] = []): string {
  const hash = createHash('sha256');
  const inputs = [
    ...readdirSync(join(ROOT, 'scripts', 'fixtures'))
      .filter((f) => !leaveOut.includes(f))
      .map((f) => join('scripts', 'fixtures', f)),
    'src/schema/kinds.ts',
    'src/config/defaults.ts',
    ...extra,
  ].sort();
  for (const f of inputs) hash.update(`${f}\u0000`).update(readFileSync(join(ROOT, f)));
  return hash.digest('hex');
}

/** Whether `files` were made from inputs with this stamp (kept in `stampFile`); --fresh says no. */
function upToDate(stampFile: string, stamp: string, files: string[]): boolean {
  return !args.includes('--fresh') && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp && files.every((f) => existsSync(f));
}

interface Files {
  small: string;
  large: string;
  largest: string;
  largestRows: number;
  tooLong: string;
  tooLongRows: number;
  traps: { label: string; file: string }[];
  year: string;
  reused: boolean;
}

async function prepareFiles(): Promise<Files> {
  const largestRows = largestAcceptedRows();
  const files: Files = {
    small: join(BENCH, 'district-200.xlsx'),
    large: join(BENCH, 'district-20000.xlsx'),
    largest: join(BENCH, `district-${largestRows}.xlsx`),
    largestRows,
    tooLong: join(BENCH, `district-${refusedRows()}.xlsx`),
    tooLongRows: refusedRows(),
    traps: [
      { label: '整列数据验证 A5:K1048576', file: join(BENCH, 'trap-whole-column-validation.xlsx') },
      { label: '整张表合并 A1:XFD1048576', file: join(BENCH, 'trap-whole-sheet-merge.xlsx') },
      { label: '解压后 300 MB、声明大小作假的压缩包', file: join(BENCH, 'bomb-300MB-lying.xlsx') },
      // The hostile files of scripts/hostile.ts (issue 7): refused or read within their bounds.
      { label: '1 KB 的部件声明 100 MB', file: join(BENCH, 'hostile-part-1KB-declared-100MB.xlsx') },
      { label: '每个部件的大小都作假', file: join(BENCH, 'hostile-every-part-lies.xlsx') },
      { label: '20 万个整表超链接', file: join(BENCH, 'hostile-200000-whole-sheet-links.xlsx') },
      { label: '10 万个整表合并', file: join(BENCH, 'hostile-100000-whole-sheet-merges.xlsx') },
    ],
    year: join(BENCH, 'year-2022'),
    reused: false,
  };
  mkdirSync(BENCH, { recursive: true });
  // The sheets (defined here, sized by the reader's limits) and the year (the generator alone) are
  // reused separately: the year takes minutes to write.
  const sheetsStamp = generatorStamp(['src/reader/limits.ts', 'scripts/hostile.ts']);
  const sheetFiles = [files.small, files.large, files.largest, files.tooLong, ...files.traps.map((t) => t.file)];
  const sheetsReused = upToDate(join(BENCH, 'sheets.stamp'), sheetsStamp, sheetFiles);
  if (!sheetsReused) {
    log('生成表格（scripts/fixtures/ 的生成器）…');
    for (const f of readdirSync(BENCH)) if (f.endsWith('.xlsx')) rmSync(join(BENCH, f));
    await districtFile(files.small, 200);
    await districtFile(files.large, 20_000);
    log(`  ${largestRows} 行的表…`);
    await districtFile(files.largest, largestRows);
    log(`  ${files.tooLongRows} 行的表（超过行数上限）…`);
    await districtFile(files.tooLong, files.tooLongRows);
    withTrap(
      files.small,
      files.traps[0]!.file,
      '<dataValidations count="1"><dataValidation type="list" allowBlank="1" sqref="A5:K1048576"><formula1>"高新区,中原区"</formula1></dataValidation></dataValidations>',
    );
    withTrap(files.small, files.traps[1]!.file, '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>');
    writeFileSync(files.traps[2]!.file, bookWithRawSheet(deflateBomb(300, '<worksheet><sheetData>'), 1000));
    writeFileSync(files.traps[3]!.file, lyingPart(100));
    writeFileSync(files.traps[4]!.file, lyingSizes());
    writeFileSync(files.traps[5]!.file, manyHyperlinks(200_000));
    writeFileSync(files.traps[6]!.file, manyMerges(100_000));
    writeFileSync(join(BENCH, 'sheets.stamp'), sheetsStamp);
  }
  const yearStamp = generatorStamp([], ['bench-sheets.ts']);
  const yearReused = NO_YEAR || upToDate(join(BENCH, 'year.stamp'), yearStamp, [join(files.year, '收件登记.jsonl')]);
  if (!yearReused) {
    log('生成一年的收件（16 组 × 52 周 × 4 个文件，scripts/fixtures/year.ts）…');
    rmSync(files.year, { recursive: true, force: true });
    await writeYearInbox(files.year, {
      progress: (done, total) => {
        if (done % 416 === 0 || done === total) log(`    ${done}/${total}`);
      },
    });
    writeFileSync(join(BENCH, 'year.stamp'), yearStamp);
  }
  files.reused = sheetsReused && yearReused;
  return files;
}

// ---------------------------------------------------------------------------------------------
// Measuring

interface Sample {
  wallMs: number;
  cpuMs: number;
  rssMb: number;
  code: number | null;
  stdout: string;
}

function runOnce(argv: string[], env: Record<string, string> = {}): Sample {
  const usage = join(BENCH, 'usage.json');
  const result = join(BENCH, 'launch.json');
  const stdout = join(BENCH, 'stdout.txt');
  for (const f of [usage, result, stdout]) rmSync(f, { force: true });
  spawnSync(process.execPath, [LAUNCH, stdout, result, '--import', USAGE, ...argv], {
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env, XMB_BENCH_USAGE: usage },
    stdio: 'ignore',
  });
  let launched: { wallMs: number; code: number | null; stderr: string } = { wallMs: Number.NaN, code: null, stderr: '' };
  let cpuMs = Number.NaN;
  let rssMb = Number.NaN;
  try {
    launched = JSON.parse(readFileSync(result, 'utf8'));
    const u = JSON.parse(readFileSync(usage, 'utf8')) as { cpuMs: number; maxRssKb: number };
    cpuMs = u.cpuMs;
    rssMb = u.maxRssKb / 1024;
  } catch {
    // the process died before its exit handler: the figures stay NaN and the row says so
  }
  if (launched.code !== 0 && launched.code !== 1) log(`  ! ${argv.slice(1).join(' ')}: exit ${launched.code} ${launched.stderr.split('\n')[0] ?? ''}`);
  return { wallMs: launched.wallMs, cpuMs, rssMb, code: launched.code, stdout: existsSync(stdout) ? readFileSync(stdout, 'utf8') : '' };
}

const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

interface Figure {
  runs: number;
  wallMs: number;
  cpuMs: number;
  rssMb: number;
  samples: Sample[];
}

function measure(label: string, runs: number, argv: string[], options: { env?: Record<string, string>; before?: () => void } = {}): Figure {
  log(`  ${label}（${runs} 次）`);
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    options.before?.();
    samples.push(runOnce(argv, options.env));
  }
  return {
    runs,
    wallMs: median(samples.map((s) => s.wallMs)),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    rssMb: Math.max(...samples.map((s) => s.rssMb)),
    samples,
  };
}

interface Row {
  what: string;
  figure: Figure;
  against?: string;
  ratio?: number;
  basis?: '墙钟' | 'CPU';
  target?: string;
  pass?: boolean;
  note?: string;
}

const xmb = (...rest: string[]) => [BIN, ...rest];
const seconds = (ms: number) => (Number.isNaN(ms) ? '—' : ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(1)} s`);
const mb = (value: number) => (Number.isNaN(value) ? '—' : `${Math.round(value)} MB`);
const verdict = (pass: boolean | undefined) => (pass === undefined ? '' : pass ? '达标' : '未达标');

function compare(what: string, figure: Figure, base: Figure, baseName: string, basis: '墙钟' | 'CPU', limit: number): Row {
  const ratio = basis === 'CPU' ? figure.cpuMs / base.cpuMs : figure.wallMs / base.wallMs;
  return { what, figure, against: baseName, ratio, basis, target: `≤ ${limit}×（${basis}）`, pass: ratio <= limit };
}

function validateNote(s: Sample, rows: number): string | undefined {
  try {
    const json = JSON.parse(s.stdout) as { results: { kind: string | null; rows: number; issues: { code: string }[] }[] };
    const table = json.results[0];
    if (!table || table.kind === null) return `未读出表格（${table?.issues[0]?.code ?? '无结果'}）：不是“可接受”的大小`;
    if (table.rows !== rows) return `读出 ${table.rows} 行（应为 ${rows}）`;
    return undefined;
  } catch {
    return '输出不是 JSON';
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadBefore = loadavg();
  log('编译 dist/（npm run build）…');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const build = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) log(`  tsc 报告了类型错误（见 npm run typecheck），测的是它输出的代码`);
  const files = await prepareFiles();
  if (files.reused) log('复用 tmp/bench/ 中上次生成的文件（生成器、表样和读取限制都没有变；--fresh 重新生成）');
  rmSync(join(BENCH, 'out'), { recursive: true, force: true });
  const rows: Row[] = [];

  log('启动');
  const node0 = measure('node -e 0', STARTUP_RUNS, ['-e', '0']);
  rows.push({ what: '`node -e 0`（对照）', figure: node0 });
  rows.push(compare('`xmb --version`', measure('xmb --version', STARTUP_RUNS, xmb('--version')), node0, '`node -e 0`', '墙钟', 1.5));
  rows.push(compare('`xmb --help`', measure('xmb --help', STARTUP_RUNS, xmb('--help')), node0, '`node -e 0`', '墙钟', 1.5));

  log('读表：地板与 validate');
  for (const [what, file, count] of [
    ['20,000 行', files.large, 20_000],
    [`${files.largestRows.toLocaleString('en-US')} 行（可接受的最大）`, files.largest, files.largestRows],
  ] as const) {
    const size = `${(statSync(file).size / 1024 / 1024).toFixed(1)} MB`;
    const floor = measure(`地板 ${what}`, RUNS, [FLOOR, file]);
    rows.push({ what: `地板：fflate 解压 + saxes 解析，${what}（${size}）`, figure: floor });
    const validate = measure(`validate ${what}`, RUNS, xmb('validate', '--json', file));
    const row = compare(`\`validate\` ${what}`, validate, floor, '地板', 'CPU', 1.3);
    row.note = validateNote(validate.samples[0]!, count);
    rows.push(row);
    if (file === files.largest)
      rows.push({ what: `\`validate\` ${what}的峰值内存`, figure: validate, target: '≤ 250 MB', pass: validate.rssMb <= 250 });
  }
  {
    // Past the row limit: refused (file-too-large) from the sheet's <dimension> and a row count, before any cell is parsed.
    const what = `${files.tooLongRows.toLocaleString('en-US')} 行（超过行数上限，拒收）`;
    const refused = measure(`validate ${what}`, RUNS, xmb('validate', '--json', files.tooLong));
    let note: string | undefined;
    try {
      const json = JSON.parse(refused.samples[0]!.stdout) as { results: { issues: { code: string }[] }[] };
      const code = json.results[0]?.issues[0]?.code;
      if (code !== 'file-too-large') note = `没有拒收（${code ?? '无结果'}）`;
    } catch {
      note = '输出不是 JSON';
    }
    // “in ≤ 1 s”: judged on the process's CPU time, as the other reading rows are (the machine is shared).
    rows.push({ what: `\`validate\` ${what}`, figure: refused, target: '≤ 1 s（CPU）', pass: refused.cpuMs <= 1000 && note === undefined, note });
  }
  rows.push({ what: '`validate` 200 行区县表（参考）', figure: measure('validate 200', RUNS, xmb('validate', '--json', files.small)) });
  for (const trap of files.traps) rows.push({ what: `\`validate\` ${trap.label}（参考）`, figure: measure(trap.label, RUNS, xmb('validate', '--json', trap.file)) });

  log('一年的收件（3,328 个文件）');
  const out = join(BENCH, 'out');
  const cache = join(files.year, '.xmb-cache');
  const env = { XMB_NOW: NOW };
  const commands: [string, string[]][] = [
    ['`status --year 2022`', xmb('status', '--year', '2022', '--inbox', files.year)],
    ['`monthly --month 2022-12`', xmb('monthly', '--month', '2022-12', '--inbox', files.year, '--out', out, '--force')],
    ['`merge --week 2022-W52`', xmb('merge', '--week', '2022-W52', '--inbox', files.year, '--out', out, '--force')],
  ];
  for (const [what, argv] of NO_YEAR ? [] : commands) {
    const cold = measure(`${what} 冷`, COLD_RUNS, argv, { env, before: () => rmSync(cache, { recursive: true, force: true }) });
    const coldOutputs = outputsOf(cold.samples[0]!, out);
    const warm = measure(`${what} 热`, RUNS, argv, { env });
    const same = warm.samples.every((s) => outputsOf(s, out) === coldOutputs);
    rows.push({ what: `${what} 冷（无缓存）`, figure: cold, target: '≤ 15 s（墙钟）', pass: cold.wallMs <= 15_000 });
    rows.push({
      what: `${what} 热（无变化）`,
      figure: warm,
      target: '≤ 2 s（墙钟）',
      pass: warm.wallMs <= 2_000,
      note: same ? '输出与冷运行逐字节相同' : '输出与冷运行不同！',
    });
  }
  const loadAfter = loadavg();

  // ---- the table
  const lines: string[] = [];
  lines.push(`| 测的是什么 | 次数 | 墙钟（中位） | CPU（中位） | 峰值内存 | 对照 | 比值 | 目标 | 结论 |`);
  lines.push(`|---|---|---|---|---|---|---|---|---|`);
  for (const r of rows) {
    const what = r.note ? `${r.what}：${r.note}` : r.what;
    lines.push(
      `| ${what} | ${r.figure.runs} | ${seconds(r.figure.wallMs)} | ${seconds(r.figure.cpuMs)} | ${mb(r.figure.rssMb)} | ${r.against ?? ''} | ${r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`} | ${r.target ?? ''} | ${verdict(r.pass)} |`,
    );
  }
  const cpu = cpus();
  const machine =
    `本机：${cpu[0]?.model.trim() ?? '?'} × ${cpu.length} 核，内存 ${Math.round(totalmem() / 1024 ** 3)} GB，${osType()} ${release()}，Node.js ${process.version}；` +
    `负载（1/5/15 分钟平均）开始时 ${loadBefore.map((x) => x.toFixed(1)).join('/')}，结束时 ${loadAfter.map((x) => x.toFixed(1)).join('/')}` +
    (Math.max(loadBefore[0]!, loadAfter[0]!) > cpu.length ? '——机器同时在跑别的任务（负载高于核数），墙钟时间偏长，比值比绝对时间可信' : '');
  process.stdout.write(
    [
      `npm run bench（${new Date(started).toISOString().slice(0, 16).replace('T', ' ')} UTC，用时 ${Math.round((Date.now() - started) / 60_000)} 分钟）`,
      machine,
      '每个数字来自一个独立进程（node bin/xmb.js，编译后的代码）；CPU 与峰值内存是该进程自己的（含 Node.js 本身约 40–80 MB）；“冷”运行前删除收件目录的 .xmb-cache/。',
      '',
      ...lines,
      '',
    ].join('\n'),
  );
}

/** A run's stdout and the bytes of what it wrote to `out` (for comparing cold and warm runs). */
function outputsOf(sample: Sample, out: string): string {
  const hash = createHash('sha256').update(sample.stdout);
  if (existsSync(out))
    for (const f of readdirSync(out).sort()) {
      const full = join(out, f);
      if (statSync(full).isFile()) hash.update(`\u0000${f}\u0000`).update(readFileSync(full));
    }
  return hash.digest('hex');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
