/**
 * `npm run bench`: times readWorkbook (our fflate + saxes engine) and, for comparison, the exceljs
 * engine on district-like files of 200 and 20,000 rows generated with exceljs into a temp folder,
 * plus two traps (a whole-column data validation, a whole-sheet merge) for our engine only, and a
 * 300 MB zip bomb. Each (engine, file) runs in its own child process, so its peak RSS is its own.
 * Prints medians of several runs.
 *
 * Then the whole commands a clerk runs (validate on those files and on fixtures/validate, the Friday
 * merge of the sample week, the monthly report of the sample month), each in its own process too.
 *
 *   npm run bench               all
 *   npm run bench -- --quick    fewer runs, no exceljs on the 20,000-row file
 *   npm run bench -- --keep     keep the generated files (their folder is printed)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync, strToU8, unzipSync } from 'fflate';
import { bookWithRawSheet, deflateBomb } from '../test/reader/helpers.js';
import { bigDistrictTable, lyingPart, lyingSizes, manyHyperlinks, manyMerges } from './hostile.js';

type Engine = 'xmb' | 'exceljs';

async function childMain(engine: Engine, file: string, runs: number): Promise<void> {
  const times: number[] = [];
  let summary = '';
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const outcome =
      engine === 'xmb'
        ? await (await import('../src/reader/index.js')).readWorkbook(file, { convert: false })
        : await (await import('../src/reader/exceljs-engine.js')).readWorkbookWithExceljs(file);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    summary = outcome.ok
      ? `ok, ${outcome.workbook.sheets.reduce((n, s) => n + s.rows.filter(Boolean).length, 0)} rows`
      : `${outcome.code}`;
  }
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ times, peakRssMb, summary }));
}

/** Runs one xmb command line in this process (its output discarded) and reports time and peak RSS. */
async function childCommand(argv: string[]): Promise<void> {
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  const start = process.hrtime.bigint();
  const { main } = await import('../src/cli.js');
  const code = await main(['node', 'xmb', ...argv]);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  process.stdout.write = write;
  process.stdout.write(JSON.stringify({ times: [ms], peakRssMb: process.resourceUsage().maxRSS / 1024, summary: `exit ${code}` }));
}

const COLUMNS = ['序号', '项目名称', '项目概况', '起止年限\n(年月-年月)', '总投资\n（万元）', '年度计划投资\n（万元）', '截至完成投资\n（万元）', '进展情况', '存在问题及涉及单位', '协调解决情况', '所在区(县)'];

async function districtFile(path: string, rows: number): Promise<void> {
  const ExcelJS = (await import('exceljs')).default;
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('进度滞后项目');
  ws.mergeCells('A1:K1');
  ws.getCell('A1').value = '进度滞后的省市重点项目进展情况统计表';
  ws.getCell('A2').value = '填表日期：';
  ws.getCell('B2').value = new Date(Date.UTC(2022, 2, 4));
  ws.getCell('B2').numFmt = 'yyyy"年"m"月"d"日"';
  ws.getCell('H2').value = '报送单位：第三组（高新区）';
  ws.getRow(3).values = COLUMNS;
  for (let i = 0; i < rows; i++) {
    const r = ws.getRow(4 + i);
    r.values = [
      i + 1,
      `高新区第${i + 1}号重点项目（道路、管网及配套工程）`,
      `新建道路 ${(i % 9) + 1} 公里，配套雨污水管网、照明及绿化工程，总建筑面积约 ${(i % 50) + 10} 万平方米`,
      `2021.${String((i % 12) + 1).padStart(2, '0')}-2023.12`,
      48000 + i,
      12000 + (i % 1000),
      8000 + (i % 500),
      '主体结构施工中，已完成投资约六成，正在进行管网铺设和路面基层施工',
      i % 3 === 0 ? '征地拆迁尚未完成，涉及区自然资源局、街道办事处' : '资金拨付滞后，涉及区财政局',
      '已召开专题协调会，明确责任单位和完成时限',
      '高新区',
    ];
    for (const c of [5, 6, 7]) r.getCell(c).numFmt = '#,##0';
  }
  ws.getCell(`A${rows + 4}`).value = '合计';
  ws.getCell(`E${rows + 4}`).value = { formula: `SUM(E4:E${rows + 3})`, result: 0 };
  ws.getCell(`A${rows + 6}`).value = '填表人：张三　　联系电话：0371-12345678';
  await workbook.xlsx.writeFile(path);
}

