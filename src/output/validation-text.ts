/**
 * The terminal report of `xmb validate`: per table, what it is and who sent it, then every finding
 * with its cell, and a last line that says what to do. Colours only when the terminal shows them.
 */
import chalk from 'chalk';
import Table from 'cli-table3';
import { KINDS } from '../schema/kinds.js';
import type { TableResult, ValidateOutput } from '../validate/result.js';

export function kindLabel(kind: TableResult['kind']): string {
  if (!kind) return '未识别的表格';
  const spec = KINDS[kind];
  return spec.annex === '自拟' ? spec.shortName : `${spec.annex}（${spec.shortName}）`;
}

function describeTable(result: TableResult): string {
  const parts: string[] = [];
  parts.push(result.sheet ? `工作表“${result.sheet}”` : '整个文件');
  if (result.kind) {
    parts.push(kindLabel(result.kind));
    parts.push(result.group ? `第${result.group}组（${result.district ?? '区县不明'}）` : '报送组不明');
    parts.push(result.fillDate ? `填表日期 ${result.fillDate}` : '无填表日期');
    parts.push(result.rows === 0 ? '无项目（本周无滞后项目也算已报送）' : `${result.rows} 行`);
  }
  return parts.join(' · ');
}

function formatValue(value: TableResult['issues'][number]['value']): string {
  if (value === null) return '';
  const text = String(value).replace(/\s+/g, ' ');
  return text.length > 20 ? `${text.slice(0, 19)}…` : text;
}

export function formatValidation(results: TableResult[], summary: ValidateOutput['summary'], annotated: string[]): string {
  const lines: string[] = [];
  let lastFile = '';
  for (const result of results) {
    if (result.file !== lastFile) {
      if (lastFile) lines.push('');
      lines.push(chalk.bold(result.file));
      lastFile = result.file;
    }
    const errors = result.issues.filter((i) => i.severity === 'error').length;
    const warnings = result.issues.length - errors;
    const mark = errors > 0 ? chalk.red('✗') : warnings > 0 ? chalk.yellow('!') : chalk.green('✓');
    lines.push(`  ${mark} ${describeTable(result)}`);
    if (result.issues.length > 0) {
      const table = new Table({
        head: ['单元格', '级别', '栏目', '原值', '问题及修改要求'],
        style: { head: [], border: [] },
        colWidths: [8, 6, 16, 22, 60],
        wordWrap: true,
      });
      for (const issue of result.issues) {
        table.push([
          issue.cell ?? '—',
          issue.severity === 'error' ? chalk.red('错误') : chalk.yellow('警告'),
          issue.field ?? '',
          formatValue(issue.value),
          issue.message,
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
          : chalk.yellow(`    有 ${warnings} 个警告：可以汇总，建议请区县核实。`),
      );
    }
  }
  lines.push('');
  lines.push(
    `共 ${summary.files} 个文件、${summary.tables} 张表：合格 ${summary.valid}，不合格 ${summary.invalid}；错误 ${summary.errors} 个，警告 ${summary.warnings} 个。`,
  );
  if (annotated.length > 0) {
    lines.push(`已写出 ${annotated.length} 份批注副本（问题单元格已标色并附批注，可直接退回）：`);
    for (const path of annotated) lines.push(`  ${path}`);
  } else if (summary.errors + summary.warnings > 0) {
    lines.push('提示：加上 --annotate 退回 可为有问题的文件生成标注了问题单元格的副本，便于退回区县修改。');
  }
  return `${lines.join('\n')}\n`;
}
