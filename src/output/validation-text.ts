/**
 * The terminal report of `xmb validate`: per table, what it is and who sent it, then every finding
 * with its cell, and a last line that says what to do. Colours only when the terminal shows them.
 */
import chalk from 'chalk';
import Table from 'cli-table3';
import stringWidth from 'string-width';
import { groupName } from '../config/group-name.js';
import { KINDS } from '../schema/kinds.js';
import type { RuleInfo } from '../rules/index.js';
import type { AnnotatedCopy, TableResult, ValidateOutput } from '../validate/result.js';
import { terminalSafe } from './terminal.js';

export function kindLabel(kind: TableResult['kind']): string {
  if (!kind) return '未识别的表格';
  const spec = KINDS[kind];
  return spec.annex === '自拟' ? spec.shortName : `${spec.annex}（${spec.shortName}）`;
}

function describeTable(result: TableResult): string {
  const parts: string[] = [];
  parts.push(`工作表“${terminalSafe(result.sheet ?? '')}”`);
  if (result.kind) {
    parts.push(kindLabel(result.kind));
    parts.push(result.group ? `${groupName(result.group)}（${terminalSafe(result.district ?? '区县不明')}）` : '报送组不明');
    const fillDateUnreadable = result.issues.some((i) => i.code === 'filldate-invalid');
    parts.push(result.fillDate ? `填表日期 ${result.fillDate}` : fillDateUnreadable ? '填表日期无法识别' : '未填填表日期');
    parts.push(result.rows === 0 ? '无项目（本周无滞后项目也算已报送）' : `${result.rows} 行`);
  }
  return parts.join(' · ');
}

/**
 * Breaks text into lines of at most `width` terminal columns. cli-table3 wraps at spaces, which
 * Chinese does not have, and cuts the rest off; so the lines are made here, by display width,
 * between Chinese characters but never inside a number, a cell reference or a word (“591000”,
 * “#REF!”, “G7”), unless one is longer than a line.
 */
