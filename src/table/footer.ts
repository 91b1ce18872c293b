/**
 * Footer rows below the data: 合计/小计/总计 (kept as the table's total row) and the rows that end
 * a table — 填表人, 审核人, 联系电话, 制表人, 单位负责人, 备注：/注：/说明：.
 */
import { LEAD_BLANK, codesOf, leadingCode, nfkc, squeezeSpaces } from '../values/text.js';

export type FooterKind = 'total' | 'subtotal' | 'end';

const TOTAL = /^(?:总合计|合计|总计)/;
const SUBTOTAL = /^小计/;
/**
 * A 合计/小计 named after what it sums: 全区合计, 高新区合计, 3个项目合计, 产业项目小计 — a short
 * label (no punctuation but a trailing count such as (3个)) ending in the word.
 */
const NAMED_TOTAL = /^[\p{Script=Han}\d]{1,12}(?:合计|总计)(?:\(共?\d+[个项]\))?$/u;
const NAMED_SUBTOTAL = /^[\p{Script=Han}\d]{1,12}小计(?:\(共?\d+[个项]\))?$/u;
const END_FIRST = /^(?:填表人|审核人|联系电话|制表人|单位负责人|负责人[:：]|备注[:：]|注[:：]|说明[:：]|填报说明|填表说明)/;
const END_ANY = /^(?:填表人|审核人|联系电话|制表人|单位负责人)/;

/**
 * The characters a footer word starts with (TOTAL, SUBTOTAL, END_FIRST; END_ANY), for telling most
 * cells apart without normalising them. NAMED_TOTAL/NAMED_SUBTOTAL may start with any character but
 * contain 计, which NFKC never produces from another character.
 */
const FIRST_LEADS = codesOf('总合小填审联制单负备注说');
const ANY_LEADS = codesOf('填审联制单');

/**
 * The kind of footer a row is, from its non-empty cell texts in column order, or null for a data row.
 * Per row of every table: a cell whose first character (told by leadingCode without normalising)
 * cannot start a footer word is passed by without NFKC.
 */
export function footerKind(texts: readonly string[]): FooterKind | null {
  let first = true;
  for (const text of texts) {
    const lead = leadingCode(text);
    if (lead === LEAD_BLANK) continue;
    if (lead >= 0) {
      if (!first && !ANY_LEADS.has(lead)) continue;
      if (first && !FIRST_LEADS.has(lead) && !text.includes('计')) {
        first = false;
        continue;
      }
    }
    const squeezed = squeezeSpaces(nfkc(text));
    if (squeezed === '') continue;
    if (first) {
      if (TOTAL.test(squeezed)) return 'total';
      if (SUBTOTAL.test(squeezed)) return 'subtotal';
      if (NAMED_SUBTOTAL.test(squeezed)) return 'subtotal';
      if (NAMED_TOTAL.test(squeezed)) return 'total';
      if (END_FIRST.test(squeezed)) return 'end';
      first = false;
    } else if (END_ANY.test(squeezed)) return 'end';
  }
  return null;
}
