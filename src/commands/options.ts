/** Option parsing shared by several commands; every failure is one Chinese line (exit 2). */
import type { Config } from '../config/schema.js';
import { UserError } from '../errors.js';

/** --group N: a group number of the roster. */
export function parseGroupOption(text: string, config: Config): number {
  const number = Number(text.trim().replace(/^第|组$/g, ''));
  if (!Number.isInteger(number) || !config.groups.some((g) => g.number === number)) {
    const numbers = config.groups.map((g) => g.number);
    throw new UserError(`--group 应为组号 ${Math.min(...numbers)}–${Math.max(...numbers)}，收到“${text}”`);
  }
  return number;
}