export function wrapToWidth(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const token of text.match(/[\x21-\x7e，,.%]+|\s+|./gsu) ?? []) {
    if (token === '\n') {
      lines.push(line);
      line = '';
      continue;
    }
    if (line !== '' && stringWidth(line + token) > width) {
      lines.push(line);
      line = token.trim() === '' ? '' : token;
    } else line += token;
    while (stringWidth(line) > width) {
      let cut = '';
      for (const char of line) {
        if (stringWidth(cut + char) > width) break;
        cut += char;
      }
      lines.push(cut);
      line = line.slice(cut.length);
    }
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

/** The message column takes what the terminal has left (at least 30 columns; 100 when not a terminal). */
function messageWidth(): number {
  const columns = process.stdout.columns || 100;
  return Math.max(30, columns - 4 - (8 + 6 + 18 + 16) - 6);
}

function formatValue(value: TableResult['issues'][number]['value']): string {
  if (value === null) return '';
  const text = terminalSafe(typeof value === 'boolean' ? (value ? '是' : '否') : String(value)).replace(/\s+/g, ' ');
  // Whole up to three lines of the column; a longer text (a 项目概况) is shortened.
  return wrapToWidth(text.length > 40 ? `${text.slice(0, 39)}…` : text, 14);
}

/** The closing count: files, the tables found in them (合格 / 不合格), files without a table, findings. */
function summaryLine(results: TableResult[], summary: ValidateOutput['summary']): string {
  const tables = results.filter((r) => r.kind !== null);
  const valid = tables.filter((r) => r.valid).length;
  // Files none of whose results is a table (a file with a table and an unreadable sheet has a table).
  const withTable = new Set(tables.map((r) => r.file));
  const noTable = new Set(results.filter((r) => !withTable.has(r.file)).map((r) => r.file)).size;
  const parts = [`共 ${summary.files} 个文件`, `识别出 ${tables.length} 张表（合格 ${valid} 张，不合格 ${tables.length - valid} 张）`];
  if (noTable > 0) parts.push(`${noTable} 个文件没有可用的表格`);
  parts.push(`错误 ${summary.errors} 个，警告 ${summary.warnings} 个。`);
  return parts.join('；');
}

/**
 * What one annotated copy holds, in one line: the marked original, a marked copy rebuilt from the
 * values read (and why), or only the 校验结果 sheet (and why).
 */
export function describeCopy(copy: AnnotatedCopy): string {
  const marked = copy.cells > 0 ? `已标注 ${copy.cells} 个单元格` : '没有可标注的单元格，问题见“校验结果”页';
  switch (copy.content) {
    case 'original':
      return `原表，${marked}`;
    case 'rebuilt':
      return `按读出的内容重建，${marked}；原表的字体、颜色、边框和公式未保留，因为${copy.reason ?? ''}`;
    case 'summary':
      return `只有“校验结果”一页（${copy.findings} 个问题），未在原表上标注，因为${copy.reason ?? ''}`;
  }
}

export function formatValidation(results: TableResult[], summary: ValidateOutput['summary'], annotated: AnnotatedCopy[]): string {
  const lines: string[] = [];
  let lastFile = '';
  for (const result of results) {
    if (result.file !== lastFile) {
      if (lastFile) lines.push('');
      lines.push(chalk.bold(terminalSafe(result.file)));
      lastFile = result.file;
    }
    const errors = result.issues.filter((i) => i.severity === 'error').length;
    const warnings = result.issues.length - errors;
    if (result.kind === null) {
      // The file yields no table: one line says why and what to do.
      for (const issue of result.issues) lines.push(`  ${issue.severity === 'error' ? chalk.red('✗') : chalk.yellow('!')} ${terminalSafe(issue.message)}`);
      continue;
    }
    const mark = errors > 0 ? chalk.red('✗') : warnings > 0 ? chalk.yellow('!') : chalk.green('✓');
    lines.push(`  ${mark} ${describeTable(result)}`);
    if (result.issues.length > 0) {
      const table = new Table({
        head: ['单元格', '级别', '栏目', '原值', '问题及修改要求'],
        style: { head: [], border: [] },
        colWidths: [8, 6, 18, 16, messageWidth()],
      });
      for (const issue of result.issues) {
        table.push([
          issue.cell ?? '—',
          issue.severity === 'error' ? chalk.red('错误') : chalk.yellow('警告'),
          wrapToWidth(terminalSafe(issue.field ?? ''), 16),
          formatValue(issue.value),
          // The cell has its own column; drop the "G7：" the message starts with.
          wrapToWidth(
            terminalSafe(issue.cell && issue.message.startsWith(`${issue.cell}：`) ? issue.message.slice(issue.cell.length + 1) : issue.message),
            messageWidth() - 2,
          ),
        ]);
      }
      lines.push(
        table
          .toString()
          .split('\n')
          .map((line) => `    ${line}`)
          .join('\n'),
      );
      lines.push(
        errors > 0
          ? chalk.red(`    有 ${errors} 个错误${warnings ? `、${warnings} 个警告` : ''}：这张表不能汇总，请退回区县按上表修改。`)
          : result.group === null
            ? chalk.yellow(`    有 ${warnings} 个警告：看不出是哪个组报送的，汇总时不会计入；请区县写明“报送单位：第X组（XX区）”，或收件时用 xmb receive --group 组号 指定。`)
            : chalk.yellow(`    有 ${warnings} 个警告：可以汇总，建议请区县核实。`),
      );
    }
  }
  lines.push('');
  lines.push(summaryLine(results, summary));
  if (annotated.length > 0) {
    lines.push(`已写出 ${annotated.length} 份批注副本，可直接退回：`);
    for (const copy of annotated) lines.push(`  ${terminalSafe(copy.path)}`, `    ${describeCopy(copy)}`);
  } else if (summary.errors + summary.warnings > 0) {
    lines.push('提示：加上 --annotate 退回 可为有问题的文件生成标注了问题单元格的副本，便于退回区县修改。');
  }
  return `${lines.join('\n')}\n`;
}

/** `xmb validate --rules`: every check, its code and severity, in the order of §4. */
export function formatRuleCatalogue(rules: readonly RuleInfo[]): string {
  const table = new Table({ head: ['问题代码', '级别', '检查什么'], style: { head: [], border: [] } });
  for (const rule of rules) table.push([rule.code, rule.severity === 'error' ? '错误' : '警告', wrapToWidth(rule.description, 60)]);
  return `${table.toString()}\n错误：这张表不能汇总，须退回修改；警告：照常汇总，建议核实。\n`;
}
