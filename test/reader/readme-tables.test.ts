/**
 * The README's tables are the code's: the limits table states READER_LIMITS exactly (it once said
 * 500× where the code said 200×), and the finding-code table lists every code with its severity.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { READER_LIMITS } from '../../src/reader/limits.js';
import { RULE_CATALOGUE } from '../../src/rules/index.js';
import { REPO_ROOT } from '../support/cli.js';

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const limitsSection = readme.slice(readme.indexOf('## 限制'));
const row = (label: string): string => {
  const line = limitsSection.split('\n').find((l) => l.startsWith(`| ${label} |`) || l.startsWith(`| ${label}（`));
  if (!line) throw new Error(`README limits table has no row “${label}”`);
  return line.split('|')[2]!.trim();
};
const grouped = (n: number): string => n.toLocaleString('en-US');
const MiB = 1024 * 1024;

describe('the README limits table equals READER_LIMITS', () => {
  it.each([
    ['文件大小', `${READER_LIMITS.maxFileBytes / MiB} MiB`],
    ['压缩包条目数', grouped(READER_LIMITS.maxZipEntries)],
    ['单个部件解压后', `${READER_LIMITS.maxPartBytes / MiB} MiB`],
    ['全部部件解压后合计', `${READER_LIMITS.maxTotalBytes / MiB} MiB`],
    ['单个部件压缩比', `${READER_LIMITS.maxRatio} 倍`],
    ['XML 中连续无标签的文字', `${READER_LIMITS.maxXmlRunChars / MiB} Mi 字符`],
    ['每个工作表有数据的行', `${grouped(READER_LIMITS.maxDataRows)} 行`],
    ['每个工作表', `${grouped(READER_LIMITS.maxRows)} 行 × ${READER_LIMITS.maxColumns} 列`],
    ['整个工作簿的非空单元格', `${grouped(READER_LIMITS.maxCells)} 个`],
    ['合并单元格', `${grouped(READER_LIMITS.maxMergedCells)} 个单元格`],
    ['超链接', `${grouped(READER_LIMITS.maxHyperlinks)} 个`],
    ['工作表数', grouped(READER_LIMITS.maxSheets)],
    ['LibreOffice 转换一个文件', `${READER_LIMITS.convertTimeoutSeconds} 秒`],
  ])('%s: %s', (label, value) => {
    expect(row(label).startsWith(value), `README says “${row(label)}”`).toBe(true);
  });

  it('the ratio row says which parts it applies to', () => {
    expect(row('单个部件压缩比')).toContain('倍');
    expect(limitsSection).toContain(`（${READER_LIMITS.ratioMinBytes / MiB} MiB 以上的部件）`);
  });
});

describe('the README finding-code table lists every code with its severity', () => {
  it.each(RULE_CATALOGUE.map((r) => [r.code, r.severity]))('%s', (code, severity) => {
    const line = readme.split('\n').find((l) => l.startsWith(`| \`${code}\` |`));
    expect(line, code).toBeDefined();
    expect(line!.split('|')[2]!.trim()).toBe(severity === 'error' ? '错误' : '警告');
  });
});
