/**
 * A week's merge, decided: the selection, one output per recipient (its kinds' merged rows and
 * week-over-week changes), the 催报名单, and the §5 JSON document. No files are touched here.
 */
import { join } from 'node:path';
import type { Config, Recipient } from '../config/schema.js';
import { makeDistrictResolver } from '../config/districts.js';
import type { KindId } from '../schema/kinds.js';
import { formatWall, formatZoned, previousWeek, weekFileLabel, type WeekId } from '../time/index.js';
import type { Resolution } from '../projects/index.js';
import { weekChanges, type KindChanges } from './changes.js';
import { identifyProjects } from './identity.js';
import { kindLights, LIGHT_KINDS, type KindLights } from './progress.js';
import { mergeKind, type MergedKind } from './rows.js';
import { reminders, selectWeek, weeklyKinds, type Reminder, type WeekSelection } from './select.js';
import type { Submission } from './submission.js';
import type { MergeDocument, MergeSubmission } from './plan-schema.js';

export interface RecipientOutput {
  recipient: Recipient;
  /** "2022年第09周_进度滞后项目_肖磊.xlsx": the week zero-padded, so that the files sort by week. */
  fileName: string;
  kinds: KindId[];
  merged: MergedKind[];
  changes: KindChanges[];
  /** The 序时进度 lights of the kinds that have a plan column (附件2/3/4), in `kinds` order. */
  lights: KindLights[];
  rows: number;
}

export interface MergePlan {
  week: WeekId;
  deadline: Date;
  /** The year of the week's deadline (in the zone): the year printed in the merged tables' titles. */
  year: number;
  /** "YYYY-MM-DD": the 填表日期 written on the merged tables (the day of the merge, in the zone). */
  mergeDate: string;
  selection: WeekSelection;
  previous: WeekSelection;
  /** The weeks before `previous`, newest first (historyWeeks of the config's lights), for the lights' history. */
  earlier: WeekSelection[];
  /** The projects of all these weeks, resolved (src/projects/). */
  identity: Resolution;
  outputs: RecipientOutput[];
  reminders: Reminder[];
}

/** The recipients of the weekly merge: all but those who only receive the monthly material. */
export function weeklyRecipients(config: Config): Recipient[] {
  return config.recipients.filter((r) => r.kinds.some((k) => k !== 'monthly'));
}

/** The file name of a recipient's merged workbook: "2022年第09周_进度滞后项目_肖磊.xlsx" (sortable week). */
export function outputFileName(week: WeekId, recipient: Recipient): string {
  const safe = (text: string) => text.replace(/[\\/:*?"<>|]/g, '');
  return `${weekFileLabel(week)}_${safe(recipient.report)}_${safe(recipient.person)}.xlsx`;
}

/**
 * The weeks a merge of `week` reads: the week, the previous one (本周变化), and as many before as the
 * lights look back (数据存疑 after `stuckWeeks` unchanged weeks), newest first.
 */
export function mergeWeeks(week: WeekId, config: Config): WeekId[] {
  const weeks = [week];
  for (let i = 0; i < Math.max(1, config.lights.stuckWeeks); i++) weeks.push(previousWeek(weeks[weeks.length - 1]!, config.timeZone));
  return weeks;
}

export function planMerge(submissions: Submission[], week: WeekId, config: Config, mergeDate: string): MergePlan {
  const kinds = weeklyKinds(config);
  const [, ...before] = mergeWeeks(week, config);
  const selection = selectWeek(submissions, week, kinds, config);
  const [previous, ...earlier] = before.map((w) => selectWeek(submissions, w, kinds, config)) as [WeekSelection, ...WeekSelection[]];
  const identity = identifyProjects([selection, previous, ...earlier], config);
  const districts = makeDistrictResolver(config);
  const outputs = weeklyRecipients(config).map((recipient): RecipientOutput => {
    const recipientKinds = recipient.kinds.filter((k) => k !== 'monthly');
    const merged = recipientKinds.map((k) => mergeKind(selection, k, districts.resolve));
    return {
      recipient,
      fileName: outputFileName(week, recipient),
      kinds: recipientKinds,
      merged,
      changes: recipientKinds.map((k) => weekChanges(selection, previous, k, identity)),
      lights: merged.filter((m) => LIGHT_KINDS.includes(m.kind)).map((m) => kindLights(m, week, identity, config)),
      rows: merged.reduce((n, m) => n + m.rows.length, 0),
    };
  });
  const year = Number(formatWall(selection.deadline, config.timeZone, 'yyyy'));
  return { week, deadline: selection.deadline, year, mergeDate, selection, previous, earlier, identity, outputs, reminders: reminders(selection, config) };
}

/** The lights of each kind once (a kind merged for two recipients is lit once), in the outputs' order. */
export function uniqueKindLights(plan: Pick<MergePlan, 'outputs'>): KindLights[] {
  const out: KindLights[] = [];
  for (const o of plan.outputs) for (const l of o.lights) if (!out.some((x) => x.kind === l.kind)) out.push(l);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The §5 JSON document of `xmb merge --json`.

// Its zod schema is in plan-schema.ts (loaded by the tests only, so that a merge never loads zod).
export type { MergeDocument, MergeSubmission } from './plan-schema.js';

/**
 * One entry per table of the week placed in a cell (on-time, late, superseded, invalid — newest
 * first) and one `missing` entry per empty cell; roster order of groups, then kinds.
 */
export function submissionEntries(selection: WeekSelection, timeZone: string): MergeSubmission[] {
  const out: MergeSubmission[] = [];
  for (const cell of selection.cells) {
    if (cell.submissions.length === 0) {
      out.push({ group: cell.group, district: cell.district, kind: cell.kind, status: 'missing', file: null, receivedAt: null, rows: 0 });
      continue;
    }
    for (const { submission, status } of cell.submissions)
      out.push({
        group: cell.group,
        district: cell.district,
        kind: cell.kind,
        status,
        file: submission.file,
        receivedAt: formatZoned(submission.receivedAt, timeZone),
        rows: submission.rows,
      });
  }
  return out;
}

export function mergeDocument(plan: MergePlan, outDir: string | null, config: Config): MergeDocument {
  return {
    version: 1,
    week: plan.week,
    deadline: formatZoned(plan.deadline, config.timeZone),
    outputs:
      outDir === null
        ? []
        : plan.outputs.map((o) => ({ recipient: o.recipient.person, kinds: o.kinds, file: join(outDir, o.fileName), rows: o.rows })),
    submissions: submissionEntries(plan.selection, config.timeZone),
  };
}

/**
 * One hint line when the merged week lies in another year than the configured one (the titles use
 * the week's year); null otherwise.
 */
export function yearHint(plan: Pick<MergePlan, 'week' | 'year'>, config: Config): string | null {
  if (plan.year === config.year) return null;
  const week = Number(plan.week.slice(plan.week.indexOf('W') + 1));
  return `提示：配置文件中的年度是 ${config.year} 年，本次汇总的是 ${plan.year} 年第${week}周；如已换年，请修改 xmb.config.json 中的 year`;
}

/** Whether anything at all of the week came in: a table in some cell (valid or not) or a file that could not be placed. */
export function weekHasTables(selection: WeekSelection): boolean {
  return selection.excluded.length > 0 || selection.cells.some((c) => c.submissions.length > 0);
}
