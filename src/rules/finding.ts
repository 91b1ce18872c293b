/** A finding: what validate reports, one per problem, with the §4 code. */
export type Severity = 'error' | 'warning';

export const RULE_CODES = [
  'file-unreadable',
  'file-encrypted',
  'file-format-unsupported',
  'file-too-large',
  'template-unrecognized',
  'header-missing-column',
  'header-extra-column',
  'header-duplicate-column',
  'filldate-missing',
  'filldate-invalid',
  /** Not in §4's list: a 填表日期 in a week before the one the table was received in. */
  'filldate-stale',
  'required-missing',
  'number-invalid',
  'number-negative',
  'number-as-text',
  'plan-exceeds-total',
  'completed-exceeds-total',
  'completed-exceeds-plan',
  'period-invalid',
  'period-reversed',
  'district-unknown',
  'district-mismatch',
  'value-not-in-list',
  'duplicate-project',
  'serial-invalid',
  'formula-error',
  'total-mismatch',
  'group-unknown',
  /** Not in §4's list: rows that look like data below the blank row that ended the table. */
  'data-after-blank-row',
  /** Added by issue 7: a formula whose value cannot be known (no saved result, beyond what xmb computes). */
  'formula-uncalculated',
  /** Added by issue 7: rows or columns of the table hidden in the file (read, but not seen on screen). */
  'hidden-cells',
  /** Added by issue 7: rows under the header hold something, yet no project row was read. */
  'rows-unread',
  /** Not in §4's list: what the reader noticed in a file it could still read (ReaderNotice in src/reader/model.ts). */
  'sheet-unreadable',
  'cell-unreadable',
  'encoding-invalid',
  'formats-ignored',
  'file-encoding',
  'sheet-truncated',
  /** Not in §4: text the writers cannot carry over as it is (control characters, U+FFFE …). */
  'text-invalid-character',
  /** Not in §4: text over Excel's 32,767 characters a cell. */
  'text-too-long',
] as const;

export type RuleCode = (typeof RULE_CODES)[number];

export interface Finding {
  severity: Severity;
  code: RuleCode;
  /** A1 reference, where one applies. */
  cell: string | null;
  /** 1-based sheet row, where one applies. */
  row: number | null;
  /** The field's label as the template prints it (single line), where one applies. */
  field: string | null;
  /** The raw value: string, number, boolean or null. */
  value: string | number | boolean | null;
  /** Chinese: what is wrong and what to change. */
  message: string;
}
