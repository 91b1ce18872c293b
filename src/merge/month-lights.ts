/**
 * The 序时进度 lights over a month's weekly reports, for the 月报's 督导服务 section: per district
 * (group) the counts of 红 / 黄 / 绿 / 存疑 in its latest report of the month, and the projects that
 * were 红 in two or more of the month's weekly reports. The weeks are those whose Friday deadline
 * falls in the report's period (as `xmb status --month` counts them); each week's tables are
 * selected exactly as `xmb merge --week` selects them, and projects are told apart by the resolver.
 */
import type { Config } from '../config/schema.js';
import { KINDS, type KindId } from '../schema/kinds.js';
import { previousWeek, type WeekId } from '../time/index.js';
import { identifyProjects } from './identity.js';
import { kindLights, lightCountsByGroup, LIGHT_KINDS, type LightCounts } from './progress.js';
import { mergeKind } from './rows.js';
import { selectWeek, weeklyKinds, type WeekSelection } from './select.js';
import type { Submission } from './submission.js';
import { makeDistrictResolver } from '../config/districts.js';

export interface PersistentRed {
  project: string;
  /** The name as last written. */
  name: string;
  kind: KindId;
  /** How many of the month's weekly reports had it 红. */
  redWeeks: number;
}

export interface DistrictMonthLights {
  group: number;
  district: string;
  /** The group's latest week of the month with a row in 附件2/3/4, null when none. */
  week: WeekId | null;
  counts: LightCounts;
  /** Projects 红 in two or more weekly reports of the month, most weeks first. */
  persistentRed: PersistentRed[];
}

export interface MonthLights {
  weeks: WeekId[];
  groups: DistrictMonthLights[];
  total: LightCounts;
}

/** 红 in at least this many weekly reports of the month to be listed. */
export const PERSISTENT_RED_WEEKS = 2;

/**
 * The lights of the month whose weekly reports are `weeks` (ISO weeks, any order; their deadline
 * falls in the report's period). `submissions` must also hold the `stuckWeeks` weeks before the
 * first (read only as history, for 数据存疑). Returns every group of the roster in roster order: its
 * counts from the latest week in which it has a row in 附件2/3/4 (zeros and `week: null` without
 * one), each project once; and its projects 红 in at least PERSISTENT_RED_WEEKS of `weeks`. Pure;
 * amounts in 万元, dates as the tables' 填表日期 (Asia/Shanghai calendar days).
 */
export function monthLights(submissions: readonly Submission[], weeks: readonly WeekId[], config: Config): MonthLights {
  const kinds = weeklyKinds(config);
  const sorted = [...weeks].sort();
  const zero = (): LightCounts => ({ red: 0, yellow: 0, green: 0, doubt: 0, none: 0 });
  if (sorted.length === 0)
    return { weeks: [], groups: config.groups.map((g) => ({ group: g.number, district: g.district, week: null, counts: zero(), persistentRed: [] })), total: zero() };
  // The month's weeks and, before them, as many as the lights look back.
  const lookBack: WeekId[] = [];
  let w = sorted[0]!;
  for (let i = 0; i < config.lights.stuckWeeks; i++) lookBack.push((w = previousWeek(w, config.timeZone)));
  const selections = new Map<WeekId, WeekSelection>();
  for (const week of [...lookBack, ...sorted]) selections.set(week, selectWeek([...submissions], week, kinds, config));
  const identity = identifyProjects([...selections.values()], config);
  const districts = makeDistrictResolver(config);
  const perWeek = sorted.map((week) => ({
    week,
    lights: LIGHT_KINDS.filter((k) => kinds.includes(k)).map((k) => kindLights(mergeKind(selections.get(week)!, k, districts.resolve), week, identity, config)),
  }));

  const groups: DistrictMonthLights[] = config.groups.map((g) => {
    const latest = [...perWeek].reverse().find((p) => p.lights.some((k) => k.rows.some((r) => r.row.group === g.number)));
    const counts = latest ? lightCountsByGroup(latest.lights, config).groups.find((x) => x.group === g.number)! : { group: g.number, district: g.district, ...zero() };
    const reds = new Map<string, PersistentRed>();
    for (const p of perWeek) {
      const seen = new Set<string>();
      for (const k of p.lights)
        for (const item of k.rows) {
          if (item.row.group !== g.number || item.project === null || seen.has(item.project)) continue;
          if (item.light.state !== 'light' || item.light.colour !== 'red') continue;
          seen.add(item.project);
          const name = item.row.values.name?.type === 'text' ? item.row.values.name.text.trim() : '';
          const entry = reds.get(item.project) ?? { project: item.project, name, kind: k.kind, redWeeks: 0 };
          entry.redWeeks++;
          entry.name = name || entry.name;
          reds.set(item.project, entry);
        }
    }
    const persistentRed = [...reds.values()].filter((r) => r.redWeeks >= PERSISTENT_RED_WEEKS).sort((a, b) => b.redWeeks - a.redWeeks);
    const { red, yellow, green, doubt, none } = counts;
    return { group: g.number, district: g.district, week: latest?.week ?? null, counts: { red, yellow, green, doubt, none }, persistentRed };
  });
  const total = zero();
  for (const g of groups) for (const key of Object.keys(total) as (keyof LightCounts)[]) total[key] += g.counts[key];
  return { weeks: sorted, groups, total };
}

/** “某某项目（红灯3期，进度滞后）”. */
export function persistentRedText(r: PersistentRed): string {
  return `${r.name}（红灯${r.redWeeks}期，${KINDS[r.kind].shortName}）`;
}
