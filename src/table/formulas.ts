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
import type * as Fx from '@borgar/fx';
import type * as FxXlsx from '@borgar/fx/xlsx';
import type * as FormulaJs from '@formulajs/formulajs';
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
/** The cell a formula is in (ROW() and COLUMN() without arguments). */
interface At {
  sheet: SheetModel;
  row: number;
  col: number;
}

/** Thrown when a formula cannot be computed here (the value stays unknown). */
class Unknown extends Error {}

const ERROR_LITERALS = ['#REF!', '#VALUE!', '#DIV/0!', '#N/A', '#NAME?', '#NUM!', '#NULL!'];

/**
 * How a function takes a range: 'numbers' as SUM does (text and TRUE/FALSE in a range are skipped —
 * formulajs would read "36,000" as 36), 'values' as COUNTIF's criteria range or LEFT does (text kept).
 */
type ArgMode = 'numbers' | 'values';

interface FunctionSpec {
  fn: (...args: unknown[]) => unknown;
  /** The mode of each argument by position; the last one repeats (default 'numbers'). */
  modes?: ArgMode[];
}

const numbers = (fn: (...args: unknown[]) => unknown): FunctionSpec => ({ fn });
const values = (fn: (...args: unknown[]) => unknown): FunctionSpec => ({ fn, modes: ['values'] });

/**
 * The functions computed here: sums, counts, rounding, plain arithmetic and text that districts write
 * in a 合计 or a project row (AutoSum under a filter writes SUBTOTAL(9,…); SUMIF over the district
 * column; LEFT of a name). formulajs implements them as Excel does. IF, IFERROR, IFNA, ROW and COLUMN
 * are evaluated here (IF and IFERROR look only at the branch they take, as Excel does). Volatile and
 * lookup functions are not: their value depends on what this file does not hold.
 */
const functionsOf = (formulajs: typeof FormulaJs): Record<string, FunctionSpec> => ({
  SUM: numbers(formulajs.SUM),
  SUBTOTAL: numbers(formulajs.SUBTOTAL),
  ROUND: numbers(formulajs.ROUND),
  ROUNDUP: numbers(formulajs.ROUNDUP),
  ROUNDDOWN: numbers(formulajs.ROUNDDOWN),
  TRUNC: numbers(formulajs.TRUNC),
  INT: numbers(formulajs.INT),
  MOD: numbers(formulajs.MOD),
  ABS: numbers(formulajs.ABS),
  SIGN: numbers(formulajs.SIGN),
  POWER: numbers(formulajs.POWER),
  SQRT: numbers(formulajs.SQRT),
  PRODUCT: numbers(formulajs.PRODUCT),
  MIN: numbers(formulajs.MIN),
  MAX: numbers(formulajs.MAX),
  AVERAGE: numbers(formulajs.AVERAGE),
  MEDIAN: numbers(formulajs.MEDIAN),
  COUNT: numbers(formulajs.COUNT),
  SUMPRODUCT: numbers(formulajs.SUMPRODUCT),
  // SUMIF(range, criteria, [sum_range]): the criteria range keeps its text; the summed range skips it.
  SUMIF: { fn: formulajs.SUMIF, modes: ['values', 'values', 'numbers'] },
  // SUMIFS(sum_range, criteria_range1, criteria1, …).
  SUMIFS: { fn: formulajs.SUMIFS, modes: ['numbers', 'values'] },
  COUNTIF: values(formulajs.COUNTIF),
  COUNTIFS: values(formulajs.COUNTIFS),
  COUNTA: values(formulajs.COUNTA),
  COUNTBLANK: values(formulajs.COUNTBLANK),
  LEFT: values(formulajs.LEFT),
  RIGHT: values(formulajs.RIGHT),
  MID: values(formulajs.MID),
  LEN: values(formulajs.LEN),
  TRIM: values(formulajs.TRIM),
  CONCATENATE: values(formulajs.CONCATENATE),
  CONCAT: values(formulajs.CONCAT),
  VALUE: values(formulajs.VALUE),
  N: values(formulajs.N),
  AND: values(formulajs.AND),
  OR: values(formulajs.OR),
  NOT: values(formulajs.NOT),
  ISBLANK: values(formulajs.ISBLANK),
  ISNUMBER: values(formulajs.ISNUMBER),
  ISTEXT: values(formulajs.ISTEXT),
  ISERROR: values(formulajs.ISERROR),
});

