/**
 * The cells of a project row that the 问题台账's tracking reads (ledgerFromSubmissions in
 * from-inbox.ts): 项目名称, 所在区, 存在问题 and 协调解决情况 — through `trackedCells`, and nothing else
 * of a row. A *tracking summary* of a table is the table with its rows cut down to these cells and
 * little else (trackingSummary): what the inbox's result cache keeps beside each full result (src/inbox/cache.ts), so that
 * `monthly`, which tracks problems a year back, restores only that much of the tables it reads
 * for the tracking alone. Both sides use TRACKED_FIELDS, so tracking a summary and tracking its table
 * cannot differ.
 */
import type { FieldId } from '../schema/kinds.js';
import type { DataRow, Table, TableCell } from '../table/model.js';

/** The fields whose cells tracking reads, and a summary keeps. */
export const TRACKED_FIELDS = ['name', 'district', 'problems', 'coordination'] as const satisfies readonly FieldId[];

export type TrackedField = (typeof TRACKED_FIELDS)[number];

const KEPT: ReadonlySet<FieldId> = new Set(TRACKED_FIELDS);

/** The cells of a row that tracking reads (undefined: the table has no such column). */
export function trackedCells(row: DataRow): Record<TrackedField, TableCell | undefined> {
  const { name, district, problems, coordination } = row.cells;
  return { name, district, problems, coordination };
}

/**
 * A table's tracking summary: what tells which table it is and dates it (file, sheet, kind, 填表日期,
 * group, district, how the group was told, 报送单位) and its project rows, each cut to the cells of
 * TRACKED_FIELDS (in the row's order), with `trackedOnly` set. The rest is left empty: no title,
 * header rows, other columns (`columns` maps only the tracked fields), 合计 row, sums, categories or
 * hidden rows. A new object; the table is not changed.
 */
export function trackingSummary(table: Table): Table {
  return {
    file: table.file,
    sheet: table.sheet,
    kind: table.kind,
    title: null,
    headerRows: [],
    columns: table.columns.filter((c) => KEPT.has(c.field)),
    extraColumns: [],
    duplicateColumns: [],
    missingFields: [],
    fillDate: table.fillDate,
    reportingUnit: table.reportingUnit,
    rows: table.rows.map(cutRow),
    totalRow: null,
    group: table.group,
    district: table.district,
    groupSource: table.groupSource,
    trackedOnly: true,
  };
}

function cutRow(row: DataRow): DataRow {
  const cells: DataRow['cells'] = {};
  for (const [field, cell] of Object.entries(row.cells) as [FieldId, TableCell][]) if (KEPT.has(field)) cells[field] = cell;
  return { ...row, cells };
}
