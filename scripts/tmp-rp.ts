import { readWorkbook } from '../src/reader/index.js';
export {};
const t0 = process.hrtime.bigint();
const r = await readWorkbook(process.argv[2]!, { convert: false });
const t1 = process.hrtime.bigint();
console.log('read ms', Number(t1 - t0) / 1e6, r.ok, process.resourceUsage().maxRSS / 1024);
if (r.ok) {
  const { findTables } = await import('../src/table/detect.js');
  const { loadFormulaEngine, needsFormulaEngine } = await import('../src/table/formulas.js');
  if (needsFormulaEngine(r.workbook)) await loadFormulaEngine();
  const { DEFAULT_CONFIG } = await import('../src/config/defaults.js');
  const t2 = process.hrtime.bigint();
  findTables(r.workbook, { file: 'x', config: DEFAULT_CONFIG });
  console.log('tables ms', Number(process.hrtime.bigint() - t2) / 1e6, process.resourceUsage().maxRSS / 1024);
}
