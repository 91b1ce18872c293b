/**
 * One 存在问题及涉及单位 cell → the problems it lists, each with the 涉及单位 named for it.
 *
 * How districts write the cell, and how it is read:
 * - one problem, or several: numbered (1. 1、 （1） 1） ① 一、 （一） 一是), on separate lines, or
 *   separated by ；/; (a sentence ending in 。 starts a new problem too). A piece that names no
 *   trouble (no 未、不、难、滞后、影响 … — e.g. “已上报省厅”) is the previous problem's continuation;
 * - the 涉及单位: “（涉及单位：市自然资源局）”, “涉及单位：A、B”, “，涉及区住建局”, “，需供电公司协调”,
 *   “（国网郑州供电公司）”, “由街道办事处负责” — kept apart from the problem's text, split on 、，/
 *   (and on 和、及 only when both sides are units: 市自然资源和规划局 stays whole). Only names that
 *   look like units are taken (they end in 局、委、办、公司、政府、街道、中心 …), so “涉及基本农田”
 *   stays in the text. Units named on a line or sentence of their own (“涉及单位：…” at the end) belong
 *   to every problem of the cell that names none;
 * - “无”, “暂无”, “无问题”, “—”, “/” and blank: no problem.
 *
 * Pure text in, plain data out; texts keep the district's own characters (full-width punctuation …).
 */
import { isPlaceholder } from '../values/text.js';

export interface SplitProblem {
  /** The problem as written: numbering, 涉及单位 and trailing punctuation removed. */
  text: string;
  /** The 涉及单位 of this problem: named with it, else named for the whole cell. */
  units: string[];
  /** Its number when the cell numbers its problems (1. / （2） / ③ / 四、), else null. */
  number: number | null;
}

export interface SplitCell {
  problems: SplitProblem[];
  /** Units named for the whole cell (on a line or sentence of their own). */
  cellUnits: string[];
}

/** What a unit's name ends with. */
const UNIT_END =
  /(局|委|办|公司|集团|政府|街道|办事处|管委会|中心|院|所|站|处|科|乡|镇|村|部|厅|单位|指挥部|银行|委员会|社区|平台|机构|大队|支队|分局|企业|集团公司|组|室|供电|电网|水务|燃气|铁路|国网)$/;

/** Words that say a piece of text names a trouble (not only what was done about it). */
const TROUBLE =
  /未|不|无法|难|滞后|缓慢|缺|影响|待|问题|困难|制约|阻|停|慢|没有|尚|仍|拖|欠|纠纷|矛盾|超|迟|延|占压|冲突|受限|紧张|较大|较高|严重|障碍|短缺/;

const LABEL = '(?:涉及单位|责任单位|涉及部门|责任部门|牵头单位|协调单位|配合单位|涉及)';
const SEPARATORS = '，,；;。\\n';

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
const NUMERALS = '一二三四五六七八九十';

/** 一 → 1 … 十九 → 19. */
function numeralValue(text: string): number {
  if (text === '十') return 10;
  const digit = (c: string) => NUMERALS.indexOf(c) + 1;
  if (text.length === 1) return digit(text);
  if (text.startsWith('十')) return 10 + digit(text[1]!);
  if (text.length === 2 && text.endsWith('十')) return digit(text[0]!) * 10;
  return digit(text[0]!) * 10 + digit(text[2] ?? '');
}

/**
 * Item numbers: 1. 1、 1． 1) 1） 一、 一是 at the start of the text or after a line break, a
 * separator or a space (a number followed by a digit, 1.2亿, is no marker; 第2、3号楼 neither);
 * (1) （1） （一） ① anywhere.
 */
const MARKER = new RegExp(
  `(?:(?<=^|[${SEPARATORS}\\s:：])\\s*(?:(\\d{1,2})[.、．](?!\\d)|(\\d{1,2})[)）]|([${NUMERALS}]{1,2})[、.．]|([${NUMERALS}])是)|\\s*[（(](\\d{1,2})[)）]|\\s*[（(]([${NUMERALS}]{1,2})[)）]|\\s*([${CIRCLED}]))`,
  'g',
);

interface Piece {
  text: string;
  number: number | null;
}

