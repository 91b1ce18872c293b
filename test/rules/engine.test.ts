/** The engine: the rule list, clean tables of every kind, empty tables, and the order of findings. */
import { describe, expect, it } from 'vitest';
import { KIND_ORDER } from '../../src/schema/kinds.js';
import { FILE_RULES, READER_RULES, RULE_CATALOGUE, RULES, checkTable, compareFindings } from '../../src/rules/index.js';
import { RULE_CODES, type Finding } from '../../src/rules/finding.js';
import { findingSchema } from '../../src/validate/result-schema.js';
import { blank, config, err, invalid, makeTable, mergedFrom, numText, period } from './builder.js';

const ctx = { config };

describe('the rule list', () => {
  it('covers every code of §4 exactly once, table rules and file-level codes together', () => {
    const codes = RULE_CATALOGUE.map((r) => r.code);
    expect([...codes].sort()).toEqual([...RULE_CODES].sort());
    expect(new Set(codes).size).toBe(codes.length);
    expect(RULES.length + FILE_RULES.length + READER_RULES.length).toBe(RULE_CODES.length);
  });

  it('gives each rule a one-line Chinese description', () => {
    for (const rule of RULE_CATALOGUE) {
      expect(rule.description, rule.code).toMatch(/[\u4e00-\u9fff]/);
      expect(rule.description, rule.code).not.toMatch(/\n/);
    }
  });

  it('rules emit only their own code and severity', () => {
    const messy = makeTable(
      'lagging',
      [
        { serial: 3, total: invalid('约5亿'), completed: numText('-1', -1), district: '郑州新区' },
        { name: '', plan: 90000, total: 48000, period: period('2023-2021', 2023, 1, 2021, 12, true), problems: blank('无') },
        { name: '高新区智能制造产业园项目1期', district: '金水区', plan: numText('1万', 10000), completed: err('#VALUE!') },
      ],
      { group: 3, extra: ['联系人'], duplicate: ['plan'], total: { total: 1 }, fillDate: { ref: 'B2', display: '上周', iso: null } },
    );
    for (const rule of RULES) {
      for (const f of rule.check(messy, ctx)) {
        expect(f.code).toBe(rule.code);
        expect(f.severity).toBe(rule.severity);
      }
    }
  });
});

describe('clean tables', () => {
  it.each(KIND_ORDER)('a correct %s table gives no findings', (kind) => {
    expect(checkTable(makeTable(kind, [{}, {}, {}]), ctx)).toEqual([]);
  });

  it.each(KIND_ORDER)('a %s table with a header and no rows is valid', (kind) => {
    expect(checkTable(makeTable(kind, []), ctx)).toEqual([]);
  });

  it('a header-only table gets only header, 填表日期 and group findings', () => {
    const found = checkTable(makeTable('lagging', [], { group: null, fillDate: null, extra: ['联系人'] }), ctx);
    expect(found.map((f) => f.code).sort()).toEqual(['filldate-missing', 'group-unknown', 'header-extra-column']);
  });
});

describe('findings', () => {
  const table = makeTable(
    'lagging',
    [
      {},
      { completed: 52000, total: 48000, district: '郑州新区' },
      { total: invalid('约5亿'), name: '' },
    ],
    { group: null, extra: ['联系人'], fillDate: { ref: 'B2', display: '', iso: null }, total: { total: 1 } },
  );
  const found = checkTable(table, ctx);

  it('are sorted: table-level first, then by row and column', () => {
    expect(found.map((f) => [f.code, f.cell])).toEqual([
      ['group-unknown', null],
      ['filldate-missing', 'B2'],
      ['header-extra-column', 'L3'],
      ['completed-exceeds-total', 'G5'],
      ['district-unknown', 'K5'],
      ['required-missing', 'B6'],
      ['number-invalid', 'E6'],
      ['total-mismatch', 'E7'],
    ]);
    const shuffled = [...found].reverse().sort(compareFindings);
    expect(shuffled).toEqual(found);
  });

  it('sort columns as columns (B before AA)', () => {
    const f = (cell: string): Finding => ({ severity: 'error', code: 'formula-error', cell, row: 4, field: null, value: null, message: '错' });
    expect([f('AA4'), f('B4'), f('Z4')].sort(compareFindings).map((x) => x.cell)).toEqual(['B4', 'Z4', 'AA4']);
  });

  it('match the §5 finding schema, speak Chinese and name their cell', () => {
    for (const f of found) {
      expect(findingSchema.parse(f)).toEqual(f);
      expect(f.message).toMatch(/[\u4e00-\u9fff]/);
      if (f.cell) expect(f.message).toContain(f.cell);
    }
  });

  it('carry labels on one line', () => {
    for (const f of found) if (f.field) expect(f.field).not.toMatch(/\s/);
  });
});

describe('vertically merged cells (every row of the merge carries the master ref)', () => {
  it('an unknown district merged over three rows is reported once, at the master cell', () => {
    const table = makeTable('lagging', [
      { district: '郑州新区' },
      { district: mergedFrom('K4', '郑州新区') },
      { district: mergedFrom('K4', '郑州新区') },
    ]);
    expect(checkTable(table, ctx).map((f) => [f.code, f.cell, f.row])).toEqual([['district-unknown', 'K4', 4]]);
  });

  it('a blank required cell merged over two rows is reported once', () => {
    const table = makeTable('lagging', [{ problems: '' }, { problems: mergedFrom('I4', '') }]);
    expect(checkTable(table, ctx).map((f) => [f.code, f.cell])).toEqual([['required-missing', 'I4']]);
  });

  it('a project name merged over two rows is no duplicate, and its merged serial no break', () => {
    const table = makeTable('lagging', [
      { serial: 1, name: '郑州东站综合枢纽' },
      { serial: mergedFrom('A4', 1), name: mergedFrom('B4', '郑州东站综合枢纽') },
      { serial: 2 },
    ]);
    expect(checkTable(table, ctx)).toEqual([]);
  });

  it('a merged amount counts once in the 合计', () => {
    const table = makeTable(
      'lagging',
      [{ total: 48000 }, { total: mergedFrom('E4', 48000) }, { total: 20000 }],
      { total: { total: 68000 } },
    );
    expect(checkTable(table, ctx)).toEqual([]);
  });
});
