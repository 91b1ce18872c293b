import { defineRule } from '../types.js';
import { cellAt, districtResolver, fieldLabel, groupName, presentFields, rawValue, shown } from '../util.js';
import { districtOfGroup } from './common.js';

/**
 * A row whose district (after aliases) is not the sending group's. Only when the group is known;
 * an unknown district is district-unknown's.
 */
export default defineRule({
  code: 'district-mismatch',
  severity: 'warning',
  description: '区县与报送组别联系的区县不一致',
  short: '区县与报送组不符',
  run(table, context, report) {
    if (table.group === null) return;
    const expected = districtOfGroup(context.config, table.group);
    if (expected === null) return;
    const fields = presentFields(table).filter((f) => f.type === 'district');
    const resolver = districtResolver(context.config);
    for (const spec of fields) {
      const label = fieldLabel(spec);
      for (const row of table.rows) {
        const cell = cellAt(table, row, spec.id);
        if (!cell || cell.value.kind === 'blank' || cell.value.kind === 'error' || cell.value.kind === 'uncalculated') continue;
        const text = shown(cell);
        const district = resolver.resolve(text);
        if (district === null || district === expected) continue;
        const as = district === text ? '' : `（即${district}）`;
        report({
          cell: cell.ref,
          row: row.row,
          field: label,
          value: rawValue(cell.raw),
          message: `${cell.ref}：第${row.row}行“${label}”为“${text}”${as}，但本表由${groupName(table.group)}（负责联系${expected}）报送，请核实区县是否填错，或文件是否报错了组别`,
        });
      }
    }
  },
});
