import { dataCells, defineRowRule } from '../types.js';
import { districtResolver, fieldLabel, presentFields, rawValue, shown } from '../util.js';
import { districtOfGroup, rosterDistricts, suggestDistrict } from './common.js';

/** A district cell that is none of the roster's districts, after aliases (管城区 → 管城回族区 is fine). */
export default defineRowRule({
  code: 'district-unknown',
  severity: 'error',
  description: '区县名称不在名单中（已考虑常见别名）',
  short: '区县不在名单中',
  visit(table, context, report) {
    const fields = presentFields(table).filter((f) => f.type === 'district');
    const resolver = districtResolver(context.config);
    const roster = rosterDistricts(context.config);
    const groupDistrict = table.group !== null ? districtOfGroup(context.config, table.group) : null;
    return dataCells(table, fields, (cell, spec, row) => {
      if (cell.value.kind === 'blank' || cell.value.kind === 'error' || cell.value.kind === 'uncalculated') return;
      const text = shown(cell);
      if (resolver.resolve(text) !== null) return;
      const label = fieldLabel(spec);
      const suggestion = suggestDistrict(text, context.config) ?? groupDistrict;
      const hint = suggestion ? `请填写如“${suggestion}”` : '请填写名单中的名称';
      report({
        cell: cell.ref,
        row: row.row,
        field: label,
        value: rawValue(cell.raw),
        message: `${cell.ref}：第${row.row}行“${label}”为“${text}”，不在${roster.length}个区县（市）名单中，${hint}（名单：${roster.join('、')}）`,
      });
    });
  },
});
