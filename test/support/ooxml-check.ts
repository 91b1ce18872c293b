/**
 * The shared validator `../shared/tools/ooxml-check` (relative to the repo root): ECMA-376 schemas
 * and Office repair triggers. Present on the team's machines, maybe not on CI; tests that use it
 * skip with the reason printed when it is absent or cannot run (it needs libxml2-utils and
 * python3-lxml).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './cli.js';

export const OOXML_CHECK = join(REPO_ROOT, '..', 'shared', 'tools', 'ooxml-check');

/** Why ooxml-check cannot run here, or null when it can. */
function unavailable(): string | null {
  if (!existsSync(OOXML_CHECK)) return `${OOXML_CHECK} not found`;
  if (spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).error) return 'xmllint is not installed (apt-get install libxml2-utils)';
  if (spawnSync('/usr/bin/python3', ['-c', 'import lxml'], { encoding: 'utf8' }).status !== 0) return 'python3-lxml is not installed';
  return null;
}

export const OOXML_CHECK_MISSING = unavailable();

/** Runs ooxml-check on the files; exit code 0 means none would make Office repair or refuse them. */
export function ooxmlCheck(files: string[]): { code: number | null; output: string } {
  const run = spawnSync(OOXML_CHECK, files, { encoding: 'utf8', timeout: 300_000 });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

/** Every .xlsx and .docx under `dir`, recursively (temporary files left out). */
export function officeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...officeFiles(path));
    else if (/\.(xlsx|docx)$/i.test(entry.name) && !entry.name.startsWith('.')) out.push(path);
  }
  return out.sort();
}
