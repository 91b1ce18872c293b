/**
 * `npm run fuzz`: seeded, time-bounded fuzzing of the whole validate pipeline. Each case is a
 * mutation of a seed file (the validate fixtures, the reading cases, the sample CSV) at one of three
 * levels — bytes (flips, truncation, insertion), zip (entries dropped, renamed with `\` or `/`,
 * duplicated, swapped, stored, sizes lied about), XML (tags cut, attributes changed, control
 * characters, invalid UTF-8, huge numbers, text types swapped) — and must end in results whose
 * findings all have a known code and a Chinese message: never an exception (what the CLI would turn
 * into exit 3 and a "内部错误"), within 10 s and 300 MB.
 *
 *   npm run fuzz                        60 seconds, seed 1
 *   npm run fuzz -- --seconds 300 --seed 7
 *   npm run fuzz -- --cases 200         a fixed number of cases instead of a time
 *
 * Prints the cases run, by level, the slowest case, the peak RSS, and every failure with its seed
 * and case number (rerun one with --seed S --only N). Exits 1 when a case failed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { Rng } from './fixtures/random.js';
import { rawZip, deflate, type RawEntry } from '../test/reader/helpers.js';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');

export type Level = 'byte' | 'zip' | 'xml';

export interface FuzzCase {
  index: number;
  level: Level;
  seedFile: string;
  mutation: string;
  name: string;
  bytes: Uint8Array;
}

/** A 附件2 table as OpenDocument content (a date cell without a style, a span, repeated empties). */
function odsTable(): string {
  const cell = (attrs: string, text = ''): string => `<table:table-cell ${attrs}>${text ? `<text:p>${text}</text:p>` : ''}</table:table-cell>`;
  const str = (t: string): string => cell('office:value-type="string"', t);
  const num = (n: number): string => cell(`office:value-type="float" office:value="${n}"`, String(n));
  const row = (cells: string): string => `<table:table-row>${cells}</table:table-row>`;
  const header = ['序号', '项目名称', '起止年限(年月-年月)', '总投资(万元)', '年度计划投资(万元)', '截至完成投资(万元)', '进展情况', '存在问题及涉及单位', '所在区(县)'];
  return (
    '<table:table table:name="进度滞后">' +
    row(cell('office:value-type="string" table:number-columns-spanned="9"', '进度滞后的省市重点项目进展情况统计表') + '<table:covered-table-cell table:number-columns-repeated="8"/>') +
    row(str('填表日期：') + cell('office:value-type="date" office:date-value="2022-03-04"', '2022-03-04') + str('报送单位：第三组（高新区）')) +
    row(header.map(str).join('')) +
    row(num(1) + str('高新区数字港') + str('2021.03-2023.12') + num(48000) + num(32000) + num(30000) + str('施工中') + str('资金不足') + str('高新区')) +
    row(num(2) + str('高新区污水厂') + str('2022.01-2023.06') + num(9000) + cell('office:value-type="boolean" office:boolean-value="true"', 'TRUE') + num(2000) + str('前期') + str('环评滞后') + str('高新区')) +
    '<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>'
  );
}

const ODS_NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"';

