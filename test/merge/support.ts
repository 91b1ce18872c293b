/** Submissions built directly from Table objects, for testing the merge logic without files. */
import type { FieldId, KindId } from '../../src/schema/kinds.js';
import type { DataRow, NormalValue, Table, TableCell } from '../../src/table/model.js';
import type { Submission } from '../../src/merge/submission.js';
import type { RuleCode } from '../../src/rules/finding.js';
import { isoWeekOf, isoWeekOfDate } from '../../src/time/index.js';

export type RowSpec = Partial<Record<FieldId, string | number>>;

function normal(field: FieldId, value: string | number): NormalValue {
  if (typeof value === 'number') return { kind: 'number', value, fromText: false };
  if (field === 'period') {
    const m = /^(\d{4})\.(\d{2})-(\d{4})\.(\d{2})$/.exec(value);
    if (m) return { kind: 'period', startYear: +m[1]!, startMonth: +m[2]!, endYear: +m[3]!, endMonth: +m[4]!, yearOnly: false };
  }
  return { kind: 'text', text: value };
}

export function tableOf(kind: KindId, group: number | null, district: string | null, rows: RowSpec[], file = 'x.xlsx'): Table {
  const dataRows: DataRow[] = rows.map((spec, i) => {
    const cells: Partial<Record<FieldId, TableCell>> = {};
    for (const [field, value] of Object.entries(spec) as [FieldId, string | number][]) {
      cells[field] = {
        ref: `A${i + 4}`,
        row: i + 4,
        raw: typeof value === 'number' ? { type: 'number', number: value } : { type: 'string', text: value },
        display: String(value),
        value: normal(field, value),
      };
    }
    return { row: i + 4, cells };
  });
  return {
    file,
    sheet: 'Sheet1',
    kind,
    title: null,
    headerRows: [3],
    columns: [],
    extraColumns: [],
    duplicateColumns: [],
    missingFields: [],
    fillDate: null,
    reportingUnit: null,
    rows: dataRows,
    totalRow: null,
    group,
    district,
    groupSource: group === null ? null : 'cell',
  };
}

export interface SubmissionSpec {
  group: number | null;
  kind?: KindId;
  /** An ISO instant with offset. */
  receivedAt: string;
  fillDate?: string | null;
  valid?: boolean;
  rows?: RowSpec[];
  file?: string;
  district?: string | null;
  /** Warnings the table got (code and cell). */
  warnings?: { code: RuleCode; cell: string | null }[];
}

const DISTRICTS = ['中原区', '二七区', '高新区', '新密市', '巩义市', '登封市', '郑东新区', '管城回族区', '惠济区', '上街区', '荥阳市', '航空港区', '金水区', '经开区', '新郑市', '中牟县'];

export function submission(spec: SubmissionSpec): Submission {
  const kind = spec.kind ?? 'lagging';
  const district = spec.district !== undefined ? spec.district : spec.group ? DISTRICTS[spec.group - 1]! : null;
  const rows = spec.rows ?? [{ name: `项目${spec.group}`, total: 100, plan: 50, completed: 10 }];
  const receivedAt = new Date(Date.parse(spec.receivedAt));
  const fillDate = spec.fillDate === undefined ? spec.receivedAt.slice(0, 10) : spec.fillDate;
  const file = spec.file ?? `inbox/第${spec.group}组_${kind}_${spec.receivedAt}.xlsx`;
  const valid = spec.valid ?? true;
  return {
    file,
    sheet: 'Sheet1',
    kind,
    group: spec.group,
    district,
    fillDate,
    receivedAt,
    receivedFrom: 'ledger',
    week: fillDate ? isoWeekOfDate(fillDate) : isoWeekOf(receivedAt, 'Asia/Shanghai'),
    weekFrom: fillDate ? 'fill-date' : 'receipt',
    valid,
    errors: valid ? 0 : 1,
    warnings: spec.warnings?.length ?? 0,
    warningFindings: spec.warnings ?? [],
    firstError: valid ? null : 'G5：截至完成投资超过总投资，请核实',
    rows: rows.length,
    table: tableOf(kind, spec.group, district, rows, file),
  };
}
