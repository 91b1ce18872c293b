/**
 * How alike two wordings of a problem are, 0 (nothing shared) … 1 (one contains the other), from
 * their character pairs (bigrams). Chinese characters carry meaning on their own, so pairs of
 * characters are what a word-free comparison of two short Chinese sentences can rest on:
 * 施工用电未接入 and 施工临时用电尚未接入 share 施工 and 用电.
 *
 * Only what the problem is about is compared: before pairing, the text loses punctuation, spaces and
 * the filler a clerk adds or drops from week to week (目前、尚、仍、项目、问题 …), a few synonyms are
 * folded (环境影响评价 → 环评, 土地 → 用地, 供电/电力 → 用电 …), and the words that say how a matter
 * stands (未、完成、批复、办理、到位、滞后 …) become breaks — every problem has them, so two different
 * problems would share them (规划方案未批复 / 控规调整未批复). Pairs are not formed across a break.
 * When nothing is left of a text, the text with those words is compared instead.
 *
 * The score is the mean of the Dice coefficient (shared pairs over the pairs of both) and the overlap
 * coefficient (shared pairs over the pairs of the shorter): a wording that adds detail to last week's
 * (进场道路未打通 → 进场道路尚未打通，影响材料进场) keeps a high score.
 */

/** Filler that changes between weeks without changing the problem. Longest first. */
const FILLER = /目前仍|目前|至今|截至|仍然|依然|还是|该项目|本项目|项目|存在|问题|方面|工作|相关|有关|情况|进度|仍|尚|还|暂|已|的|了|等/g;

/** Synonyms folded to one spelling before comparing. */
const SYNONYMS: [RegExp, string][] = [
  [/(?:环境影响(?:评价)?|环评)(?:报告)?(?:书|表)?/g, '环评'],
  [/施工临时用电|施工用电|临时施工用电/g, '临时用电'],
  [/地[上面](?:附着物|附属物)/g, '附着物'],
  [/土地/g, '用地'],
  [/供电|电力/g, '用电'],
  [/拆除/g, '拆迁'],
  [/专项债券/g, '专项债'],
  [/贯通/g, '打通'],
];

/** How a matter stands: not what it is about. */
const STATUS =
  /尚未|没有|未|不|完成|完毕|批复|办理|取得|通过|到位|接通|接入|打通|滞后|缓慢|不足|影响|需要|需|无法|较大|困难|审批|申请|落实|确定|开工|完工|报批|上报/g;

/** The text compared: NFKC, no punctuation, spaces or filler, synonyms folded; status words as breaks (|). */
export function comparable(text: string, keepStatus = false): string {
  let t = text
    .normalize('NFKC')
    .replace(/[\s\p{P}\p{S}]+/gu, '|')
    .replace(FILLER, '');
  for (const [pattern, spelling] of SYNONYMS) t = t.replace(pattern, spelling);
  return keepStatus ? t : t.replace(STATUS, '|');
}

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  for (const run of text.split('|')) {
    const chars = [...run];
    if (chars.length === 1 && text.replace(/\|/g, '').length === 1) grams.set(chars[0]!, 1);
    for (let i = 0; i + 1 < chars.length; i++) {
      const g = chars[i]! + chars[i + 1]!;
      grams.set(g, (grams.get(g) ?? 0) + 1);
    }
  }
  return grams;
}

function size(grams: Map<string, number>): number {
  let n = 0;
  for (const v of grams.values()) n += v;
  return n;
}

interface Grams {
  grams: Map<string, number>;
  size: number;
}

/**
 * The pairs of each wording, kept: a year's tracking compares the same few thousand wordings week
 * after week (status --year spent most of its time here). Pure, so the memo changes no result;
 * cleared when it grows past MEMO_LIMIT wordings.
 */
const memo = new Map<string, Grams>();
const MEMO_LIMIT = 50_000;

function gramsOf(text: string, keepStatus: boolean): Grams {
  const key = `${keepStatus ? 1 : 0}${text}`;
  let known = memo.get(key);
  if (known === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    const grams = bigrams(comparable(text, keepStatus));
    known = { grams, size: size(grams) };
    memo.set(key, known);
  }
  return known;
}

/** How alike two wordings are (see the module comment), 0–1. */
export function similarity(a: string, b: string): number {
  let gx = gramsOf(a, false);
  let gy = gramsOf(b, false);
  if (gx.size === 0 || gy.size === 0) {
    gx = gramsOf(a, true);
    gy = gramsOf(b, true);
  }
  const x = gx.grams;
  const y = gy.grams;
  const sizeX = gx.size;
  const sizeY = gy.size;
  if (sizeX === 0 || sizeY === 0) return 0;
  let shared = 0;
  for (const [g, n] of x) shared += Math.min(n, y.get(g) ?? 0);
  const dice = (2 * shared) / (sizeX + sizeY);
  const overlap = shared / Math.min(sizeX, sizeY);
  return (dice + overlap) / 2;
}
