/** Types of exceljs's Workbook module (src/writers/exceljs-module.ts loads it alone); exceljs types only its main module. */
declare module 'exceljs/lib/doc/workbook.js' {
  import type { Workbook } from 'exceljs';
  const WorkbookClass: typeof Workbook;
  export default WorkbookClass;
}
