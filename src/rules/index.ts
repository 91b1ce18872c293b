/**
 * The rule engine: every table-level rule of §4 as a small unit (src/rules/<area>/<code>.ts), the
 * list of them, and `checkTable`, which runs them all on one table and returns the findings in a
 * stable order. The file-level codes (file-unreadable … template-unrecognized) are emitted by the
 * reader and the pipeline; they are listed here too, for `xmb validate --rules` and the README.
 *
 * Choices that the spec leaves open:
 * - One problem, one finding: a formula-error cell gets nothing else, nor does a formula whose value
 *   cannot be known (formula-uncalculated); an unreadable amount is
 *   number-invalid only (not required-missing, not number-as-text, no comparison); a negative one is
 *   number-negative only; comparisons need two readable, non-negative amounts; completed-exceeds-plan
 *   is dropped when completed-exceeds-total already flags the cell; an unknown district is not also
 *   a mismatch; a blank list/period/district cell is required-missing only.
 * - A cell is reported at most once per code: the reader gives every row of a vertical merge the
 *   master's ref, so a merged 所在区 over three rows is one finding; merged names are not duplicates,
 *   merged serials one number, merged amounts counted once in the 合计.
 * - A missing optional column (项目概况, 年度计划投资 …) is not reported.
 * - 序号: a wholly blank column is fine (optional; the merge renumbers); once some are filled, the
 *   first cell off 1, 2, 3 … (a blank one included) gets the one warning.
 * - Placeholders (—, /, 无, 暂无) count as blank, so 存在问题 “无” in 附件2 is required-missing.
 * - Messages start with the cell (“G7：…”), so they read on their own when forwarded.
 */
import { RULE_CODES, type Finding, type RuleCode } from './finding.js';
import type { ReaderNoticeCode } from '../reader/model.js';
import type { Table } from '../table/model.js';
import { visitRows, type Rule, type RuleContext, type RuleInfo, type RowVisitor } from './types.js';
import { colIndex } from './util.js';

import headerMissingColumn from './header/header-missing-column.js';
import headerExtraColumn from './header/header-extra-column.js';
import headerDuplicateColumn from './header/header-duplicate-column.js';
import filldateMissing from './filldate/filldate-missing.js';
import filldateInvalid from './filldate/filldate-invalid.js';
import filldateStale from './filldate/filldate-stale.js';
import requiredMissing from './cells/required-missing.js';
import numberInvalid from './amounts/number-invalid.js';
import numberNegative from './amounts/number-negative.js';
import numberAsText from './amounts/number-as-text.js';
import planExceedsTotal from './amounts/plan-exceeds-total.js';
import completedExceedsTotal from './amounts/completed-exceeds-total.js';
import completedExceedsPlan from './amounts/completed-exceeds-plan.js';
import periodInvalid from './period/period-invalid.js';
import periodReversed from './period/period-reversed.js';
import districtUnknown from './district/district-unknown.js';
import districtMismatch from './district/district-mismatch.js';
import valueNotInList from './cells/value-not-in-list.js';
import duplicateProject from './rows/duplicate-project.js';
import serialInvalid from './rows/serial-invalid.js';
import dataAfterBlankRow from './rows/data-after-blank-row.js';
import formulaError from './cells/formula-error.js';
import totalMismatch from './amounts/total-mismatch.js';
import groupUnknown from './table/group-unknown.js';
import formulaUncalculated from './cells/formula-uncalculated.js';
import hiddenCells from './table/hidden-cells.js';
import rowsUnread from './table/rows-unread.js';
import textInvalidCharacter from './cells/text-invalid-character.js';
import textTooLong from './cells/text-too-long.js';

export type { Receipt, Rule, RuleContext, RuleInfo } from './types.js';

/** Every rule checkTable runs, in the order of §4. */
export const RULES: readonly Rule[] = [
  headerMissingColumn,
  headerExtraColumn,
  headerDuplicateColumn,
  filldateMissing,
  filldateInvalid,
  filldateStale,
  requiredMissing,
  numberInvalid,
  numberNegative,
  numberAsText,
  planExceedsTotal,
  completedExceedsTotal,
  completedExceedsPlan,
  periodInvalid,
  periodReversed,
  districtUnknown,
  districtMismatch,
  valueNotInList,
  duplicateProject,
  serialInvalid,
  formulaError,
  totalMismatch,
  groupUnknown,
  dataAfterBlankRow,
  formulaUncalculated,
  hiddenCells,
  rowsUnread,
  textInvalidCharacter,
  textTooLong,
];

