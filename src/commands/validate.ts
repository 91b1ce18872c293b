/**
 * xmb validate — STUB (being written).
 */
import type { Command } from 'commander';

export function register(program: Command, _setExitCode: (code: number) => void): Command {
  return program.command('validate').description('校验');
}