/** The seed files: every validate fixture, the reading cases (one a CSV), and an .ods and a .fods of a 附件2 table. */
export function seedFiles(): { name: string; bytes: Uint8Array }[] {
  const out: { name: string; bytes: Uint8Array }[] = [];
  for (const dir of [join(ROOT, 'fixtures', 'validate'), join(ROOT, 'test', 'cases', 'reading')])
    for (const name of readdirSync(dir).sort())
      if (/\.(xlsx|csv)$/i.test(name)) out.push({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) });
  const body = `<office:body><office:spreadsheet>${odsTable()}</office:spreadsheet></office:body>`;
  out.push({
    name: '第三组-进度滞后.fods',
    bytes: strToU8(`<?xml version="1.0" encoding="UTF-8"?><office:document ${ODS_NS} office:mimetype="application/vnd.oasis.opendocument.spreadsheet">${body}</office:document>`),
  });
  out.push({
    name: '第三组-进度滞后.ods',
    bytes: zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.spreadsheet'), 'content.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><office:document-content ${ODS_NS}>${body}</office:document-content>`) }),
  });
  return out;
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(0, items.length - 1)]!;

function byteMutation(rng: Rng, bytes: Uint8Array): [string, Uint8Array] {
  const out = bytes.slice();
  switch (rng.int(0, 4)) {
    case 0: {
      const n = rng.int(1, 16);
      for (let i = 0; i < n; i++) out[rng.int(0, out.length - 1)] = rng.int(0, 255);
      return [`flip ${n} bytes`, out];
    }
    case 1: {
      const at = rng.int(0, out.length - 1);
      return [`truncate at ${at}`, out.subarray(0, at)];
    }
    case 2: {
      const at = rng.int(0, out.length);
      const junk = new Uint8Array(rng.int(1, 64)).map(() => rng.int(0, 255));
      const joined = new Uint8Array(out.length + junk.length);
      joined.set(out.subarray(0, at));
      joined.set(junk, at);
      joined.set(out.subarray(at), at + junk.length);
      return [`insert ${junk.length} bytes at ${at}`, joined];
    }
    case 3: {
      const from = rng.int(0, out.length - 1);
      const length = rng.int(1, Math.min(4096, out.length - from));
      const to = rng.int(0, out.length - length);
      out.copyWithin(to, from, from + length);
      return [`copy ${length} bytes ${from}→${to}`, out];
    }
    default: {
      const at = rng.int(0, Math.max(0, out.length - 4));
      out.set([0xff, 0xff, 0xff, 0xff].slice(0, out.length - at), at);
      return [`0xFFFFFFFF at ${at}`, out];
    }
  }
}

function unzip(bytes: Uint8Array): Record<string, Uint8Array> | undefined {
  try {
    return unzipSync(bytes);
  } catch {
    return undefined;
  }
}

function zipMutation(rng: Rng, bytes: Uint8Array): [string, Uint8Array] {
  const files = unzip(bytes);
  if (!files) return byteMutation(rng, bytes);
  const names = Object.keys(files);
  const name = pick(rng, names);
  switch (rng.int(0, 6)) {
    case 0:
      delete files[name];
      return [`drop ${name}`, zipSync(files)];
    case 1: {
      const data = files[name]!;
      delete files[name];
      const renamed = rng.chance(0.5) ? name.replace(/\//g, '\\') : `/${name.toUpperCase()}`;
      files[renamed] = data;
      return [`rename ${name} → ${renamed}`, zipSync(files)];
    }
    case 2: {
      const other = pick(rng, names);
      [files[name], files[other]] = [files[other]!, files[name]!];
      return [`swap ${name} ↔ ${other}`, zipSync(files)];
    }
    case 3:
      return ['store every entry', zipSync(files, { level: 0 })];
    case 4: {
      const factor = pick(rng, [0, 0.1, 0.5, 2, 1000]);
      const entries: RawEntry[] = names.map((n) => ({
        name: n,
        data: deflate(files[n]!),
        declaredSize: n === name ? Math.floor(files[n]!.length * factor) : files[n]!.length,
      }));
      return [`declare ${name} as ×${factor}`, rawZip(entries)];
    }
    case 5: {
      files[`${name}.copy`] = files[name]!;
      files['xl/worksheets/sheet9.xml'] = files[name]!;
      return [`duplicate ${name}`, zipSync(files)];
    }
    default: {
      const entries: RawEntry[] = names.map((n) => ({ name: n.replace(/\//g, rng.chance(0.5) ? '\\' : '/'), data: deflate(files[n]!), declaredSize: files[n]!.length }));
      return ['raw zip, mixed separators', rawZip(entries)];
    }
  }
}

const XML_INJECTIONS = [
  '\u001b]0;pwned\u0007',
  '_x001B_[2J',
  '\u202Eexe.xslx',
  '0x1A',
  '1e308',
  '-1e309',
  'NaN',
  '&amp;&lt;',
  '<![CDATA[x]]>',
  '\uFFFD',
  '𠀀𪚥',
  '#REF!',
  '9'.repeat(400),
];

function xmlMutation(rng: Rng, bytes: Uint8Array): [string, Uint8Array] {
  const files = unzip(bytes);
  if (!files) {
    // A CSV: mutate its text.
    const text = new TextDecoder().decode(bytes);
    const at = rng.int(0, text.length);
    const injected = pick(rng, [...XML_INJECTIONS, '"', '\t', '\r', ',,,,', '\n\n\n']);
    return [`csv: insert ${JSON.stringify(injected)}`, strToU8(text.slice(0, at) + injected + text.slice(at))];
  }
  const xmlNames = Object.keys(files).filter((n) => /\.(xml|rels)$/i.test(n));
  const name = pick(rng, xmlNames);
  let text = new TextDecoder().decode(files[name]);
  let what: string;
  switch (rng.int(0, 7)) {
    case 0: {
      const at = rng.int(0, text.length);
      text = text.slice(0, at);
      what = `cut at ${at}`;
      break;
    }
    case 1: {
      const tags = [...text.matchAll(/<[^>]+>/g)];
      if (tags.length === 0) return byteMutation(rng, bytes);
      const tag = pick(rng, tags);
      text = text.slice(0, tag.index) + text.slice(tag.index! + tag[0].length);
      what = `drop tag ${tag[0].slice(0, 30)}`;
      break;
    }
    case 2: {
      const attrs = [...text.matchAll(/\b(r|t|s|ref|r:id|Target|numFmtId|sheetId|state)="([^"]*)"/g)];
      if (attrs.length === 0) return byteMutation(rng, bytes);
      const attr = pick(rng, attrs);
      const value = pick(rng, ['', 'A0', 'XFD1048576', 'ZZZZ9', '-1', '4294967296', 's', 'n', 'b', 'e', 'str', 'd', 'inlineStr', '../../../etc/passwd', 'veryHidden', 'A1:XFD1048576']);
      text = text.slice(0, attr.index) + `${attr[1]}="${value}"` + text.slice(attr.index! + attr[0].length);
      what = `${attr[1]}="${attr[2]}" → "${value}"`;
      break;
    }
    case 3: {
      const values = [...text.matchAll(/<(v|t)(?: [^>]*)?>([^<]*)<\/\1>/g)];
      if (values.length === 0) return byteMutation(rng, bytes);
      const v = pick(rng, values);
      const injected = pick(rng, XML_INJECTIONS);
      text = text.slice(0, v.index) + `<${v[1]}>${injected}</${v[1]}>` + text.slice(v.index! + v[0].length);
      what = `<${v[1]}> ${JSON.stringify(v[2]!.slice(0, 20))} → ${JSON.stringify(injected.slice(0, 20))}`;
      break;
    }
    case 4: {
      const rows = [...text.matchAll(/<row\b[^>]*>.*?<\/row>/gs)];
      if (rows.length === 0) return byteMutation(rng, bytes);
      const row = pick(rng, rows);
      const times = rng.int(2, 50);
      text = text.slice(0, row.index) + row[0].repeat(times) + text.slice(row.index! + row[0].length);
      what = `row repeated ×${times}`;
      break;
    }
    case 5: {
      // Invalid UTF-8 bytes inside the part.
      const raw = files[name]!;
      const at = rng.int(0, raw.length);
      const bad = pick(rng, [[0xc3], [0xff, 0xfe], [0xe4, 0xb8], [0xed, 0xa0, 0x80], [0x80]]);
      const out = new Uint8Array(raw.length + bad.length);
      out.set(raw.subarray(0, at));
      out.set(bad, at);
      out.set(raw.subarray(at), at + bad.length);
      files[name] = out;
      return [`${name}: invalid UTF-8 ${bad.map((b) => b.toString(16)).join(' ')} at ${at}`, zipSync(files)];
    }
    case 6: {
      text = text.replace(/<mergeCells[^>]*>/, '$&<mergeCell ref="A1:XFD1048576"/>'.repeat(rng.int(1, 20)));
      text = text.replace(/<\/sheetData>/, '</sheetData><hyperlinks><hyperlink ref="A1:XFD1048576" r:id="rId999"/></hyperlinks>');
      what = 'whole-sheet merges and a hyperlink';
      break;
    }
    default: {
      text = text.replace(/encoding="UTF-8"/i, 'encoding="GBK"').replace(/<\?xml[^>]*\?>/, '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>');
      what = 'XML declaration and doctype changed';
    }
  }
  files[name] = strToU8(text);
  return [`${name}: ${what}`, zipSync(files)];
}

/** The case of a seed and index: the same (seed, index) always gives the same bytes. */
export function makeCase(seed: number, index: number, seeds: { name: string; bytes: Uint8Array }[]): FuzzCase {
  const rng = new Rng(seed * 1_000_003 + index);
  const source = pick(rng, seeds);
  const level = pick(rng, ['byte', 'zip', 'xml'] as const);
  const [mutation, bytes] = level === 'byte' ? byteMutation(rng, source.bytes) : level === 'zip' ? zipMutation(rng, source.bytes) : xmlMutation(rng, source.bytes);
  return { index, level, seedFile: source.name, mutation, name: `fuzz-${seed}-${index}${extname(source.name)}`, bytes };
}

export interface CaseOutcome {
  ok: boolean;
  ms: number;
  problem?: string;
  codes: string[];
}

/** Validates one case in this process and checks what came out. Never throws. */
export async function runCase(c: FuzzCase, dir: string): Promise<CaseOutcome> {
  const { validateFile } = await import('../src/validate/pipeline.js');
  const { DEFAULT_CONFIG } = await import('../src/config/defaults.js');
  const { tableResultSchema } = await import('../src/validate/result-schema.js');
  const path = join(dir, c.name);
  writeFileSync(path, c.bytes);
  const start = process.hrtime.bigint();
  try {
    const validated = await validateFile(path, { config: DEFAULT_CONFIG, convert: false });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const codes = [...new Set(validated.flatMap((v) => v.result.issues.map((i) => i.code)))];
    if (validated.length === 0) return { ok: false, ms, codes, problem: 'no result' };
    for (const { result } of validated) {
      const parsed = tableResultSchema.safeParse(result);
      if (!parsed.success) return { ok: false, ms, codes, problem: `result off the JSON contract: ${parsed.error.issues[0]?.message}` };
    }
    if (ms > 10_000) return { ok: false, ms, codes, problem: `took ${ms.toFixed(0)} ms` };
    return { ok: true, ms, codes };
  } catch (error) {
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    return { ok: false, ms, codes: [], problem: `threw: ${error instanceof Error ? (error.stack ?? error.message).split('\n').slice(0, 3).join(' | ') : String(error)}` };
  } finally {
    rmSync(path, { force: true });
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: number): number => {
    const at = args.indexOf(`--${name}`);
    return at === -1 ? fallback : Number(args[at + 1]);
  };
  const seed = option('seed', 1);
  const seconds = option('seconds', 60);
  const maxCases = option('cases', Infinity);
  const only = option('only', -1);
  const seeds = seedFiles();
  const dir = mkdtempSync(join(tmpdir(), 'xmb-fuzz-'));
  const started = Date.now();
  const byLevel: Record<Level, number> = { byte: 0, zip: 0, xml: 0 };
  const failures: { c: FuzzCase; outcome: CaseOutcome }[] = [];
  let slowest = { ms: 0, name: '' };
  let peakRss = 0;
  let count = 0;
  try {
    for (let index = only >= 0 ? only : 0; ; index++) {
      if (count >= maxCases || (only >= 0 && count >= 1) || (maxCases === Infinity && Date.now() - started > seconds * 1000)) break;
      const c = makeCase(seed, index, seeds);
      const outcome = await runCase(c, dir);
      count++;
      byLevel[c.level]++;
      if (outcome.ms > slowest.ms) slowest = { ms: outcome.ms, name: `#${index} ${c.seedFile}: ${c.mutation}` };
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      if (peakRss > 300 * 1024 * 1024 && outcome.ok) outcome.ok = false, (outcome.problem = `RSS ${(peakRss / 1048576).toFixed(0)} MB`);
      if (!outcome.ok) failures.push({ c, outcome });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`fuzz: seed ${seed}, ${count} cases in ${((Date.now() - started) / 1000).toFixed(0)} s (byte ${byLevel.byte}, zip ${byLevel.zip}, xml ${byLevel.xml}) from ${seeds.length} seed files`);
  console.log(`slowest: ${slowest.ms.toFixed(0)} ms (${slowest.name}); peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  for (const { c, outcome } of failures) console.log(`FAIL #${c.index} [${c.level}] ${c.seedFile}: ${c.mutation} — ${outcome.problem}`);
  console.log(failures.length === 0 ? 'no failures' : `${failures.length} failures (rerun one with --seed ${seed} --only N)`);
  process.exitCode = failures.length === 0 ? 0 : 1;
}

if (process.argv[1] && basename(process.argv[1]).startsWith('fuzz')) void main();
