/**
 * Footer rows below the data: 合计/小计/总计 (kept as the table's total row) and the rows that end
 * a table — 填表人, 审核人, 联系电话, 制表人, 单位负责人, 备注：/注：/说明：.
 */
import { leadingChar, nfkc, squeezeSpaces } from '../values/text.js';

export type FooterKind = 'total' | 'subtotal' | 'end';

const TOTAL = /^(?:总合计|合计|总计)/;
const SUBTOTAL = /^小计/;
const END_FIRST = /^(?:填表人|审核人|联系电话|制表人|单位负责人|负责人[:：]|备注[:：]|注[:：]|说明[:：]|填报说明|填表说明)/;
const END_ANY = /^(?:填表人|审核人|联系电话|制表人|单位负责人)/;

/** The kind of footer a row is, from its non-empty cell texts in column order, or null for a data row. */
export function footerKind(texts: Iterable<string>): FooterKind | null {
  let first = true;
  for (const text of texts) {
    // Most cells start with a character no footer word starts with: told without normalising.
    const lead = leadingChar(text);
    if (lead === '') continue;
    if (lead !== undefined && !FOOTER_START.includes(lead)) {
      first = false;
      continue;
    }
    const squeezed = squeezeSpaces(nfkc(text));
    if (squeezed === '') continue;
    if (first) {
      if (TOTAL.test(squeezed)) return 'total';
      if (SUBTOTAL.test(squeezed)) return 'subtotal';
      if (END_FIRST.test(squeezed)) return 'end';
      first = false;
    } else if (END_ANY.test(squeezed)) return 'end';
  }
  return null;
}
/** The characters the footer words above start with. */
const FOOTER_START = '总合小填审联制单负备注说';