/** The 200-row file with a trap added to its sheet XML (hand-edited, as exceljs would expand it). */
function withTrap(source: string, target: string, trap: string): void {
  const files = unzipSync(new Uint8Array(readFileSync(source)));
  const sheetName = Object.keys(files).find((n) => /worksheets\/sheet1\.xml$/i.test(n)) as string;
  let xml = new TextDecoder().decode(files[sheetName]);
  xml = xml.replace(/<\/worksheet>\s*$/, `${trap}</worksheet>`);
  if (trap.startsWith('<mergeCells')) xml = xml.replace(/<mergeCells[^>]*>.*?<\/mergeCells>/s, '');
  files[sheetName] = strToU8(xml);
  writeFileSync(target, zipSync(files));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

type ChildResult = { times: number[]; peakRssMb: number; summary: string } | { error: string };

function runChild(engine: Engine, file: string, runs: number): ChildResult {
  return spawnChild(['--child', engine, file, String(runs)]);
}

function spawnChild(args: string[]): ChildResult {
  const script = fileURLToPath(import.meta.url);
  const result = spawnSync(process.execPath, [...process.execArgv, script, ...args], {
    encoding: 'utf8',
    timeout: 600_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status !== 0) return { error: (result.error?.message ?? result.stderr.split('\n').find((l) => /Error|heap/i.test(l)) ?? `exit ${result.status}`).slice(0, 60) };
  try {
    return JSON.parse(result.stdout.slice(result.stdout.lastIndexOf('{"times"')));
  } catch {
    return { error: 'no result' };
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child-command') {
    await childCommand(JSON.parse(args[1] as string) as string[]);
    return;
  }
  if (args[0] === '--child') {
    await childMain(args[1] as Engine, args[2] as string, Number(args[3] ?? 5));
    return;
  }
  const quick = args.includes('--quick');
  const runs = quick ? 3 : 5;
  const dir = mkdtempSync(join(tmpdir(), 'xmb-bench-'));
  try {
    const small = join(dir, 'district-200.xlsx');
    const large = join(dir, 'district-20000.xlsx');
    await districtFile(small, 200);
    await districtFile(large, 20_000);
    const dv = join(dir, 'trap-whole-column-validation.xlsx');
    withTrap(small, dv, '<dataValidations count="1"><dataValidation type="list" allowBlank="1" sqref="A5:K1048576"><formula1>"高新区,中原区"</formula1></dataValidation></dataValidations>');
    const merge = join(dir, 'trap-whole-sheet-merge.xlsx');
    withTrap(small, merge, '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>');

    const bomb = join(dir, 'bomb-300MB-lying.xlsx');
    writeFileSync(bomb, bookWithRawSheet(deflateBomb(300, '<worksheet><sheetData>'), 1000));

    // The hostile files of scripts/hostile.ts (issue 7): refused or read within their bounds.
    const hostile: [string, Uint8Array][] = [
      ['hostile-part-1KB-declared-100MB.xlsx', lyingPart(100)],
      ['hostile-every-part-lies.xlsx', lyingSizes()],
      ['hostile-200000-whole-sheet-links.xlsx', manyHyperlinks(200_000)],
      ['hostile-100000-whole-sheet-merges.xlsx', manyMerges(100_000)],
      ['district-27000-at-the-cell-cap.xlsx', bigDistrictTable(27_000)],
    ];
    for (const [name, bytes] of hostile) writeFileSync(join(dir, name), bytes);

    const cases: { file: string; engines: Engine[] }[] = [
      { file: small, engines: ['xmb', 'exceljs'] },
      { file: large, engines: quick ? ['xmb'] : ['xmb', 'exceljs'] },
      { file: dv, engines: ['xmb'] },
      { file: merge, engines: ['xmb'] },
      { file: bomb, engines: ['xmb'] },
      ...hostile.map(([name]) => ({ file: join(dir, name), engines: ['xmb'] as Engine[] })),
    ];
    console.log(`readWorkbook bench — ${runs} runs each in a fresh process (median; peak RSS of the whole process incl. runtime)\n`);
    console.log(['file', 'size', 'engine', 'first run', 'median', 'peak RSS', 'result'].join('\t'));
    for (const { file, engines } of cases) {
      for (const engine of engines) {
        const r = runChild(engine, file, runs);
        const name = file.slice(dir.length + 1);
        const size = `${Math.round(statSync(file).size / 1024)} KB`;
        if ('error' in r) console.log([name, size, engine, '-', '-', '-', `failed: ${r.error}`].join('\t'));
        else
          console.log(
            [name, size, engine, `${r.times[0]?.toFixed(0)} ms`, `${median(r.times).toFixed(0)} ms`, `${r.peakRssMb.toFixed(0)} MB`, r.summary].join('\t'),
          );
      }
    }

    const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
    const out = join(dir, 'out');
    const commands: [string, string[]][] = [
      ['validate 200 行', ['validate', '--json', small]],
      ['validate 20,000 行', ['validate', '--json', large]],
      ['validate fixtures/validate（21 个文件）', ['validate', '--json', join(root, 'fixtures', 'validate')]],
      ['merge --week 2022-W09（示例收件 162 个文件）', ['merge', '--week', '2022-W09', '--inbox', join(root, 'fixtures', 'inbox'), '--out', out, '--force']],
      ['monthly --month 2022-03（示例收件）', ['monthly', '--month', '2022-03', '--inbox', join(root, 'fixtures', 'inbox'), '--out', out, '--force']],
    ];
    console.log(`\nwhole commands — ${runs} runs each, every run in a fresh process (median wall time from loading the CLI to its exit code; peak RSS)\n`);
    console.log(['command', 'first run', 'median', 'peak RSS', 'result'].join('\t'));
    for (const [name, argv] of commands) {
      const results = Array.from({ length: runs }, () => spawnChild(['--child-command', JSON.stringify(argv)]));
      const failed = results.find((r) => 'error' in r);
      if (failed && 'error' in failed) {
        console.log([name, '-', '-', '-', `failed: ${failed.error}`].join('\t'));
        continue;
      }
      const ok = results as { times: number[]; peakRssMb: number; summary: string }[];
      const times = ok.map((r) => r.times[0] as number);
      console.log(
        [name, `${times[0]?.toFixed(0)} ms`, `${median(times).toFixed(0)} ms`, `${Math.max(...ok.map((r) => r.peakRssMb)).toFixed(0)} MB`, ok[0]!.summary].join('\t'),
      );
    }
  } finally {
    if (args.includes('--keep')) console.log(`\nfiles kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
