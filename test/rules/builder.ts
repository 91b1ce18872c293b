/**
 * Builds Table objects for rule tests from plain rows, as the reader would hand them over:
 * title on row 1, 填表日期 on row 2, the header on row 3, data from row 4, columns in the kind's
 * template order (A, B, C …), refs and row numbers computed.
 */
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { cellRef, type CellValue } from '../../src/reader/model.js';
import { KINDS, type FieldId, type KindId } from '../../src/schema/kinds.js';
import type { ColumnMapping, DataRow, FillDate, NormalValue, Table, TableCell } from '../../src/table/model.js';

export const config = DEFAULT_CONFIG;
export const HEADER_ROW = 3;
export const FIRST_DATA_ROW = 4;

/** A cell as a test writes it. */
export interface CellInput {
  value: NormalValue;
  raw: CellValue;
  display: string;
  /** The cell's own ref; set for a row inside a vertical merge, which the reader gives the master's ref. */
  ref?: string;
}
export type Input = CellInput | string | number;

export const num = (n: number): CellInput => ({
  value: { kind: 'number', value: n, fromText: false },
  raw: { type: 'number', number: n },
  display: String(n),
});
/** A number typed as text: "12,000" read as 12000. */
export const numText = (text: string, n: number): CellInput => ({
  value: { kind: 'number', value: n, fromText: true },
  raw: { type: 'string', text },
  display: text,
});
export const txt = (text: string): CellInput => ({ value: { kind: 'text', text }, raw: { type: 'string', text }, display: text });
/** Blank; `written` is a placeholder such as 无 or —. */
export const blank = (written?: string): CellInput => ({
  value: { kind: 'blank' },
  raw: written === undefined ? { type: 'empty' } : { type: 'string', text: written },
  display: written ?? '',
});
export const err = (error: string): CellInput => ({ value: { kind: 'error', error }, raw: { type: 'error', error }, display: error });
export const invalid = (text: string): CellInput => ({ value: { kind: 'invalid', text }, raw: { type: 'string', text }, display: text });
export const period = (text: string, sy: number, sm: number, ey: number, em: number, yearOnly = false): CellInput => ({
  value: { kind: 'period', startYear: sy, startMonth: sm, endYear: ey, endMonth: em, yearOnly },
  raw: { type: 'string', text },
  display: text,
});
/** A row inside a vertical merge: the master cell's value at the master's ref (as the reader gives it). */
export const mergedFrom = (ref: string, input: Input): CellInput => ({ ...toInput(input), ref });
export const date = (iso: string): CellInput => ({ value: { kind: 'date', iso }, raw: { type: 'date', iso, serial: 0 }, display: iso });

function toInput(input: Input): CellInput {
  if (typeof input === 'number') return num(input);
  if (typeof input === 'string') return txt(input);
  return input;
}

export type RowInput = Partial<Record<FieldId, Input>>;

/** A correct row of each kind (row i of the table, 0-based), sent by 第三组（高新区）. */
export function cleanRow(kind: KindId, i: number): RowInput {
  const project = {
    serial: i + 1,
    name: `高新区智能制造产业园项目${i + 1}期`,
    overview: '新建厂房及配套设施 12 万平方米',
    progress: '主体结构施工中',
  };
  switch (kind) {
    case 'lagging':
      return {
        ...project,
        period: period('2021.03-2023.12', 2021, 3, 2023, 12),
        total: 48000,
        plan: 12000,
        completed: 10000,
        problems: '征地拆迁未完成（高新区自然资源局）',
        coordination: '已召开协调会，明确完成时限',
        district: '高新区',
      };
    case 'provincial':
    case 'municipal':
      return {
        ...project,
        leader: '张三',
        problems: '',
        plan: 12000,
        completed: 10000,
        total: 48000,
        period: period('2021.03-2023.12', 2021, 3, 2023, 12),
        district: '高新区',
      };
    case 'whitelist':
      return {
        serial: i + 1,
        name: project.name,
        overview: project.overview,
        district: '高新区',
        status: '已落实',
        problems: '',
        coordination: '',
        remark: '',
      };
    case 'monthly':
      return {
        serial: i + 1,
        column: '督导服务',
        title: `第三组深入项目一线开展督导服务（${i + 1}）`,
        content: '第三组走访项目 5 个，协调解决问题 2 个。',
        date: date('2022-03-04'),
        projects: project.name,
      };
  }
}

export interface TableOptions {
  /** Fields whose column the header lacks (→ missingFields). */
  omit?: FieldId[];
  /** Header labels of columns the template does not have, appended after the template's columns. */
  extra?: string[];
  /** Fields whose column appears a second time, appended after the template's columns (before extras). */
  duplicate?: FieldId[];
  /** undefined: a good 填表日期 in A2. */
  fillDate?: FillDate | null;
  /** undefined: group 3. */
  group?: number | null;
  reportingUnit?: string | null;
  /** A 合计 row after the data rows. */
  total?: RowInput;
  /** Whether rows start from cleanRow (default true). */
  defaults?: boolean;
}

/** A table of `kind` with one data row per entry of `rows` (each merged over a clean row). */
export function makeTable(kind: KindId, rows: RowInput[], options: TableOptions = {}): Table {
  const spec = KINDS[kind];
  const omit = new Set(options.omit ?? []);
  const columns: ColumnMapping[] = [];
  for (const field of spec.fields) if (!omit.has(field.id)) columns.push({ field: field.id, col: columns.length, label: field.label });
  const duplicateColumns: ColumnMapping[] = (options.duplicate ?? []).map((id, i) => ({
    field: id,
    col: columns.length + i,
    label: spec.fields.find((f) => f.id === id)?.label ?? id,
  }));
  const extraStart = columns.length + duplicateColumns.length;
  const extraColumns = (options.extra ?? []).map((label, i) => ({ col: extraStart + i, label }));

  const makeRow = (sheetRow: number, input: RowInput): DataRow => {
    const cells: DataRow['cells'] = {};
    for (const column of columns) {
      const given = input[column.field];
      if (given === undefined) continue;
      const c = toInput(given);
      const cell: TableCell = { ref: c.ref ?? cellRef(sheetRow - 1, column.col), row: sheetRow, raw: c.raw, display: c.display, value: c.value };
      if (typeof given === 'string' && given === '') {
        cell.value = { kind: 'blank' };
        cell.raw = { type: 'empty' };
      }
      cells[column.field] = cell;
    }
    return { row: sheetRow, cells };
  };

  const dataRows = rows.map((input, i) =>
    makeRow(FIRST_DATA_ROW + i, options.defaults === false ? input : { ...cleanRow(kind, i), ...input }),
  );
  const totalRow = options.total ? makeRow(FIRST_DATA_ROW + rows.length, options.total) : null;
  const group = options.group === undefined ? 3 : options.group;
  return {
    file: `第三组-${spec.shortName}.xlsx`,
    sheet: 'Sheet1',
    kind,
    title: spec.title.replace('{year}', '2022'),
    headerRows: [HEADER_ROW],
    columns,
    extraColumns,
    duplicateColumns,
    missingFields: spec.fields.filter((f) => omit.has(f.id)).map((f) => f.id),
    fillDate: options.fillDate === undefined ? { ref: 'A2', display: '2022年3月4日', iso: '2022-03-04' } : options.fillDate,
    reportingUnit: options.reportingUnit ?? null,
    rows: dataRows,
    totalRow,
    group,
    district: group === null ? null : (config.groups.find((g) => g.number === group)?.district ?? null),
    groupSource: group === null ? null : 'cell',
  };
}