/**
 * The formula parser (@borgar/fx) and functions (@formulajs/formulajs): about 0.15 s to load, so they
 * are loaded only for a workbook that has a formula to compute (loadFormulaEngine, awaited by
 * validate's pipeline before findTables). Most district files have none.
 */
interface Engine {
  parse: typeof Fx.parse;
  parseA1Ref: typeof FxXlsx.parseA1Ref;
  tokenize: typeof FxXlsx.tokenize;
  functions: Record<string, FunctionSpec>;
}
let engine: Engine | undefined;

/** Thrown by resolveFormulas when a formula must be computed and loadFormulaEngine was not awaited: a bug, never bad input. */
export class FormulaEngineNotLoaded extends Error {
  constructor() {
    super('resolveFormulas needs the formula engine: await loadFormulaEngine() first');
  }
}

/** Loads the formula parser and functions (once). Call it before resolveFormulas/findTables when needsFormulaEngine is true. */
export async function loadFormulaEngine(): Promise<void> {
  if (engine) return;
  const [fx, fxXlsx, formulajs] = await Promise.all([import('@borgar/fx'), import('@borgar/fx/xlsx'), import('@formulajs/formulajs')]);
  engine ??= { parse: fx.parse, parseA1Ref: fxXlsx.parseA1Ref, tokenize: fxXlsx.tokenize, functions: functionsOf(formulajs) };
}

