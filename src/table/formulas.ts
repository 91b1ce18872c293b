/**
 * Formula cells whose saved result cannot be taken as what Excel or WPS shows: saved without any
 * result (openpyxl, xlsx-populate, excel4node, write-excel-file, R openxlsx, Go writers), or in a
 * workbook marked fullCalcOnLoad (XlsxWriter saves 0 for every formula), or a formula that is itself
 * an error (#REF!*0.3). Where the formula is plain arithmetic or a sum over cells — operators, SUM,
 * ROUND, ABS, MIN, MAX, AVERAGE… on numbers and references in the workbook — it is computed as Excel
 * would (parsed with @borgar/fx, functions from @formulajs/formulajs) and the cell takes that value;
 * otherwise the cell is marked `resolution: 'unknown'` and reported (formula-uncalculated).
 *
 * Choices: without fullCalcOnLoad a saved result is trusted. With it, a formula that cannot be
 * computed keeps a saved result other than 0 or empty (a writer that saved a real result); 0 or
 * empty is unknown. Text in arithmetic is read as Excel reads it (“12,000” → 12000, “待定” →
 * #VALUE!); a range skips text, as SUM does. Volatile or lookup functions (TODAY, VLOOKUP …), names,
 * other workbooks and circular references are unknown.
 */
import { parse } from '@borgar/fx';
import { parseA1Ref, tokenize } from '@borgar/fx/xlsx';
import * as formulajs from '@formulajs/formulajs';
import type { Cell, CellValue, SheetModel, WorkbookModel } from '../reader/model.js';

/** A cell as the table code reads it: the reader's cell, and what was done with its formula. */
export interface ResolvedCell extends Cell {
  /** 'computed': the value is the formula computed here; 'unknown': no value could be known. */
  resolution?: 'computed' | 'unknown';
}

class FormulaError {
  constructor(readonly code: string) {}
}
interface Matrix {
  matrix: Value[][];
}
type Value = number | string | boolean | null | FormulaError | Matrix;

/** Thrown when a formula cannot be computed here (the value stays unknown). */
class Unknown extends Error {}

const ERROR_LITERALS = ['#REF!', '#VALUE!', '#DIV/0!', '#N/A', '#NAME?', '#NUM!', '#NULL!'];

/** The functions computed here: sums and plain arithmetic (formulajs implements them as Excel does). */
const FUNCTIONS: Record<string, (...args: unknown[]) => unknown> = {
  SUM: formulajs.SUM,
  ROUND: formulajs.ROUND,
  ROUNDUP: formulajs.ROUNDUP,
  ROUNDDOWN: formulajs.ROUNDDOWN,
  ABS: formulajs.ABS,
  MIN: formulajs.MIN,
  MAX: formulajs.MAX,
  AVERAGE: formulajs.AVERAGE,
  SUMPRODUCT: formulajs.SUMPRODUCT,
  INT: formulajs.INT,
};

/** Most cells one workbook's formulas may read, in all (a SUM over whole columns stays bounded). */
const MAX_CELLS_READ = 2_000_000;

interface AstNode {
  type: string;
  value?: unknown;
  kind?: string;
  operator?: string;
  arguments?: AstNode[];
  callee?: { name: string };
}

/** Whether a saved result needs computing: none saved, the workbook recalculates on load, or an error literal in the text. */
function needsComputing(cell: Cell, fullCalcOnLoad: boolean): boolean {
  if (!cell.formula) return false;
  if (cell.uncached || fullCalcOnLoad) return true;
  const text = cell.formulaText ?? '';
  return ERROR_LITERALS.some((e) => text.toUpperCase().includes(e)) && cell.value.type !== 'error';
}

/**
 * The workbook as Excel would show it: formula cells computed where their saved result cannot be
 * trusted (see the module comment). Sheets without such cells are returned as they are; others are
 * copied row by row where a cell changed. Never throws on workbook content.
 */
