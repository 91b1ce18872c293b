/**
 * Project names as the resolver compares them. Districts and clerks write one project's name many
 * ways: full-width or half-width letters and brackets, spaces, 【】 instead of （）, with or without
 * “郑州市” or the district in front, “（一期）” or “一期”, “…项目” or “…建设项目”. `parseName` turns a
 * name into keys in which those differences are gone, and keeps apart what tells projects apart:
 * the phase (一期 / 二期 / 三期 …) is taken out of the key and kept on its own, so that “X（一期）”
 * and “X（二期）” have the same stem but different phases.
 *
 * Nothing here decides that two rows are the same project: see resolver.ts.
 */

/** The parts of a name. All keys are NFKC, without whitespace, brackets, quotes or the phase. */
export interface ParsedName {
  /** As written, trimmed. */
  written: string;
  /** The city prefix (郑州市 / 郑州) taken off; the district prefix kept. */
  cityKey: string;
  /** Also the record's own district in front taken off (郑州市中原区X → X for a project in 中原区). */
  localKey: string;
  /** The phase numbers written in the name, ascending and joined by “,” (“1”, “1,2”), '' when none. */
  phase: string;
  /** localKey without a generic ending (建设项目, 项目, 工程 …): what name similarity is measured on. */
  core: string;
}

