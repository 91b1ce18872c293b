/**
 * Finding district tables in a workbook: every visible sheet, header found by its labels.
 * STUB — to be implemented (issue 2, build step 3).
 */
import type { Config } from '../config/schema.js';
import type { WorkbookModel } from '../reader/model.js';
import type { Table } from './model.js';

export interface DetectContext {
  /** The path as the user gave it; goes into Table.file. */
  file: string;
  config: Config;
  /** --group N: the sending group, whatever the file says. */
  groupOverride?: number;
}

export function findTables(_workbook: WorkbookModel, _context: DetectContext): Table[] {
  return [];
}