export function resolveFormulas(workbook: WorkbookModel): WorkbookModel {
  const fullCalc = workbook.fullCalcOnLoad === true;
  const pending = new Map<SheetModel, [number, number][]>();
  for (const sheet of workbook.sheets) {
    const cells: [number, number][] = [];
    sheet.rows.forEach((row, r) => row?.forEach((cell, c) => cell && needsComputing(cell, fullCalc) && cells.push([r, c])));
    if (cells.length > 0) pending.set(sheet, cells);
  }
  // A string result that is an error's text (#REF! written as text by a formula) is that error.
  if (pending.size === 0) return workbook;

  const byName = new Map(workbook.sheets.map((s) => [s.name.toLowerCase(), s]));
  const memo = new Map<string, Value>();
  const visiting = new Set<string>();
  let budget = MAX_CELLS_READ;

  const valueOf = (sheet: SheetModel, r: number, c: number): Value => {
    if (--budget < 0) throw new Unknown('too many cells');
    const cell = sheet.rows[r]?.[c];
    if (!cell) return null;
    if (needsComputing(cell, fullCalc)) {
      const key = `${workbook.sheets.indexOf(sheet)}:${r}:${c}`;
      const known = memo.get(key);
      if (known !== undefined) return known;
      if (visiting.has(key)) throw new Unknown('circular');
      visiting.add(key);
      try {
        const value = evaluateText(sheet, cell.formulaText);
        memo.set(key, value);
        return value;
      } finally {
        visiting.delete(key);
      }
    }
    return fromCellValue(cell.value);
  };

  const evaluateText = (sheet: SheetModel, text: string | undefined): Value => {
    if (text === undefined) throw new Unknown('no formula text');
    let ast: AstNode;
    try {
      ast = parse(tokenize(text, { mergeRefs: true, negativeNumbers: true }), { xlsx: true } as never) as unknown as AstNode;
    } catch {
      throw new Unknown('unparsable');
    }
    const result = evaluate(ast, sheet);
    if (isMatrix(result)) throw new Unknown('array result');
    return result;
  };

  const reference = (text: string, sheet: SheetModel): Value => {
    const ref = parseA1Ref(text) as { sheetName?: string; workbookName?: string; range?: { top: number; left: number; bottom: number; right: number } } | null;
    if (!ref || !ref.range || ref.workbookName) throw new Unknown('reference');
    const target = ref.sheetName ? byName.get(ref.sheetName.toLowerCase()) : sheet;
    if (!target) throw new FormulaErrorThrow('#REF!');
    const { top, left } = ref.range;
    const bottom = Math.min(ref.range.bottom ?? top, target.rows.length - 1);
    const right = ref.range.right ?? left;
    if (top === bottom && left === right) return valueOf(target, top, left);
    const matrix: Value[][] = [];
    for (let r = top; r <= bottom; r++) {
      const row: Value[] = [];
      const width = Math.min(right, (target.rows[r]?.length ?? 0) - 1);
      for (let c = left; c <= width; c++) row.push(valueOf(target, r, c));
      matrix.push(row);
    }
    return { matrix };
  };

  const evaluate = (node: AstNode, sheet: SheetModel): Value => {
    switch (node.type) {
      case 'Literal':
        return node.value as number | string | boolean;
      case 'ErrorLiteral':
        return new FormulaError(String(node.value).toUpperCase());
      case 'ReferenceIdentifier':
        if (node.kind !== 'range') throw new Unknown('name');
        try {
          return reference(String(node.value), sheet);
        } catch (error) {
          if (error instanceof FormulaErrorThrow) return new FormulaError(error.code);
          throw error;
        }
      case 'UnaryExpression': {
        const operand = scalar(evaluate(node.arguments![0]!, sheet));
        if (operand instanceof FormulaError) return operand;
        const n = toNumber(operand);
        if (n instanceof FormulaError) return n;
        if (node.operator === '-') return -n;
        if (node.operator === '+') return n;
        if (node.operator === '%') return n / 100;
        throw new Unknown('operator');
      }
      case 'BinaryExpression':
        return binary(node.operator!, evaluate(node.arguments![0]!, sheet), evaluate(node.arguments![1]!, sheet));
      case 'CallExpression': {
        const name = node.callee!.name.toUpperCase().replace(/^_XLFN\./, '');
        const fn = FUNCTIONS[name];
        if (!fn) throw new Unknown(`function ${name}`);
        const args = node.arguments!.map((a) => toFormulajs(evaluate(a, sheet)));
        return fromFormulajs(fn(...args));
      }
      default:
        throw new Unknown(node.type);
    }
  };

  const sheets = workbook.sheets.map((sheet) => {
    const cells = pending.get(sheet);
    if (!cells) return sheet;
    const rows = sheet.rows.slice();
    for (const [r, c] of cells) {
      const cell = sheet.rows[r]![c]!;
      let resolved: ResolvedCell;
      try {
        const value = valueOf(sheet, r, c);
        resolved = { ...cell, value: toCellValue(value, cell.value), resolution: 'computed' };
      } catch (error) {
        if (!(error instanceof Unknown) && !(error instanceof RangeError)) throw error;
        // A saved result is kept when nothing better is known: always without fullCalcOnLoad (the
        // formula was only looked at for an error literal), and with it when it is real (not 0 or empty).
        const saved = cell.value;
        const real = saved.type !== 'empty' && !(saved.type === 'number' && saved.number === 0);
        const trusted = !cell.uncached && (!fullCalc || real);
        resolved = trusted ? cell : { ...cell, value: { type: 'empty' }, resolution: 'unknown' };
      }
      const row = (rows[r] = rows[r] === sheet.rows[r] ? sheet.rows[r]!.slice() : rows[r]!);
      row[c] = resolved;
    }
    return { ...sheet, rows };
  });
  return { ...workbook, sheets };
}