/** Splits a text at its item numbers; the text before the first number is a piece without number. */
export function splitNumbered(text: string): Piece[] {
  const marks: { index: number; end: number; number: number }[] = [];
  for (const m of text.matchAll(MARKER)) {
    const [whole, d1, d2, n1, n3, d3, n2, circled] = m;
    const digits = d1 ?? d2 ?? d3;
    const number = digits ? Number(digits) : circled ? CIRCLED.indexOf(circled) + 1 : numeralValue((n1 ?? n2 ?? n3)!);
    marks.push({ index: m.index, end: m.index + whole.length, number });
  }
  // A lone “一是” or “1、” in the middle of a sentence is not a list: a list starts at 1.
  if (marks.length === 0 || !marks.some((m) => m.number === 1)) return [{ text, number: null }];
  const first = marks.findIndex((m) => m.number === 1);
  const used = marks.slice(first);
  const pieces: Piece[] = [];
  const before = text.slice(0, used[0]!.index);
  if (before.trim()) pieces.push({ text: before, number: null });
  used.forEach((m, i) => pieces.push({ text: text.slice(m.end, used[i + 1]?.index ?? text.length), number: m.number }));
  return pieces;
}

/** Trims spaces and the punctuation a piece may start or end with. */
function tidy(text: string): string {
  return text.replace(/^[\s，,；;。.、：:]+|[\s，,；;。.、：:]+$/g, '');
}

/** A name that reads as a unit (ends like one, not too long, names no trouble). */
function isUnitName(name: string): boolean {
  return name.length >= 2 && name.length <= 24 && UNIT_END.test(name) && !/未|尚|无法|不足|滞后/.test(name);
}

/**
 * A list of units (“市自然资源和规划局、区住建局”) → the names, or null when any part is not a unit.
 * 和/及/与 split only when every part is a unit.
 */
export function unitList(text: string): string[] | null {
  const parts = text
    .split(/[、，,；;/／\s]+/)
    .map((p) => tidy(p).replace(/^(?:和|及|与|以及)/, ''))
    .filter((p) => p !== '');
  if (parts.length === 0) return null;
  const names: string[] = [];
  for (const part of parts) {
    if (isUnitName(part)) {
      const split = part.split(/和|及|与/);
      names.push(...(split.length > 1 && split.every(isUnitName) ? split : [part]));
      continue;
    }
    return null;
  }
  return names;
}

/** The leading run of unit names of a list (“市自然资源局，需加快办理” → [市自然资源局], 1 part used). */
function leadingUnits(text: string): { names: string[]; length: number } {
  const names: string[] = [];
  let length = 0;
  const re = /([^、，,；;/／\n]+)([、，,；;/／]?)/g;
  for (const m of text.matchAll(re)) {
    const list = unitList(m[1]!);
    if (!list) break;
    names.push(...list);
    length = m.index + m[0].length;
  }
  return { names, length };
}

/** Takes the 涉及单位 out of a piece of text: the text left and the units found, in order. */
export function extractUnits(input: string): { text: string; units: string[] } {
  const units: string[] = [];
  let text = input;
  // （涉及单位：A、B） or （A、B） — brackets holding units only.
  text = text.replace(/[（(]([^（）()]*)[)）]/g, (whole, inner: string) => {
    const list = unitList(inner.replace(new RegExp(`^\\s*${LABEL}\\s*[：:]?`), ''));
    if (!list) return whole;
    units.push(...list);
    return '，';
  });
  // 涉及单位：A、B … / 责任单位：… (anywhere), and 涉及A、B at the start of a clause.
  text = text.replace(
    new RegExp(`(^|[${SEPARATORS}\\s])(涉及单位|责任单位|涉及部门|责任部门|牵头单位|协调单位|配合单位)\\s*[：:]?\\s*([^；;。\\n]*)`, 'g'),
    (whole, lead: string, _label: string, rest: string) => {
      const { names, length } = leadingUnits(rest);
      if (names.length === 0) return whole;
      units.push(...names);
      return `${lead}，${rest.slice(length)}`;
    },
  );
  text = text.replace(new RegExp(`(^|[${SEPARATORS}])\\s*涉及\\s*[：:]?\\s*([^；;。\\n]*)`, 'g'), (whole, lead: string, rest: string) => {
    const { names, length } = leadingUnits(rest);
    if (names.length === 0) return whole;
    units.push(...names);
    return `${lead}，${rest.slice(length)}`;
  });
  // 需/需要/请/由 A 协调（配合、解决、负责 …）… at the start of a clause: the clause goes, A is a unit.
  text = text.replace(
    new RegExp(`(^|[${SEPARATORS}])\\s*(?:需要|需|请|建议由|由)\\s*([^${SEPARATORS}]+?)\\s*(?:协调|配合|支持|解决|办理|推进|研究|对接|负责|牵头|加快|督促)[^${SEPARATORS}]*`, 'g'),
    (whole, lead: string, who: string) => {
      const list = unitList(who);
      if (!list) return whole;
      units.push(...list);
      return lead;
    },
  );
  return { text: tidy(text.replace(/[，,]{2,}/g, '，').replace(/\s*[，,]\s*([；;。])/g, '$1')), units: dedupe(units) };
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}

