/**
 * Bounded access to a sheet of the neutral model: cell text, and merges indexed only inside a
 * window (a merge can cover 1,048,576 rows; it is clamped, never materialised).
 */
import type { Cell, MergeRange, SheetModel } from '../reader/model.js';
import { displayOf } from '../values/text.js';

export interface Window {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export function cellAt(sheet: SheetModel, row: number, col: number): Cell | undefined {
  return sheet.rows[row]?.[col];
}

/** The cell's text as a person reads it ('' for empty or missing). */
export function textAt(sheet: SheetModel, row: number, col: number): string {
  const cell = cellAt(sheet, row, col);
  // A formula whose value cannot be known is not a blank cell (it must not end the table).
  if (cell && (cell as { resolution?: string }).resolution === 'unknown') return `=${cell.formulaText ?? ''}`;
  return displayOf(cell?.value);
}

/** textAt(…) === '' without building the text. */
export function isBlankAt(sheet: SheetModel, row: number, col: number): boolean {
  const cell = cellAt(sheet, row, col);
  if (!cell) return true;
  if ((cell as { resolution?: string }).resolution === 'unknown') return false;
  const value = cell.value;
  switch (value.type) {
    case 'empty':
      return true;
    case 'string':
      return value.text.trim() === '';
    case 'number':
    case 'date':
    case 'boolean':
      return false;
    case 'error':
      return value.error === '';
  }
}

/**
 * The cell texts footerKind reads, in column order: a text cell's own text (footerKind ignores
 * whitespace), '0' for any other non-empty cell (no footer word), '' for an empty one.
 */
export function footerTexts(sheet: SheetModel, row: number, cap: number): string[] {
  const cells = sheet.rows[row];
  if (!cells) return [];
  const width = Math.min(cells.length, cap);
  // An array, not a generator: this runs for every row of every table, and resuming a generator per cell costs more.
  const texts: string[] = new Array<string>(width);
  for (let c = 0; c < width; c++) {
    const cell = cells[c];
    if (!cell) texts[c] = '';
    else if ((cell as { resolution?: string }).resolution === 'unknown') texts[c] = `=${cell.formulaText ?? ''}`;
    else if (cell.value.type === 'string') texts[c] = cell.value.text;
    else texts[c] = isBlankAt(sheet, row, c) ? '' : '0';
  }
  return texts;
}

/** The number of columns a row has (its array length), capped. */
export function rowWidth(sheet: SheetModel, row: number, cap: number): number {
  return Math.min(sheet.rows[row]?.length ?? 0, cap);
}

/** Merges clamped to a window: which merge covers a cell of the window. */
export class MergeIndex {
  private readonly byCell = new Map<number, MergeRange>();
  private readonly width: number;

  constructor(
    merges: readonly MergeRange[],
    private readonly window: Window,
  ) {
    this.width = window.right - window.left + 1;
    if (window.bottom < window.top || window.right < window.left) return;
    for (const merge of merges) {
      const top = Math.max(merge.top, window.top);
      const bottom = Math.min(merge.bottom, window.bottom);
      const left = Math.max(merge.left, window.left);
      const right = Math.min(merge.right, window.right);
      if (top > bottom || left > right) continue;
      if (merge.top === merge.bottom && merge.left === merge.right) continue;
      for (let r = top; r <= bottom; r++) {
        for (let c = left; c <= right; c++) {
          const key = this.key(r, c);
          if (!this.byCell.has(key)) this.byCell.set(key, merge);
        }
      }
    }
  }

  private key(row: number, col: number): number {
    return (row - this.window.top) * this.width + (col - this.window.left);
  }

  /** The merge covering the cell, when the cell lies inside the window and a merge covers it. */
  at(row: number, col: number): MergeRange | undefined {
    if (row < this.window.top || row > this.window.bottom || col < this.window.left || col > this.window.right) return undefined;
    return this.byCell.get(this.key(row, col));
  }
}
