/**
 * The README's commands work as written (issue 8 item 17): its set-up line puts `xmb` on PATH
 * (`npm link`, tried here into an empty npm prefix), after which the examples' `xmb …` lines run; it
 * never has anyone run xmb through npx (outside the project folder npx fetches a stranger's package).
 * Also keeps the README's licence table true to package.json and node_modules.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli.js';

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const prefix = mkdtempSync(join(tmpdir(), 'xmb-npm-link-'));
const work = mkdtempSync(join(tmpdir(), 'xmb-readme-'));
afterAll(() => {
  rmSync(prefix, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

/** The shell lines of the README section headed `heading` (``` sh blocks), comments dropped. */
function shellLines(heading: string): string[] {
  const start = readme.indexOf(heading);
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)]
    .flatMap((m) => m[1]!.split('\n'))
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l && !l.startsWith('#'));
}

describe('the README’s set-up and examples', () => {
  it('never runs xmb through npx', () => {
    expect(readme).not.toMatch(/npx\s+xmb/);
  });

  it('the set-up line puts xmb on PATH before its first xmb command, and that makes xmb a command', () => {
    const [first] = shellLines('## 两条命令');
    expect(first).toMatch(/npm ci && npm link && xmb /);
    const link = spawnSync('npm', ['link', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, npm_config_prefix: prefix },
    });
    expect(link.status, link.stderr).toBe(0);
    const version = spawnSync('xmb', ['--version'], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${join(prefix, 'bin')}:${process.env.PATH}` },
    });
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version);
  });

  it('every example after it is an xmb command xmb knows', () => {
    const lines = shellLines('## 两条命令').slice(2);
    expect(lines.length).toBeGreaterThan(3);
    const commands = new Set(
      spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'xmb.js'), '--help'], { encoding: 'utf8' })
        .stdout.split('\n')
        .map((l) => /^ {2}([a-z]+)\b/.exec(l)?.[1])
        .filter(Boolean),
    );
    for (const line of lines) {
      const [program, command] = line.split(/\s+/);
      expect(program, line).toBe('xmb');
      expect(commands.has(command!), line).toBe(true);
    }
  });
});

describe('the README’s licence table', () => {
  it('lists each dependency of package.json with its version and licence', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    const start = readme.indexOf('### 许可证');
    const section = readme.slice(start, readme.indexOf('\n#', start + 1));
    const rows = [...section.matchAll(/^\| (\S+) \| (\d[^|]*?) \| ([^|]+?) \|$/gm)].map((m) => [m[1], m[2], m[3]]);
    const expected = Object.keys(pkg.dependencies)
      .sort()
      .map((name) => {
        const installed = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8'));
        return [name, pkg.dependencies[name], installed.license];
      });
    expect(rows).toEqual(expected);
  });
});