/** The file-level codes, emitted by the reader (src/reader) and the pipeline (src/validate), not by a rule. */
export const FILE_RULES: readonly RuleInfo[] = [
  { code: 'file-unreadable', severity: 'error', description: '文件无法读取（不是有效的 .xlsx、文件损坏或为空）', short: '文件无法读取' },
  { code: 'file-encrypted', severity: 'error', description: '文件设有打开密码', short: '文件设有密码' },
  { code: 'file-format-unsupported', severity: 'error', description: '.xls / .et / .xlsb 等格式且无法转换（未安装 LibreOffice）', short: '文件格式不支持' },
  { code: 'file-too-large', severity: 'error', description: '文件解压后超过安全上限', short: '文件过大' },
  { code: 'template-unrecognized', severity: 'error', description: '没有任何工作表含有可识别的模板表头', short: '不是模板表格' },
];

/**
 * What the reader reports about a file it could still read (ReaderNotice in src/reader/model.ts),
 * turned into findings by the pipeline. The severity of each is the one its notices carry.
 */
export const READER_RULES: readonly (RuleInfo & { code: ReaderNoticeCode })[] = [
  { code: 'sheet-unreadable', severity: 'error', description: '工作簿列出的某个工作表无法读取（部件缺失、关系损坏或内容损坏），其中的表格没有读入', short: '工作表无法读取' },
  { code: 'cell-unreadable', severity: 'error', description: '单元格的文字在文件中找不到（共享字符串编号超出范围），文件已损坏', short: '单元格内容缺失' },
  { code: 'encoding-invalid', severity: 'error', description: '文件中有不是有效 UTF-8 编码的文字，部分字符已损坏', short: '文字编码损坏' },
  { code: 'formats-ignored', severity: 'warning', description: '格式部件（styles.xml）损坏，已忽略数字和日期格式，只读取了值', short: '格式已忽略' },
  { code: 'file-encoding', severity: 'warning', description: '文本文件（CSV）不是 UTF-8 编码，说明按哪种编码（如 GBK）读取', short: '非通用编码（已识别）' },
  { code: 'sheet-truncated', severity: 'warning', description: '工作表超出读取范围（最多 100000 行、200 列），超出部分没有读入', short: '超出读取范围' },
];

/** Every code of §4 with its severity and description, in the order of §4. */
export const RULE_CATALOGUE: readonly RuleInfo[] = [...FILE_RULES, ...RULES, ...READER_RULES].map(({ code, severity, description }) => ({
  code,
  severity,
  description,
}));

const SHORT_NAMES = new Map<string, string>([...FILE_RULES, ...RULES, ...READER_RULES].map((r) => [r.code, r.short ?? r.description]));

/** The short Chinese name of a finding code (“金额按文字填写”); the code's description when it has none. */
export function ruleShortName(code: RuleCode): string {
  return SHORT_NAMES.get(code) ?? '其他问题';
}

const CODE_ORDER = new Map(RULE_CODES.map((code, i) => [code, i]));

/**
 * The order findings are reported in: table-level ones (no row) first, then by row, then by column,
 * then by the code's place in §4.
 */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.row === null || b.row === null) {
    if (a.row !== b.row) return a.row === null ? -1 : 1;
  } else if (a.row !== b.row) return a.row - b.row;
  const ca = a.cell === null ? -1 : colIndex(a.cell);
  const cb = b.cell === null ? -1 : colIndex(b.cell);
  if (ca !== cb) return ca - cb;
  return (CODE_ORDER.get(a.code) ?? 0) - (CODE_ORDER.get(b.code) ?? 0);
}

/**
 * Runs every rule on one table; the findings sorted by row then column, table-level ones first. The
 * rules that look at rows get them in one pass over the table (visitRows), not one pass each.
 */
export function checkTable(table: Table, context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const visitors: RowVisitor[] = [];
  for (const rule of RULES) {
    const visitor = rule.start(table, context, findings);
    if (visitor) visitors.push(visitor);
  }
  visitRows(table, visitors);
  return findings.sort(compareFindings);
}
