/**
 * The items of the report: the rows of the groups' 月报素材 tables (栏目/标题/内容/日期/涉及项目),
 * taken by their 日期 inside the period (a row without 日期 takes its table's date). An item sent
 * twice — the same 栏目, 标题, 内容 and date, by one group or by several — appears once, with every
 * group that sent it. Within a 栏目 items are in date order, then by the first group's number, then
 * by title.
 */
import { MONTHLY_COLUMNS } from '../schema/kinds.js';
import type { Config } from '../config/schema.js';
import type { TableCell } from '../table/model.js';
import { normaliseKey, type DateRange, type SourceTable } from './sources.js';

export type MonthlyColumn = (typeof MONTHLY_COLUMNS)[number];

export interface ItemGroup {
  number: number;
  district: string;
}

export interface MonthlyItem {
  column: MonthlyColumn;
  title: string;
  content: string;
  /** "YYYY-MM-DD". */
  date: string;
  /** The row's own 日期, or the table's date when the row has none. */
  dateFromRow: boolean;
  projects: string | null;
  /** The sending groups in roster order (one, unless several sent the same item). */
  groups: ItemGroup[];
  /** Where it came from: "file row" pairs. */
  sources: { file: string; row: number }[];
}

function text(cell: TableCell | undefined): string {
  if (!cell) return '';
  const v = cell.value;
  if (v.kind === 'blank') return '';
  if (v.kind === 'text') return v.text.trim();
  return cell.display.trim();
}

function isColumn(value: string): value is MonthlyColumn {
  return (MONTHLY_COLUMNS as readonly string[]).includes(value);
}

/** The groups' items dated inside `range`, deduplicated and sorted (see the file's comment). */
export function collectItems(sources: SourceTable[], config: Pick<Config, 'groups'>, range: DateRange): MonthlyItem[] {
  const byKey = new Map<string, MonthlyItem>();
  for (const source of sources) {
    const { table } = source;
    if (!source.valid || table.kind !== 'monthly' || table.group === null) continue;
    // 月报素材 are always read whole (src/merge/load.ts canSkip): a summary here is a bug.
    if (table.trackedOnly) throw new Error(`items given a tracking summary: ${source.file}`);
    const district = config.groups.find((g) => g.number === table.group)?.district ?? table.district ?? '';
    for (const row of table.rows) {
      const column = normaliseKey(text(row.cells.column));
      const title = text(row.cells.title);
      const content = text(row.cells.content);
      if (!isColumn(column) || (!title && !content)) continue;
      const dateValue = row.cells.date?.value;
      const dateFromRow = dateValue?.kind === 'date';
      const date = dateValue?.kind === 'date' ? dateValue.iso : source.date;
      if (date < range.start || date > range.end) continue;
      const projects = text(row.cells.projects) || null;
      const key = [column, normaliseKey(title), normaliseKey(content), date].join('\u0000');
      let item = byKey.get(key);
      if (!item) {
        item = { column, title, content, date, dateFromRow, projects, groups: [], sources: [] };
        byKey.set(key, item);
      }
      if (!item.groups.some((g) => g.number === table.group)) item.groups.push({ number: table.group, district });
      if (!item.projects && projects) item.projects = projects;
      item.sources.push({ file: source.file, row: row.row });
    }
  }
  const items = [...byKey.values()];
  for (const item of items) item.groups.sort((a, b) => a.number - b.number);
  return items.sort(
    (a, b) =>
      cmp(a.date, b.date) || a.groups[0]!.number - b.groups[0]!.number || cmp(a.title, b.title) || cmp(a.content, b.content),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
