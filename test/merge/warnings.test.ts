/** The 说明 of 报送情况 names a table's warnings: short Chinese names, counts and cells. */
import { describe, expect, it } from 'vitest';
import { summariseWarnings, type WarningRef } from '../../src/merge/warnings.js';
import { RULE_CODES } from '../../src/rules/finding.js';
import { RULE_CATALOGUE, ruleShortName } from '../../src/rules/index.js';

const w = (code: WarningRef['code'], cell: string | null = null): WarningRef => ({ code, cell });

describe('summariseWarnings', () => {
  const cases: { name: string; warnings: WarningRef[]; omit?: WarningRef['code'][]; expected: string }[] = [
    { name: 'no warnings', warnings: [], expected: '' },
    { name: 'one warning at a cell', warnings: [w('header-extra-column', 'C3')], expected: '多出模板外的列（C3）' },
    {
      name: 'a count and the first three cells, then 等',
      warnings: ['E4', 'G4', 'F5', 'E6', 'G6', 'F7'].map((c) => w('number-as-text', c)),
      expected: '金额按文字填写 6 处（E4、G4、F5 等）',
    },
    {
      name: 'codes in the order they first occur, each with its cells',
      warnings: [w('number-as-text', 'E4'), w('total-mismatch', 'E8'), w('number-as-text', 'G4'), w('total-mismatch', 'F8'), w('total-mismatch', 'G8')],
      expected: '金额按文字填写 2 处（E4、G4）；合计与各行之和不符 3 处（E8、F8、G8）',
    },
    { name: 'a table-level warning has no cell', warnings: [w('group-unknown')], expected: '报送组不明' },
    { name: 'two of a table-level code: a count, no cells', warnings: [w('serial-invalid'), w('serial-invalid')], expected: '序号不连续 2 处' },
    {
      name: 'a code said elsewhere on the line is left out',
      warnings: [w('filldate-missing', 'A2'), w('number-as-text', 'E4')],
      omit: ['filldate-missing'],
      expected: '金额按文字填写（E4）',
    },
    { name: 'only omitted codes: nothing', warnings: [w('filldate-missing', 'A2')], omit: ['filldate-missing'], expected: '' },
  ];
  for (const c of cases) it(c.name, () => expect(summariseWarnings(c.warnings, c.omit)).toBe(c.expected));

  it('every code has a short Chinese name without Latin letters', () => {
    for (const code of RULE_CODES) {
      const short = ruleShortName(code);
      expect(short, code).toMatch(/^[\u4e00-\u9fff“”（）、]+$/);
      expect(short.length, code).toBeLessThanOrEqual(12);
    }
    expect(new Set(RULE_CATALOGUE.map((r) => ruleShortName(r.code))).size).toBe(RULE_CATALOGUE.length);
  });
});
