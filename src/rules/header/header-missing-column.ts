import { defineRule } from '../types.js';
import { fieldLabel, kindSpec } from '../util.js';

/**
 * A required column the header does not have. A missing optional column (项目概况, 年度计划投资 …) is
 * not reported: the table is still complete enough to check and to merge, the column stays empty.
 */
export default defineRule({
  code: 'header-missing-column',
  severity: 'error',
  description: '表头缺少模板的必填列',
  short: '缺少必填列',
  run(table, _context, report) {
    const kind = kindSpec(table);
    for (const id of table.missingFields) {
      const spec = kind.fields.find((f) => f.id === id);
      if (!spec || !spec.required) continue;
      const label = fieldLabel(spec);
      report({
        cell: null,
        row: null,
        field: label,
        value: null,
        message: `表头缺少必填列“${label}”，请按${kind.annex}模板（${kind.shortName}）补上该列并填写`,
      });
    }
  },
});
