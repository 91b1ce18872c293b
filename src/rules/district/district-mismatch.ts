import { dataCells, defineRowRule } from '../types.js';
import { districtResolver, fieldLabel, groupName, presentFields, rawValue, shown } from '../util.js';
import { districtOfGroup } from './common.js';

/**
 * A row whose district (after aliases) is not the sending group's. Only when the group is known;
 * an unknown district is district-unknown's.
 */
export default defineRowRule({
  code: 'district-mismatch',
  severity: 'warning',
  description: '区县与报送组别联系的区县不一致',
  short: '区县与报送组不符',
  visit(table, context, report) {
    const group = table.group;
    if (group === null) return null;
    const expected = districtOfGroup(context.config, group);
    if (expected === null) return null;
    const fields = presentFields(table).filter((f) => f.type === 'district');
    const resolver = districtResolver(context.config);
    return dataCells(table, fields, (cell, spec, row) => {
      if (cell.value.kind === 'blank' || cell.value.kind === 'error' || cell.value.kind === 'uncalculated') return;
      const text = shown(cell);
      const district = resolver.resolve(text);
      if (district === null || district === expected) return;
      const label = fieldLabel(spec);
      const as = district === text ? '' : `（即${district}）`;
      report({
        cell: cell.ref,
        row: row.row,
        field: label,
        value: rawValue(cell.raw),
        message: `${cell.ref}：第${row.row}行“${label}”为“${text}”${as}，但本表由${groupName(group)}（负责联系${expected}）报送，请核实区县是否填错，或文件是否报错了组别`,
      });
    });
  },
});
