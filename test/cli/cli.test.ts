import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { REPO_ROOT, runCli } from '../support/cli.js';

const COMMANDS = ['validate', 'receive', 'merge', 'status', 'problems', 'remind', 'monthly', 'template', 'init'];

describe('xmb speaks Chinese and exits as §5 says', () => {
  it('xmb --help lists every command and the weekly workflow, in Chinese', () => {
    const run = runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^用法：/);
    for (const command of COMMANDS) expect(run.stdout).toContain(command);
    expect(run.stdout).toContain('每周、每月的做法');
    expect(run.stdout).not.toMatch(/Usage:|Options:|Commands:/);
  });

  it.each(COMMANDS)('xmb %s --help is Chinese', (command) => {
    const run = runCli([command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/用法：/);
    expect(run.stdout).toMatch(/选项：/);
    expect(run.stdout).not.toMatch(/Usage:|Options:|display help/);
  });

  it('an unknown option or command is one Chinese line and exit 2', () => {
    const option = runCli(['validate', '--colour', 'x.xlsx']);
    expect(option.code).toBe(2);
    expect(option.stderr.trim().split('\n')).toHaveLength(1);
    expect(option.stderr).toMatch(/不认识的选项 --colour/);
    const command = runCli(['mergee']);
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/不认识的命令 mergee/);
  });

  it('validate with no file found is exit 2 with a Chinese line, not a stack trace', () => {
    const missing = runCli(['validate', '/nonexistent/收件']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/找不到文件或文件夹/);
    expect(missing.stderr).not.toMatch(/at .*\.js:\d+/);
    const empty = mkdtempSync(join(tmpdir(), 'xmb-empty-'));
    const none = runCli(['validate', empty]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/没有找到要校验的 Excel 文件/);
  });

  it('--group outside the roster is a usage error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xmb-group-'));
    writeFileSync(join(dir, 'a.xlsx'), 'not a workbook');
    const run = runCli(['validate', '--group', '17', join(dir, 'a.xlsx')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--group 应为组号 1–16/);
  });

  it('a bad config in the working folder names the key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xmb-badconfig-'));
    writeFileSync(join(dir, 'xmb.config.json'), JSON.stringify({ ...DEFAULT_CONFIG, timeZone: 8 }));
    writeFileSync(join(dir, 'a.xlsx'), 'not a workbook');
    const run = runCli(['validate', 'a.xlsx'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/“timeZone”有误/);
  });

  it('init writes the default config once and keeps an existing one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xmb-init-'));
    expect(runCli(['init', dir]).code).toBe(0);
    const written = JSON.parse(readFileSync(join(dir, 'xmb.config.json'), 'utf8'));
    expect(written).toEqual(DEFAULT_CONFIG);
    writeFileSync(join(dir, 'xmb.config.json'), JSON.stringify({ ...DEFAULT_CONFIG, year: 2023 }));
    const again = runCli(['init', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/已存在，未覆盖/);
    expect(JSON.parse(readFileSync(join(dir, 'xmb.config.json'), 'utf8')).year).toBe(2023);
  });

  it('a text file named .xlsx gets a finding and exit 1, never a crash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xmb-text-'));
    writeFileSync(join(dir, '第三组-高新区.xlsx'), '这不是表格');
    const run = runCli(['validate', '--json', join(dir, '第三组-高新区.xlsx')]);
    expect(run.code).toBe(1);
    const output = JSON.parse(run.stdout);
    expect(output.results).toHaveLength(1);
    expect(output.results[0].issues[0].code).toBe('file-unreadable');
  });

  it('output piped into a reader that stops early (| head) ends quietly, without a stack trace', () => {
    // A real shell pipe: `head` closes it after one line while xmb is still writing.
    const script = `"${process.execPath}" "${join(REPO_ROOT, 'bin', 'xmb.js')}" validate --json "${join(REPO_ROOT, 'fixtures', 'inbox')}" | head -1`;
    const run = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
    expect(run.stdout).toBe('{\n');
    expect(run.stderr).not.toMatch(/EPIPE|at .*\.js:\d+/);
  });

  it('an output folder that is really a file is one Chinese line and exit 2, for every command that writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xmb-outfile-'));
    writeFileSync(join(dir, '汇总'), '');
    const inbox = join(REPO_ROOT, 'fixtures', 'inbox');
    const runs = [
      runCli(['merge', '--week', '2022-W09', '--inbox', inbox, '--out', '汇总'], { cwd: dir }),
      runCli(['monthly', '--month', '2022-03', '--inbox', inbox, '--out', '汇总/月报'], { cwd: dir }),
      runCli(['template', '--out', '汇总'], { cwd: dir }),
      runCli(['init', '汇总'], { cwd: dir }),
      runCli(['problems', '--week', '2022-W09', '--inbox', inbox, '--out', '汇总'], { cwd: dir }),
      runCli(['remind', '--week', '2022-W09', '--inbox', inbox, '--out', '汇总'], { cwd: dir }),
    ];
    for (const run of runs) {
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^xmb：无法创建文件夹 .*汇总.*：/);
      expect(run.stderr).not.toMatch(/内部错误|EEXIST|ENOTDIR/);
    }
  });
});
