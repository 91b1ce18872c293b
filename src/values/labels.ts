/**
 * Header labels: how a label written in a district's file is compared with the labels and aliases
 * of src/schema/kinds.ts. Normalisation: NFKC (full-width brackets and digits → half-width), all
 * whitespace and line breaks removed, brackets unified, a 万元 unit dropped, a leading “*” or a
 * trailing colon dropped. Comparison then ignores the brackets themselves (所在区(县) ≈ 所在区县)
 * and 投资额 ≈ 投资 (总投资 ≈ 总投资额); failing that, a bracketed note is ignored
 * (起止年限(年月) ≈ 起止年限).
 */
import { KINDS, type FieldId, type KindId } from '../schema/kinds.js';

/** The label as compared: NFKC, no whitespace, brackets as (), no 万元 unit, no “*” or trailing colon. */
export function normaliseLabel(text: string): string {
  return text
    // The column's number written into its label (总投资（万元）\n1, 总投资①, 总投资(万元)(1)): the 栏次 of a header without a 栏次 row.
    .replace(/\s*\n\s*[(（]?\d{1,2}[)）]?\s*$/, '')
    .replace(/\s*[①-⑳]\s*$/, '')
    .normalize('NFKC')
    .replace(/(?<=[)\p{Script=Han}])\(\d{1,2}\)\s*$/u, '')
    .replace(/[\s\u200B\uFEFF]+/g, '')
    .replace(/[\[{【〔〖「『<《]/g, '(')
    .replace(/[\]}】〕〗」』>》]/g, ')')
    .replace(/^\*+|\*+$/g, '')
    .replace(/[:：]+$/, '')
    .replace(/\((?:单位[:：]?)?万元\)$|(?:单位[:：]?)?万元$/, '');
}

/** The comparison key: normalised, brackets removed, 投资额 folded to 投资. */
export function labelKey(text: string): string {
  return foldKey(normaliseLabel(text));
}

/** A normalised label as compared: brackets removed, 投资额 folded to 投资. */
function foldKey(normal: string): string {
  return normal.replace(/[()]/g, '').replace(/投资额/g, '投资');
}

/** A bracketed note; a note naming another unit (亿元, 元) is kept: that column is not in 万元. */
const NOTE = /\([^()元]*\)/g;

/** The loose key: as labelKey, with any bracketed note removed first (except a unit note). */
function looseKey(text: string): string {
  return foldKey(normaliseLabel(text).replace(NOTE, ''));
}

/** Labels that any leader column answers to (附件3 and 附件4 alike); the title tells the kind. */
const GENERIC_LEADER_KEYS = new Set(['分管领导', '联系领导', '领导', '省市分管领导', '分管省市领导', '联系省市领导', '分管领导姓名']);

/** Shapes of label that aliases cannot list: 截至2月底完成投资, 2022年计划投资. */
const LABEL_PATTERNS: { field: FieldId; pattern: RegExp }[] = [
  { field: 'completed', pattern: /^截[至止].{1,12}完成投资$/ },
  { field: 'completed', pattern: /^\d{4}年.{0,8}累计完成投资$/ },
  { field: 'plan', pattern: /^\d{4}年度?计划投资$/ },
  { field: 'total', pattern: /^项目总投资$/ },
];

interface KindLabels {
  exact: Map<string, FieldId>;
  loose: Map<string, FieldId>;
  fields: Set<FieldId>;
}

const cache = new Map<KindId, KindLabels>();

function kindLabels(kind: KindId): KindLabels {
  const cached = cache.get(kind);
  if (cached) return cached;
  const exact = new Map<string, FieldId>();
  const loose = new Map<string, FieldId>();
  for (const field of KINDS[kind].fields) {
    for (const text of [field.label, ...field.aliases]) {
      const key = labelKey(text);
      if (key !== '' && !exact.has(key)) exact.set(key, field.id);
      const lkey = looseKey(text);
      if (lkey !== '' && !loose.has(lkey)) loose.set(lkey, field.id);
    }
  }
  const built = { exact, loose, fields: new Set(KINDS[kind].fields.map((f) => f.id)) };
  cache.set(kind, built);
  return built;
}

/** The two comparison keys of a label: exact (labelKey) and loose (looseKey). */
interface LabelKeys {
  key: string;
  lkey: string;
}

/**
 * Keys already computed, by the label's raw text. The same header labels come back in every file of
 * an inbox (a year's archive is 3,000 files with the same dozen labels), and NFKC plus a dozen
 * regular expressions per label is most of what matching costs. Bounded: cleared when full.
 */
const keysMemo = new Map<string, LabelKeys>();
const KEYS_MEMO_SIZE = 20_000;

function keysOf(label: string): LabelKeys {
  let keys = keysMemo.get(label);
  if (keys === undefined) {
    const normal = normaliseLabel(label);
    keys = { key: foldKey(normal), lkey: foldKey(normal.replace(NOTE, '')) };
    if (keysMemo.size >= KEYS_MEMO_SIZE) keysMemo.clear();
    keysMemo.set(label, keys);
  }
  return keys;
}

/** The field of `kind` a header label names, or null. */
export function matchField(label: string, kind: KindId): FieldId | null {
  const { key, lkey } = keysOf(label);
  if (key === '') return null;
  const labels = kindLabels(kind);
  const exact = labels.exact.get(key);
  if (exact) return exact;
  const loose = labels.loose.get(lkey) ?? labels.exact.get(lkey);
  if (loose) return loose;
  if (labels.fields.has('leader') && (GENERIC_LEADER_KEYS.has(key) || GENERIC_LEADER_KEYS.has(lkey))) return 'leader';
  for (const { field, pattern } of LABEL_PATTERNS) {
    if (labels.fields.has(field) && (pattern.test(key) || pattern.test(lkey))) return field;
  }
  return null;
}

/** True when the label is one of the generic leader labels (not 省… or 市… specific). */
export function isGenericLeaderLabel(label: string): boolean {
  const { key, lkey } = keysOf(label);
  return GENERIC_LEADER_KEYS.has(key) || GENERIC_LEADER_KEYS.has(lkey);
}