/** Whether resolveFormulas will compute anything in this workbook (some formula's saved result is not taken). */
export function needsFormulaEngine(workbook: WorkbookModel): boolean {
  const fullCalc = workbook.fullCalcOnLoad === true;
  // some() skips the holes of sparse rows, as resolveFormulas's forEach does.
  return workbook.sheets.some((sheet) => sheet.rows.some((row) => row?.some((cell) => cell !== undefined && needsComputing(cell, fullCalc))));
}

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
  // An error literal in the formula itself (#REF!*0.3), not inside a string ("#N/A" as text to show).
  const text = (cell.formulaText ?? '').replace(/"(?:[^"]|"")*"/g, '""').toUpperCase();
  return ERROR_LITERALS.some((e) => text.includes(e)) && cell.value.type !== 'error';
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
  if (!engine) throw new FormulaEngineNotLoaded();
  const { parse, parseA1Ref, tokenize, functions: FUNCTIONS } = engine;

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
        const value = evaluateText({ sheet, row: r, col: c }, cell.formulaText);
        memo.set(key, value);
        return value;
      } finally {
        visiting.delete(key);
      }
    }
    return fromCellValue(cell.value);
  };

  const evaluateText = (at: At, text: string | undefined): Value => {
    if (text === undefined) throw new Unknown('no formula text');
    let ast: AstNode;
    try {
      ast = parse(tokenize(text, { mergeRefs: true, negativeNumbers: true }), { xlsx: true } as never) as unknown as AstNode;
    } catch {
      throw new Unknown('unparsable');
    }
    // =E4 shows E4's value (0 when E4 is empty); a larger range is an array formula, beyond this module.
    return scalar(evaluate(ast, at));
  };

  const parseReference = (text: string, sheet: SheetModel): { target: SheetModel; top: number; left: number; bottom: number; right: number } => {
    const ref = parseA1Ref(text) as { sheetName?: string; workbookName?: string; range?: { top: number; left: number; bottom: number; right: number } } | null;
    if (!ref || !ref.range || ref.workbookName) throw new Unknown('reference');
    const target = ref.sheetName ? byName.get(ref.sheetName.toLowerCase()) : sheet;
    if (!target) throw new FormulaErrorThrow('#REF!');
    const { top, left } = ref.range;
    return { target, top, left, bottom: ref.range.bottom ?? top, right: ref.range.right ?? left };
  };

  /**
   * A reference's cells, always as a matrix (one cell is 1×1): SUM(E5) skips E5's text as SUM(E5:E6)
   * does. Rows and columns past the sheet's data are left out (E:E stops at the last row), but every
   * row of the matrix has the same width, so SUMIF's two ranges stay aligned.
   */
  const reference = (text: string, sheet: SheetModel): Matrix => {
    const { target, top, left, bottom: declaredBottom, right: declaredRight } = parseReference(text, sheet);
    const bottom = top === declaredBottom ? top : Math.min(declaredBottom, target.rows.length - 1);
    let right = declaredRight;
    if (right > left) {
      let widest = left;
      for (let r = top; r <= bottom; r++) widest = Math.max(widest, (target.rows[r]?.length ?? 0) - 1);
      right = Math.min(right, widest);
    }
    const matrix: Value[][] = [];
    for (let r = top; r <= bottom; r++) {
      const row: Value[] = [];
      for (let c = left; c <= right; c++) row.push(valueOf(target, r, c));
      matrix.push(row);
    }
    return { matrix };
  };

  const evaluate = (node: AstNode, at: At): Value => {
    switch (node.type) {
      case 'Literal':
        return node.value as number | string | boolean;
      case 'ErrorLiteral':
        return new FormulaError(String(node.value).toUpperCase());
      case 'ReferenceIdentifier':
        if (node.kind !== 'range') throw new Unknown('name');
        try {
          return reference(String(node.value), at.sheet);
        } catch (error) {
          if (error instanceof FormulaErrorThrow) return new FormulaError(error.code);
          throw error;
        }
      case 'UnaryExpression': {
        const operand = scalar(evaluate(node.arguments![0]!, at));
        if (operand instanceof FormulaError) return operand;
        const n = toNumber(operand);
        if (n instanceof FormulaError) return n;
        if (node.operator === '-') return -n;
        if (node.operator === '+') return n;
        if (node.operator === '%') return n / 100;
        throw new Unknown('operator');
      }
      case 'BinaryExpression':
        return binary(node.operator!, evaluate(node.arguments![0]!, at), evaluate(node.arguments![1]!, at));
      case 'CallExpression': {
        const name = node.callee!.name.toUpperCase().replace(/^_XLFN\./, '');
        const args = node.arguments ?? [];
        const own = ownFunction(name, args, at);
        if (own !== undefined) return own;
        const spec = FUNCTIONS[name];
        if (!spec) throw new Unknown(`function ${name}`);
        const modes = spec.modes ?? ['numbers'];
        const values = args.map((a, i) => toFormulajs(evaluate(a, at), modes[Math.min(i, modes.length - 1)]!));
        // SUMIF(range, criteria) sums the range itself: the criteria see its text, the sum skips it.
        if (name === 'SUMIF' && args.length === 2) values.push(toFormulajs(evaluate(args[0]!, at), 'numbers'));
        return fromFormulajs(spec.fn(...values));
      }
      default:
        throw new Unknown(node.type);
    }
  };

  /** IF, IFERROR, IFNA (only the branch taken is evaluated), ROW and COLUMN; undefined for the others. */
  const ownFunction = (name: string, args: AstNode[], at: At): Value | undefined => {
    switch (name) {
      case 'IF': {
        if (args.length < 1 || args.length > 3) throw new Unknown('IF arguments');
        const test = scalar(evaluate(args[0]!, at));
        if (test instanceof FormulaError) return test;
        const truth = typeof test === 'string' ? truthOfText(test) : toNumber(test);
        if (truth instanceof FormulaError) return truth;
        const branch = truth !== 0 ? args[1] : args[2];
        // IF(test, x) without an else gives FALSE; an omitted argument (IF(test,,x)) gives 0.
        if (branch === undefined) return truth !== 0 ? 0 : false;
        return branch.type === 'Literal' && branch.value === undefined ? 0 : evaluate(branch, at);
      }
      case 'IFERROR':
      case 'IFNA': {
        if (args.length !== 2) throw new Unknown(`${name} arguments`);
        const value = evaluate(args[0]!, at);
        const single = isMatrix(value) ? scalar(value) : value;
        const caught = single instanceof FormulaError && (name === 'IFERROR' || single.code === '#N/A');
        return caught ? evaluate(args[1]!, at) : value;
      }
      case 'ROW':
      case 'COLUMN': {
        if (args.length > 1) throw new Unknown(`${name} arguments`);
        const arg = args[0];
        if (arg === undefined) return name === 'ROW' ? at.row + 1 : at.col + 1;
        if (arg.type !== 'ReferenceIdentifier' || arg.kind !== 'range') throw new Unknown(`${name} of a non-reference`);
        const { top, left, bottom, right } = parseReference(String(arg.value), at.sheet);
        if ((name === 'ROW' && bottom !== top) || (name === 'COLUMN' && right !== left)) throw new Unknown('array result');
        return name === 'ROW' ? top + 1 : left + 1;
      }
      default:
        return undefined;
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
  if (only === undefined || isMatrix(only)) throw new Unknown('range in arithmetic');
  return only;
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
  if (operator === '&') return `${textOf(left)}${textOf(right)}`;
  if (COMPARISONS.has(operator)) return compare(operator, left, right);
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
    default:
      throw new Unknown(`operator ${operator}`);
  }
}