class FormulaErrorThrow extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

function isMatrix(value: Value): value is Matrix {
  return typeof value === 'object' && value !== null && 'matrix' in value;
}

function fromCellValue(value: CellValue): Value {
  switch (value.type) {
    case 'empty':
      return null;
    case 'string':
      return ERROR_LITERALS.includes(value.text.trim().toUpperCase()) ? new FormulaError(value.text.trim().toUpperCase()) : value.text;
    case 'number':
      return value.number;
    case 'date':
      return value.serial;
    case 'boolean':
      return value.value;
    case 'error':
      return new FormulaError(value.error);
  }
}

/** A single value from a one-cell range; a larger range in arithmetic is beyond this module. */
function scalar(value: Value): Exclude<Value, Matrix> {
  if (!isMatrix(value)) return value;
  const only = value.matrix.length === 1 && value.matrix[0]!.length === 1 ? value.matrix[0]![0]! : undefined;
  if (only === undefined) throw new Unknown('range in arithmetic');
  return only as Exclude<Value, Matrix>;
}

/** Excel's reading of a value in arithmetic: blank 0, TRUE 1, text that is a number (“12,000”) that number. */
function toNumber(value: Exclude<Value, Matrix>): number | FormulaError {
  if (value === null) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof FormulaError) return value;
  const text = value.trim().replace(/,/g, '');
  if (text !== '' && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?%?$/i.test(text)) return text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  return new FormulaError('#VALUE!');
}

function binary(operator: string, a: Value, b: Value): Value {
  const left = scalar(a);
  const right = scalar(b);
  if (left instanceof FormulaError) return left;
  if (right instanceof FormulaError) return right;
  if (operator === '&') return `${left === null ? '' : String(left)}${right === null ? '' : String(right)}`;
  const x = toNumber(left);
  const y = toNumber(right);
  if (x instanceof FormulaError) return x;
  if (y instanceof FormulaError) return y;
  switch (operator) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return y === 0 ? new FormulaError('#DIV/0!') : x / y;
    case '^':
      return x ** y;
    case '=':
      return x === y;
    case '<>':
      return x !== y;
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    case '>=':
      return x >= y;
    default:
      throw new Unknown(`operator ${operator}`);
  }
}

function toFormulajs(value: Value): unknown {
  if (value instanceof FormulaError) return formulajsError(value.code);
  // In a reference, text and TRUE/FALSE are skipped by SUM, AVERAGE, MIN, MAX … as in Excel (formulajs would parse "36,000" as 36).
  if (isMatrix(value))
    return value.matrix.map((row) =>
      row.map((v) => (v instanceof FormulaError ? formulajsError(v.code) : isMatrix(v) || typeof v === 'string' || typeof v === 'boolean' ? null : v)),
    );
  return value;
}

function formulajsError(code: string): Error {
  const error = new Error(code);
  error.name = code;
  return error;
}

function fromFormulajs(result: unknown): Value {
  if (result instanceof Error) return new FormulaError(ERROR_LITERALS.includes(result.message) ? result.message : '#VALUE!');
  if (typeof result === 'number') return Number.isFinite(result) ? result : new FormulaError('#NUM!');
  if (typeof result === 'string' || typeof result === 'boolean' || result === null) return result;
  throw new Unknown('result');
}

function toCellValue(value: Value, saved: CellValue): CellValue {
  if (value === null) return { type: 'number', number: 0 };
  if (value instanceof FormulaError) return { type: 'error', error: value.code };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { type: 'error', error: '#NUM!' };
    // Float noise of a sum (0.1 + 0.2) is not what Excel shows.
    const number = Number(value.toPrecision(15));
    return saved.type === 'number' && saved.format !== undefined ? { type: 'number', number, format: saved.format } : { type: 'number', number };
  }
  if (typeof value === 'boolean') return { type: 'boolean', value };
  if (typeof value === 'string') return value === '' ? { type: 'empty' } : { type: 'string', text: value };
  throw new Unknown('array result');
}
