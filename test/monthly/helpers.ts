/** Builds Table objects and SourceTables directly (no reader), for the monthly tests. */
import type { FieldId, KindId } from '../../src/schema/kinds.js';
import type { DataRow, NormalValue, Table, TableCell } from '../../src/table/model.js';
import type { SourceTable } from '../../src/monthly/sources.js';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';

export type RowSpec = Partial<Record<FieldId, string | number | null>>;

function value(field: FieldId, v: string | number | null | undefined): NormalValue {
  if (v === null || v === undefined || v === '' || v === '无' || v === '—') return { kind: 'blank' };
  if (typeof v === 'number') return { kind: 'number', value: v, fromText: false };
  if (field === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return { kind: 'date', iso: v };
  return { kind: 'text', text: v };
}

export function makeTable(kind: KindId, group: number | null, fillDate: string | null, rows: RowSpec[], file = `${kind}-${group}-${fillDate}.xlsx`): Table {
  const dataRows: DataRow[] = rows.map((spec, i) => {
    const cells: DataRow['cells'] = {};
    for (const [field, raw] of Object.entries(spec) as [FieldId, string | number | null][]) {
      const cell: TableCell = {
        ref: `A${i + 4}`,
        row: i + 4,
        raw: raw === null ? { type: 'empty' } : typeof raw === 'number' ? { type: 'number', number: raw } : { type: 'string', text: raw },
        display: raw === null ? '' : String(raw),
        value: value(field, raw),
      };
      cells[field] = cell;
    }
    return { row: i + 4, cells };
  });
  const district = group === null ? null : (DEFAULT_CONFIG.groups.find((g) => g.number === group)?.district ?? null);
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
    fillDate: fillDate ? { ref: 'A2', display: fillDate, iso: fillDate } : null,
    reportingUnit: null,
    rows: dataRows,
    totalRow: null,
    group,
    district,
    groupSource: group === null ? null : 'cell',
  };
}

export function source(table: Table, options: { date?: string; valid?: boolean } = {}): SourceTable {
  const date = options.date ?? table.fillDate?.iso;
  if (!date) throw new Error('a date is needed');
  return { table, date, dateSource: table.fillDate?.iso ? 'filldate' : 'ledger', valid: options.valid ?? true, file: table.file };
}

/** Four weeks of weekly tables for every group, plus a 月报素材 table per group, for 2022-02-21 … 2022-03-20. */
export function sampleMonth(): SourceTable[] {
  const out: SourceTable[] = [];
  const fridays = ['2022-02-25', '2022-03-04', '2022-03-11', '2022-03-18'];
  for (const g of DEFAULT_CONFIG.groups) {
    const n = g.number;
    if (n === 5) continue; // group 5 sends nothing
    for (const [w, day] of fridays.entries()) {
      out.push(
        source(
          makeTable('lagging', n, day, [
            { serial: 1, name: `${g.district}滞后项目甲`, problems: '土地手续未办结，涉及市自然资源局', coordination: w >= 2 ? '已协调市自然资源局加快办理' : null, district: g.district },
            { serial: 2, name: `${g.district}滞后项目乙`, problems: w === 3 ? '电力接入延迟' : '无', district: g.district },
          ]),
        ),
      );
      if (n !== 7) out.push(source(makeTable('provincial', n, day, [{ serial: 1, leader: '某省领导', name: `${g.district}省联系项目`, district: g.district }])));
      out.push(source(makeTable('municipal', n, day, [{ serial: 1, leader: '某市领导', name: `${g.district}市联系项目`, problems: '资金缺口', district: g.district }])));
      if (n !== 9 || w === 0) out.push(source(makeTable('whitelist', n, day, [{ serial: 1, name: `${g.district}白名单项目`, status: '已落实', district: g.district }])));
    }
    if (n !== 11)
      out.push(
        source(
          makeTable('monthly', n, '2022-03-15', [
            { serial: 1, column: '项目动态', title: `${g.district}重点项目主体结构封顶`, content: `${g.district}某重点项目主体结构顺利封顶，较计划提前15天。`, date: '2022-03-0' + ((n % 9) + 1) },
            { serial: 2, column: '督导服务', title: `第${n}组深入一线协调解决用地问题`, content: '工作组现场办公，协调解决项目用地、用电等问题3个。' },
          ]),
        ),
      );
  }
  return out;
}
