/**
 * The rule engine: runs every rule of §4 on one table.
 * STUB — to be implemented (issue 2, build step 4).
 */
import type { Config } from '../config/schema.js';
import type { Table } from '../table/model.js';
import type { Finding } from './finding.js';

export interface RuleContext {
  config: Config;
}

export function checkTable(_table: Table, _context: RuleContext): Finding[] {
  return [];
}