/** A value as & joins it: a number as Excel shows it (15 significant digits: 0.1+0.2 is 0.3), TRUE/FALSE in capitals. */
function textOf(value: Exclude<Value, Matrix | FormulaError>): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(Number(value.toPrecision(15)));
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return value;
}

const COMPARISONS = new Set(['=', '<>', '<', '>', '<=', '>=']);

/**
 * Excel's comparison: no conversion between kinds — numbers sort before text, text before TRUE/FALSE
 * ("12000"=12000 is FALSE); text compares without regard to case; a blank is 0 beside a number, ""
 * beside a text and FALSE beside a logical (K6="" is TRUE for an empty K6).
 */
function compare(operator: string, a: Exclude<Value, Matrix | FormulaError>, b: Exclude<Value, Matrix | FormulaError>): boolean {
  const blank = (v: typeof a, other: typeof a): typeof a => (v !== null ? v : typeof other === 'string' ? '' : typeof other === 'boolean' ? false : 0);
  const x = blank(a, b) ?? 0;
  const y = blank(b, a) ?? 0;
  const rank = (v: typeof x): number => (typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : 2);
  let order: number;
  if (rank(x) !== rank(y)) order = rank(x) - rank(y);
  else if (typeof x === 'string' && typeof y === 'string') {
    const p = x.toLowerCase();
    const q = y.toLowerCase();
    order = p < q ? -1 : p > q ? 1 : 0;
  } else {
    const p = Number(x);
    const q = Number(y);
    order = p < q ? -1 : p > q ? 1 : 0;
  }
  switch (operator) {
    case '=':
      return order === 0;
    case '<>':
      return order !== 0;
    case '<':
      return order < 0;
    case '>':
      return order > 0;
    case '<=':
      return order <= 0;
    default:
      return order >= 0;
  }
}

/**
 * A value as formulajs takes it. In 'numbers' mode a reference's text and TRUE/FALSE are skipped
 * (null), as SUM, AVERAGE, MIN, MAX … skip them in Excel (formulajs would read "36,000" as 36); a
 * literal typed into the formula (SUM("5")) is kept. In 'values' mode a one-cell reference is its
 * value and a range keeps its text (COUNTIF's criteria range, LEFT(B5,3)).
 */
function toFormulajs(value: Value, mode: ArgMode): unknown {
  if (value instanceof FormulaError) return formulajsError(value.code);
  // TRUE typed into SUM(TRUE,1) counts as 1 (formulajs would skip it); in a range it is skipped below.
  if (!isMatrix(value)) return mode === 'numbers' && typeof value === 'boolean' ? (value ? 1 : 0) : value;
  if (mode === 'values') {
    const only = value.matrix.length === 1 && value.matrix[0]!.length === 1 ? value.matrix[0]![0]! : undefined;
    if (only !== undefined && !isMatrix(only)) return only instanceof FormulaError ? formulajsError(only.code) : only;
    return value.matrix.map((row) => row.map((v) => (v instanceof FormulaError ? formulajsError(v.code) : isMatrix(v) ? null : v)));
  }
  return value.matrix.map((row) =>
    row.map((v) => (v instanceof FormulaError ? formulajsError(v.code) : isMatrix(v) || typeof v === 'string' || typeof v === 'boolean' ? null : v)),
  );
}

/** A text tested by IF: TRUE/FALSE as written are logical; other text is #VALUE!. */
function truthOfText(text: string): number | FormulaError {
  const upper = text.trim().toUpperCase();
  if (upper === 'TRUE') return 1;
  if (upper === 'FALSE') return 0;
  return new FormulaError('#VALUE!');
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
