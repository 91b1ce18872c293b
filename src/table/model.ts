/**
 * The table model: one recognised district table, its cells normalised for its kind's schema.
 * Rules see only this (never the workbook or the reading engine).
 */
import type { FieldId, KindId } from '../schema/kinds.js';
import type { CellValue } from '../reader/model.js';

/** A cell after normalisation for its column's type (see values/normalise.ts). */
export type NormalValue =
  /** Empty, whitespace, or a placeholder (—, -, /, 无, 暂无). */
  | { kind: 'blank' }
  /** A formula error value (#REF! …). */
  | { kind: 'error'; error: string }
  | { kind: 'text'; text: string }
  /** An amount in 万元; `fromText` when it was typed as text ("12,000", "1.2亿", "3000万元", full-width digits). */
  | { kind: 'number'; value: number; fromText: boolean }
  /** 起止年限: months are 1–12; a year-only period has startMonth 1 / endMonth 12 and `yearOnly`. */
  | { kind: 'period'; startYear: number; startMonth: number; endYear: number; endMonth: number; yearOnly: boolean }
  /** A calendar date, "YYYY-MM-DD". */
  | { kind: 'date'; iso: string }
  /** A value that cannot be read as the column's type; `text` is what was there. */
  | { kind: 'invalid'; text: string }
  /**
   * A formula whose value cannot be known: saved without a result (or in a workbook that recalculates
   * on load) and beyond what is computed here (table/formulas.ts). `formula` is its text.
   */
  | { kind: 'uncalculated'; formula: string };

export interface TableCell {
  /** A1 reference in the sheet, e.g. "G7". */
  ref: string;
  /** 1-based sheet row. */
  row: number;
  /** The stored value, for messages and the JSON `value` (a formula's value as computed, when it was). */
  raw: CellValue;
  /** The formula's text, when the cell holds one whose saved result was not taken as it was (computed or unknown). */
  formula?: string;
  /** The cell's text as a person reads it (trimmed, numbers as written). */
  display: string;
  value: NormalValue;
}

export interface DataRow {
  /** 1-based sheet row. */
  row: number;
  cells: Partial<Record<FieldId, TableCell>>;
  /**
   * The category rows the project sits under, outermost first, as written
   * (["一、产业项目（2个）", "（一）续建项目"]); absent when the table has none above it.
   */
  category?: string[];
}

/** A category row (一、产业项目（2个）): not a project; the projects under it carry its label. */
export interface CategoryInfo {
  label: string;
  /** 1-based sheet row. */
  row: number;
  /** 1 for 一、…, 2 for （一）…, 3 for 1.…, 4 for (1)…. */
  level: number;
  /** 1-based sheet rows of the projects under it (nested categories included). */
  rows: number[];
}

/**
 * A row that states a sum of projects: a 合计/总计 (all projects), a 小计 (the projects since the
 * category or 小计 before it), or a category row that carries amounts (its projects).
 */
export interface SumRow {
  kind: 'total' | 'subtotal' | 'category';
  /** The row with its amount cells normalised (merges not expanded into it). */
  row: DataRow;
  /** 1-based sheet rows of the projects it sums. */
  covers: number[];
}

export interface ColumnMapping {
  field: FieldId;
  /** 0-based column. */
  col: number;
  /** The label as the file writes it (header rows joined). */
  label: string;
}

export interface ExtraColumn {
  col: number;
  label: string;
}

export interface FillDate {
  /** Where the date was read from (the 填表日期 cell or the cell right of it). */
  ref: string | null;
  /** What was written after 填表日期： (may be empty). */
  display: string;
  /** "YYYY-MM-DD" when it reads as a date. */
  iso: string | null;
  /**
   * The formula written where the date should be (without "="), when it was saved without a result
   * and cannot be computed here (=TODAY(), ="填表日期："&TEXT(TODAY(),…)): `display` is then ''
   * and `ref` is the formula's cell (filldate-missing says so).
   */
  formula?: string;
}

/** 'override': --group N on the command line. */
export type GroupSource = 'cell' | 'filename' | 'column' | 'override';

export interface Table {
  file: string;
  sheet: string;
  kind: KindId;
  /** The title row's text, when there is one. */
  title: string | null;
  /** 1-based sheet rows of the header (one or two rows). */
  headerRows: number[];
  columns: ColumnMapping[];
  extraColumns: ExtraColumn[];
  /** The same field twice: the second and later occurrences. */
  duplicateColumns: ColumnMapping[];
  /** Fields of the kind that no header label matched. */
  missingFields: FieldId[];
  /** null when the sheet has no 填表日期 at all. */
  fillDate: FillDate | null;
  /** The text after 报送单位：, when present. */
  reportingUnit: string | null;
  rows: DataRow[];
  /** A 合计/小计 footer row, its amount cells normalised. */
  totalRow: DataRow | null;
  /** Every row that states a sum (合计 at the top or bottom, 小计, a category with amounts), in sheet order. */
  sums?: SumRow[];
  /** The category rows, in sheet order (empty or absent when the table has none). */
  categories?: CategoryInfo[];
  /** 1-based sheet rows of 栏次 rows (甲 乙 1 2 3 …) under the header. */
  numberingRows?: number[];
  /** 1-based sheet rows of breakdown lines (其中：产业项目 … and the lines after it): parts of a sum, not projects. */
  breakdownRows?: number[];
  /**
   * Set when no project row was read although rows below the header hold something (categories,
   * totals with figures, rows after a blank row): 1-based sheet rows. A table never reads as
   * “valid with 0 rows” by mistake.
   */
  unreadRows?: number[] | null;
  /**
   * Rows and columns of the table hidden in the file (1-based rows, 0-based columns with their
   * labels); the clerk checking on screen does not see them. `filteredRows` are hidden by an autofilter.
   * `sheet` is set when the whole sheet is hidden (read only because no visible sheet held a table).
   */
  hidden?: { rows: number[]; filteredRows: number[]; columns: { col: number; label: string }[]; sheet?: boolean } | null;
  /** The sending group, and how it was told. */
  group: number | null;
  district: string | null;
  groupSource: GroupSource | null;
  /**
   * Rows that look like data but come after the blank row that ended the table (1-based, inclusive):
   * not read, and reported, since a stray blank row would otherwise drop projects silently.
   */
  rowsAfterBlank?: { first: number; last: number; blankRow: number } | null;
  /**
   * Set on a tracking summary (src/problems/tracked-cells.ts), never on a table read from a file:
   * its rows hold only the cells the 问题台账's tracking reads. What counts cells or amounts must not
   * be given one (monthly reads summaries only for tables dated before its period).
   */
  trackedOnly?: true;
}
