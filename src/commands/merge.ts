/**
 * xmb merge — STUB, to be implemented (see the issues).
 */
import type { Command } from 'commander';
import { UserError } from '../errors.js';

export function register(program: Command, _setExitCode: (code: number) => void): Command {
  return program
    .command('merge')
    .description('（尚未实现）')
    .action(() => {
      throw new UserError('此命令尚未实现');
    });
}
