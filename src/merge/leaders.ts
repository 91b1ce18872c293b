/**
 * Per leader (徐大利's workbook): the projects of each 省分管领导 (附件3) and 市分管领导 (附件4) with
 * their lights, so that the recipient can hand each leader a page. A cell naming two leaders
 * (“赵明远、钱立新”) puts the project on both leaders' pages. Leaders in order of first appearance
 * (the merged rows are in the roster's group order).
 */
import type { KindId } from '../schema/kinds.js';
import type { KindLights, RowLight } from './progress.js';

export interface LeaderPage {
  kind: KindId;
  /** The leader's name as written (trimmed, spaces inside removed: “赵 明远” → 赵明远). */
  leader: string;
  rows: RowLight[];
}

/** 、，, ；; / and line breaks separate two leaders in one cell. */
const SEPARATORS = /[、，,；;/\n]+/;

export function leaderNames(text: string): string[] {
  return text
    .split(SEPARATORS)
    .map((t) => t.replace(/\s+/g, ''))
    .filter((t) => t !== '' && !/^(无|—+|-+|\/)$/.test(t));
}

/** The pages of the kinds that have a leader column (附件3, 附件4), in the order of `lights`. */
export function leaderPages(lights: readonly KindLights[]): LeaderPage[] {
  const pages: LeaderPage[] = [];
  for (const k of lights) {
    if (k.kind !== 'provincial' && k.kind !== 'municipal') continue;
    const byLeader = new Map<string, RowLight[]>();
    for (const item of k.rows) {
      const value = item.row.values.leader;
      const text = value?.type === 'text' ? value.text : '';
      const names = leaderNames(text);
      for (const name of names.length > 0 ? names : ['未填分管领导']) {
        const list = byLeader.get(name) ?? [];
        list.push(item);
        byLeader.set(name, list);
      }
    }
    for (const [leader, rows] of byLeader) pages.push({ kind: k.kind, leader, rows });
  }
  return pages;
}
