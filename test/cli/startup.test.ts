/**
 * Start-up (issue 9 item 1): `xmb --help`, `--version` and usage errors load commander and the
 * command list only; a command's code is imported when that command runs; date-fns by subpath.
 * The times themselves are measured by `npm run bench:startup`, not asserted here.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS, VERSION, buildProgram, invokedCommand } from '../../src/cli.js';
import { REPO_ROOT } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'xmb-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The ES modules (file URLs, relative to the repository) that `node bin/xmb.js ...args` loads. */
function loadedModules(args: string[]): string[] {
  const out = join(dir, `loaded-${args.join('_').replace(/\W/g, '')}.txt`);
  const hooks = join(dir, 'hooks.mjs');
  const register = join(dir, 'register.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';\n` +
      `export async function load(url, context, next) { appendFileSync(${JSON.stringify(out)}, url + '\\n'); return next(url, context); }\n`,
  );
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  writeFileSync(out, '');
  const run = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, join(REPO_ROOT, 'bin', 'xmb.js'), ...args], {
    cwd: dir,
    encoding: 'utf8',
  });
  expect(run.error).toBeUndefined();
  return readFileSync(out, 'utf8')
    .split('\n')
    .filter((u) => u.startsWith('file:'))
    .map((u) => relative(REPO_ROOT, new URL(u).pathname).split('\\').join('/'));
}

const LIST_ONLY = ['bin/xmb.js', 'dist/cli.js', 'dist/errors.js', 'dist/fs-errors.js', 'dist/output/console.js', 'dist/output/terminal.js'];

describe('xmb starts with the command list only', () => {
  it.each(['--help', '--version', 'mergee', '--colour', ''])('xmb %s loads no command and no heavy library', (arg) => {
    const loaded = loadedModules(arg ? [arg] : []);
    const ours = loaded.filter((p) => !p.startsWith('node_modules/'));
    expect(ours.sort()).toEqual([...LIST_ONLY].sort());
    const libraries = new Set(loaded.filter((p) => p.startsWith('node_modules/')).map((p) => p.split('/')[1]));
    expect([...libraries].filter((l) => l !== 'commander' && l !== 'string-width')).toEqual([]);
  });

  it('a named command loads its own module and no other command', () => {
    const loaded = loadedModules(['template', '--help']);
    const commands = loaded.filter((p) => p.startsWith('dist/commands/'));
    expect(commands).toContain('dist/commands/template.js');
    expect(commands.filter((p) => p !== 'dist/commands/template.js' && p !== 'dist/commands/options.js')).toEqual([]);
  });

  it('the command list says of each command what its own register() says', async () => {
    const full = await buildProgram('all');
    const listed = await buildProgram();
    expect(listed.program.helpInformation()).toBe(full.program.helpInformation());
    for (const entry of COMMANDS) {
      const real = full.program.commands.find((c) => c.name() === entry.name);
      expect(real, entry.name).toBeDefined();
      expect(real!.description(), entry.name).toBe(entry.description);
      const args = real!.registeredArguments.map((a) => (a.required ? `<${a.name()}${a.variadic ? '...' : ''}>` : `[${a.name()}${a.variadic ? '...' : ''}]`));
      expect(args.join(' '), entry.name).toBe(entry.args);
    }
    // …and nothing is registered that the list lacks.
    expect(full.program.commands.map((c) => c.name()).filter((n) => n !== 'help')).toEqual(COMMANDS.map((c) => c.name));
  });

  it('finds the command on the command line, after options and behind help', () => {
    expect(invokedCommand(['merge', '--week', '2022-W09'])?.name).toBe('merge');
    expect(invokedCommand(['--help'])).toBeUndefined();
    expect(invokedCommand(['help', 'monthly'])?.name).toBe('monthly');
    expect(invokedCommand(['mergee'])).toBeUndefined();
    expect(invokedCommand([])).toBeUndefined();
  });

  it('the version is package.json’s', () => {
    expect(VERSION).toBe(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version);
  });
});

describe('date-fns is imported by subpath', () => {
  it('no source file imports the date-fns barrel (304 modules)', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = join(d, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts')) files.push(p);
      }
    };
    walk(join(REPO_ROOT, 'src'));
    const barrel = files.filter((f) => /from\s+['"]date-fns['"]|import\(\s*['"]date-fns['"]\s*\)/.test(readFileSync(f, 'utf8')));
    expect(barrel.map((f) => relative(REPO_ROOT, f))).toEqual([]);
  });
});