/** A cell (or piece) that says there is no problem. */
export function saysNone(text: string): boolean {
  const t = tidy(text.replace(/\s+/g, ''));
  return t === '' || isPlaceholder(t) || /^(?:无|暂无|没有|目前无|目前暂无|暂时没有|无明显)(?:问题|困难|困难问题|问题困难)?$/.test(t);
}

/** A heading a district writes before its list: 存在问题：… / 主要问题： */
const HEADING = /^\s*(?:存在(?:的)?问题|主要问题|问题|困难问题)\s*[：:]/;

/**
 * A piece of a numbered item → its sub-pieces: split at line breaks, ；/; and 。; a sub-piece that
 * names no trouble (TROUBLE) joins the one before.
 */
function subPieces(text: string): string[] {
  const raw = text.split(/(?<=[；;。\n])/);
  const out: string[] = [];
  for (const part of raw) {
    const t = tidy(part);
    if (!t) continue;
    const { text: bare } = extractUnits(t);
    if (out.length > 0 && bare !== '' && !TROUBLE.test(bare)) out[out.length - 1] = `${out[out.length - 1]}；${t}`;
    else out.push(t);
  }
  return out;
}

/** Splits a 存在问题及涉及单位 cell (see the module comment). */
export function splitProblems(cell: string | null | undefined): SplitCell {
  if (cell === null || cell === undefined) return { problems: [], cellUnits: [] };
  // A year's tracking splits the same cells week after week: each text once, a fresh copy out.
  let split = splitMemo.get(cell);
  if (split === undefined) {
    if (splitMemo.size >= MEMO_LIMIT) splitMemo.clear();
    split = splitOnce(cell);
    splitMemo.set(cell, split);
  }
  return { problems: split.problems.map((p) => ({ ...p, units: [...p.units] })), cellUnits: [...split.cellUnits] };
}

const splitMemo = new Map<string, SplitCell>();
const MEMO_LIMIT = 50_000;

function splitOnce(cell: string): SplitCell {
  const text = cell.replace(/\r\n?/g, '\n').replace(HEADING, '');
  if (saysNone(text)) return { problems: [], cellUnits: [] };
  const cellUnits: string[] = [];
  const found: { text: string; units: string[]; number: number | null }[] = [];
  const pieces = splitNumbered(text);
  pieces.forEach((piece, index) => {
    if (piece.number === null) {
      for (const part of subPieces(piece.text)) {
        const { text: problem, units } = extractUnits(part);
        if (problem === '' || saysNone(problem)) cellUnits.push(...units);
        else found.push({ text: problem, units, number: null });
      }
      return;
    }
    // A numbered item is one problem, whatever its sentences; a sentence naming units only is the
    // item's, except after the last item, where it names the units of the whole cell.
    const last = index === pieces.length - 1 && pieces.length > 1;
    const kept: string[] = [];
    const units: string[] = [];
    for (const sentence of piece.text.split(/(?<=[；;。\n])/)) {
      const t = tidy(sentence);
      if (!t) continue;
      const extracted = extractUnits(t);
      if (extracted.text === '' && kept.length > 0) (last ? cellUnits : units).push(...extracted.units);
      else {
        kept.push(extracted.text);
        units.push(...extracted.units);
      }
    }
    const problem = tidy(kept.filter((k) => k !== '').join('；'));
    if (problem === '' || saysNone(problem)) cellUnits.push(...units);
    else found.push({ text: problem, units: dedupe(units), number: piece.number });
  });
  const shared = dedupe(cellUnits);
  return {
    problems: found.map((p) => ({ text: p.text, units: p.units.length > 0 ? p.units : shared, number: p.number })),
    cellUnits: shared,
  };
}

/**
 * A 协调解决情况 cell → its items when it numbers them (to pair item n with problem n), else the
 * whole text as one item without number.
 */
export function splitCoordination(cell: string | null | undefined): Piece[] {
  if (cell === null || cell === undefined || saysNone(cell)) return [];
  const text = cell.replace(/\r\n?/g, '\n');
  return splitNumbered(text)
    .map((p) => ({ text: tidy(p.text), number: p.number }))
    .filter((p) => p.text !== '');
}
