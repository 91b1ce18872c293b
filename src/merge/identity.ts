/**
 * The merge's view of project identity: the counted tables of several weeks turned into the
 * resolver's records (src/projects/), resolved once, and looked up per merged row.
 */
import type { Config } from '../config/schema.js';
import { makeDistrictResolver } from '../config/districts.js';
import { nameContext, resolveProjects, type ProjectRecord, type Resolution } from '../projects/index.js';
import { KIND_ORDER, type KindId } from '../schema/kinds.js';
import { mergeKind, projectName, type MergedRow, type OutputValue } from './rows.js';
import type { WeekSelection } from './select.js';

/** The kinds whose rows are projects (not the 月报素材). */
export const PROJECT_KINDS: readonly KindId[] = ['lagging', 'provincial', 'municipal', 'whitelist'];

/** A merged row's id among the resolver's records: week, kind, group, file, sheet and row. */
export function rowId(week: string, kind: KindId, row: Pick<MergedRow, 'group' | 'source' | 'sourceRow'>): string {
  return [week, kind, row.group, row.source.file, row.source.sheet ?? '', row.sourceRow].join('|');
}

function amount(value: OutputValue | undefined): number | null {
  return value?.type === 'number' ? value.value : null;
}

/** The 起止年限 of a merged row: the merged text (2021.03-2023.12 or 2021-2023) read back. */
function period(row: MergedRow): ProjectRecord['period'] {
  const value = row.source.table?.rows.find((r) => r.row === row.sourceRow)?.cells.period?.value;
  if (value?.kind !== 'period') return null;
  const { startYear, startMonth, endYear, endMonth, yearOnly } = value;
  return { startYear, startMonth, endYear, endMonth, yearOnly };
}

/** The resolver's records of one week's counted tables. */
export function weekRecords(selection: WeekSelection, config: Config, kinds: readonly KindId[] = PROJECT_KINDS): ProjectRecord[] {
  const districts = makeDistrictResolver(config);
  const records: ProjectRecord[] = [];
  for (const kind of kinds) {
    if (!selection.kinds.includes(kind)) continue;
    for (const row of mergeKind(selection, kind, districts.resolve).rows) {
      const district = row.values.district;
      const name = projectName(row);
      if (name.trim() === '') continue;
      records.push({
        id: rowId(selection.week, kind, row),
        week: selection.week,
        kind,
        group: row.group,
        table: [selection.week, kind, row.group].join('|'),
        name,
        district: district?.type === 'text' ? districts.resolve(district.text) : null,
        total: amount(row.values.total),
        plan: amount(row.values.plan),
        completed: amount(row.values.completed),
        period: period(row),
      });
    }
  }
  return records;
}

/** Resolves the projects of several weeks' selections at once (any order). */
export function identifyProjects(selections: readonly WeekSelection[], config: Config): Resolution {
  const records = selections.flatMap((s) => weekRecords(s, config));
  const names = nameContext(config.city, config.groups.map((g) => g.district), config.districtAliases);
  return resolveProjects(records, { names, kindOrder: KIND_ORDER });
}

/** The project id of a merged row of `week`, or null (a row without a name). */
export function projectOfRow(identity: Resolution, week: string, kind: KindId, row: MergedRow): string | null {
  return identity.projectOf.get(rowId(week, kind, row)) ?? null;
}
