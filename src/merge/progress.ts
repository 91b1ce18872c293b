/**
 * The 序时进度 lights of a week's merged rows (lights.ts applied): each row of 附件2/3/4 gets its
 * light from its own figures, the 填表日期 of its table, and the same project's earlier reports in
 * the same kind of table (found by the project resolver, so a renamed or respelled project keeps
 * its history). Plus the 进度预警 list (红 and 数据存疑, by group) and counts per group.
 */
import type { Config } from '../config/schema.js';
import type { Resolution } from '../projects/index.js';
import type { KindId } from '../schema/kinds.js';
import { dateInZone } from '../time/index.js';
import { progressLight, type EarlierReport, type Light, type LightSettings } from './lights.js';
import { projectOfRow } from './identity.js';
import type { MergedKind, MergedRow } from './rows.js';

/** The kinds with a plan column: 附件2 (年度计划投资), 附件3/4 (本年计划投资). */
export const LIGHT_KINDS: readonly KindId[] = ['lagging', 'provincial', 'municipal'];

export interface RowLight {
  row: MergedRow;
  /** The resolver's project id, null for a row without a name. */
  project: string | null;
  light: Light;
}

export interface KindLights {
  kind: KindId;
  /** One per merged row, in the merged rows' order. */
  rows: RowLight[];
}

export interface LightCounts {
  red: number;
  yellow: number;
  green: number;
  doubt: number;
  /** Rows without a light (no plan, or no 截至完成投资). */
  none: number;
}

export function lightSettings(config: Config): LightSettings {
  return config.lights;
}

/** The date the 序时进度 is taken at: the table's 填表日期, else the day it was received (in the zone). */
export function rowDate(row: MergedRow, timeZone: string): string {
  return row.source.fillDate ?? dateInZone(row.source.receivedAt, timeZone);
}

function amount(row: MergedRow, field: 'plan' | 'completed'): number | null {
  const value = row.values[field];
  return value?.type === 'number' ? value.value : null;
}

/**
 * The lights of one kind's merged rows of `week`. `identity` must cover the earlier weeks that
 * matter (stuckWeeks back); a project's earlier report of a week is its row in the same kind, from
 * the same group when it has one there.
 */
export function kindLights(merged: MergedKind, week: string, identity: Resolution, config: Config): KindLights {
  const projects = new Map(identity.projects.map((p) => [p.id, p]));
  const settings = lightSettings(config);
  const rows = merged.rows.map((row): RowLight => {
    const project = projectOfRow(identity, week, merged.kind, row);
    const history: EarlierReport[] = [];
    if (project !== null) {
      const earlier = projects.get(project)!.records.filter((r) => r.kind === merged.kind && r.week < week);
      const weeks = [...new Set(earlier.map((r) => r.week))];
      for (const w of weeks) {
        const inWeek = earlier.filter((r) => r.week === w);
        const pick = inWeek.find((r) => r.group === row.group) ?? inWeek[0]!;
        history.push({ week: w, completed: pick.completed });
      }
    }
    const light = progressLight({ completed: amount(row, 'completed'), plan: amount(row, 'plan'), date: rowDate(row, config.timeZone), week, history }, settings);
    return { row, project, light };
  });
  return { kind: merged.kind, rows };
}

export function countLights(rows: readonly RowLight[]): LightCounts {
  const counts: LightCounts = { red: 0, yellow: 0, green: 0, doubt: 0, none: 0 };
  for (const { light } of rows) {
    if (light.state === 'light') counts[light.colour]++;
    else if (light.state === 'doubt') counts.doubt++;
    else counts.none++;
  }
  return counts;
}

/** The 进度预警 list: the rows that are 红 or 数据存疑, in the merged order (roster order of groups). */
export function alertRows(lights: readonly KindLights[]): { kind: KindId; item: RowLight }[] {
  const out: { kind: KindId; item: RowLight }[] = [];
  for (const k of lights)
    for (const item of k.rows) if ((item.light.state === 'light' && item.light.colour === 'red') || item.light.state === 'doubt') out.push({ kind: k.kind, item });
  return out.sort((a, b) => a.item.row.group - b.item.row.group);
}

export interface GroupLightCounts extends LightCounts {
  group: number;
  district: string;
}

/**
 * Counts per group (roster order, every group of the config) over the given kinds' lights, each
 * project once per group: a project in 附件2 and 附件3 both counts by its 附件2 row (the first kind).
 */
export function lightCountsByGroup(lights: readonly KindLights[], config: Config): { groups: GroupLightCounts[]; total: LightCounts } {
  const seen = new Set<string>();
  const rows: RowLight[] = [];
  for (const k of lights)
    for (const item of k.rows) {
      const key = item.project === null ? null : `${item.row.group}|${item.project}`;
      if (key !== null && seen.has(key)) continue;
      if (key !== null) seen.add(key);
      rows.push(item);
    }
  const groups = config.groups.map((g) => ({ group: g.number, district: g.district, ...countLights(rows.filter((r) => r.row.group === g.number)) }));
  return { groups, total: countLights(rows) };
}