const OPEN = /[(（【〔［\[「『〈《]/g;
const CLOSE = /[)）】〕］\]」』〉》]/g;
const QUOTES = /[“”"'‘’`]/g;
const NUMERALS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
const ROMAN: Record<string, number> = { I: 1, II: 2, III: 3, IV: 4, V: 5, Ⅰ: 1, Ⅱ: 2, Ⅲ: 3, Ⅳ: 4, Ⅴ: 5 };

/** 一 → 1, 十二 → 12, 3 → 3, II → 2; null when not a number. */
function phaseNumber(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  if (ROMAN[text] !== undefined) return ROMAN[text]!;
  if (!/^[一二两三四五六七八九十]+$/.test(text)) return null;
  if (text === '十') return 10;
  if (text.length === 1) return NUMERALS[text] ?? null;
  if (text.startsWith('十')) return 10 + (NUMERALS[text[1]!] ?? 0);
  if (text.length === 2 && text.endsWith('十')) return (NUMERALS[text[0]!] ?? 0) * 10;
  if (text.length === 3 && text[1] === '十') return (NUMERALS[text[0]!] ?? 0) * 10 + (NUMERALS[text[2]!] ?? 0);
  return null;
}

/**
 * “一期”, “(二期)”, “第三期”, “1期”, “II期”, “一、二期” (both) — anywhere in the name. “分期”, “近期”,
 * “工期” are not phases (no number before 期).
 */
const PHASE = /第?((?:[一二两三四五六七八九十]+|\d{1,2}|III|II|IV|I|V|[ⅠⅡⅢⅣⅤ])(?:[、,和及至\-~]?(?:[一二两三四五六七八九十]+|\d{1,2}|III|II|IV|I|V|[ⅠⅡⅢⅣⅤ]))*)期(?:工程|项目)?/g;

/** Generic endings left out of the keys (longest first; taken off repeatedly: 建设建设项目 → ∅). */
const ENDINGS = ['建设工程项目', '建设项目', '建设工程', '工程项目', '项目', '工程', '建设'];

function basic(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(QUOTES, '')
    .replace(OPEN, '(')
    .replace(CLOSE, ')');
}

function takePhase(text: string): { rest: string; phase: string } {
  const numbers = new Set<number>();
  const rest = text.replace(PHASE, (match, list: string) => {
    const parts = list.split(/[、,和及至\-~]/).map(phaseNumber);
    if (parts.some((p) => p === null)) return match;
    // 一至三期 → 1,2,3
    if (/[至\-~]/.test(list) && parts.length === 2) for (let n = parts[0]!; n <= parts[1]!; n++) numbers.add(n);
    else for (const p of parts) numbers.add(p!);
    return '';
  });
  return {
    rest: rest.replace(/\(\)/g, '').replace(/[()]/g, ''),
    phase: [...numbers].sort((a, b) => a - b).join(','),
  };
}

function stripEnding(text: string): string {
  let out = text;
  for (let again = true; again; ) {
    again = false;
    for (const ending of ENDINGS)
      if (out.endsWith(ending) && out.length - ending.length >= 2) {
        out = out.slice(0, -ending.length);
        again = true;
        break;
      }
  }
  return out;
}

function stripPrefix(text: string, prefixes: readonly string[]): string {
  for (const prefix of prefixes) if (prefix && text.startsWith(prefix) && text.length - prefix.length >= 2) return text.slice(prefix.length);
  return text;
}

export interface NameContext {
  /** The city's spellings in front of a name, longest first (郑州市, 郑州). */
  cityPrefixes: readonly string[];
  /** Per canonical district, its spellings in front of a name, longest first (中原区, 中原). */
  districtPrefixes: ReadonlyMap<string, readonly string[]>;
}

/**
 * The prefixes to take off names: the city (郑州市, 郑州) and, per district, its canonical name,
 * every alias of it in the config and the name without its last character (中原区 → 中原; 管城回族区 →
 * 管城回族, and 管城 from the alias 管城区). Basic-normalised, longest first.
 */
export function nameContext(city: string, districts: readonly string[], aliases: Readonly<Record<string, string>>): NameContext {
  const byLength = (list: Iterable<string>) => [...new Set(list)].filter(Boolean).sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const cityText = basic(city);
  const cityPrefixes = byLength([cityText, cityText.replace(/市$/, '')]);
  const districtPrefixes = new Map<string, string[]>();
  for (const district of districts) {
    const spellings = [district, ...Object.entries(aliases).filter(([, to]) => to === district).map(([from]) => from)].map(basic);
    // 高新区 → 高新 (高 is too short), 郑东新区 → 郑东 (not 郑东新: 郑东新城 is 郑东's 新城), 新密市 → 新密.
    const shortened = spellings.filter((s) => s.length >= 3).map((s) => (s.endsWith('新区') && s.length >= 4 ? s.slice(0, -2) : s.replace(/(区|市|县)$/, '')));
    districtPrefixes.set(district, byLength([...spellings, ...shortened.filter((s) => s.length >= 2)]));
  }
  return { cityPrefixes, districtPrefixes };
}

/** The keys of a project name; `district` is the canonical district of the row (null when unknown). */
export function parseName(name: string, district: string | null, context: NameContext): ParsedName {
  const written = name.trim();
  const { rest, phase } = takePhase(basic(written));
  const cityKey = stripEnding(stripPrefix(rest, context.cityPrefixes));
  const own = district ? (context.districtPrefixes.get(district) ?? []) : [];
  // 郑州市新密市郑州文化路… : the city again after the district.
  const localKey = stripPrefix(stripPrefix(cityKey, own), context.cityPrefixes);
  return { written, cityKey, localKey, phase, core: localKey };
}

/** Character bigrams of a text (a one-character text is its own bigram). */
function bigrams(text: string): Map<string, number> {
  const map = new Map<string, number>();
  const chars = [...text];
  if (chars.length === 1) map.set(text, 1);
  for (let i = 0; i + 1 < chars.length; i++) {
    const gram = chars[i]! + chars[i + 1]!;
    map.set(gram, (map.get(gram) ?? 0) + 1);
  }
  return map;
}

/**
 * How alike two names read, 0…1: the Dice coefficient of their cores' character bigrams
 * (2 × shared / (count a + count b)). 1 for equal cores.
 */
export function nameSimilarity(a: ParsedName, b: ParsedName): number {
  if (a.core === b.core) return 1;
  const x = bigrams(a.core);
  const y = bigrams(b.core);
  let shared = 0;
  let total = 0;
  for (const [gram, n] of x) {
    shared += Math.min(n, y.get(gram) ?? 0);
    total += n;
  }
  for (const n of y.values()) total += n;
  return total === 0 ? 0 : (2 * shared) / total;
}
