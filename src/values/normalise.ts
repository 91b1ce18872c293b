/**
 * One value model before any rule runs: a cell of the workbook, read for its column's type.
 * `display` is what a person reads; `value` is what rules compute with.
 */
import type { Cell } from '../reader/model.js';
import type { FieldType } from '../schema/kinds.js';
import type { NormalValue } from '../table/model.js';
import { parseDate, type DateOptions } from './dates.js';
import { parseAmount, parseAmountText } from './numbers.js';
import { parsePeriod, parsePeriodText } from './period.js';
import { blankOrError, blankOrErrorText, cleanText, displayOf } from './text.js';

export interface NormalisedCell {
  display: string;
  value: NormalValue;
}

export type NormaliseOptions = DateOptions;

function asText(cell: Cell | undefined): NormalValue {
  return blankOrError(cell?.value) ?? { kind: 'text', text: displayOf(cell?.value) };
}

function asSerial(cell: Cell | undefined): NormalValue {
  const value = cell?.value;
  if (value?.type === 'number') return { kind: 'number', value: value.number, fromText: false };
  const text = asText(cell);
  if (text.kind !== 'text') return text;
  // “1”, “１”, “1.”, “ 2 ” typed as text: still a serial number.
  const number = /^\s*[0-9０-９]+[.．、]?\s*$/.test(text.text) ? parseAmountText(text.text.replace(/[.．、]\s*$/, '')) : null;
  return number === null ? text : { kind: 'number', value: number, fromText: true };
}

function asDate(cell: Cell | undefined, options: NormaliseOptions): NormalValue {
  const shared = blankOrError(cell?.value);
  if (shared || !cell) return shared ?? { kind: 'blank' };
  const iso = parseDate(cell.value, options);
  return iso ? { kind: 'date', iso } : { kind: 'invalid', text: displayOf(cell.value) };
}

/** Normalises one cell for a column of the given type. A missing cell is blank. */
export function normaliseCell(cell: Cell | undefined, type: FieldType, options: NormaliseOptions = {}): NormalisedCell {
  const raw = cell?.value;
  // Text (most cells): cleaned once, then read for the column's type — as the general path below does.
  if (raw?.type === 'string' && type !== 'serial' && type !== 'date') {
    const text = cleanText(raw.text);
    const shared = blankOrErrorText(text);
    if (shared) return { display: text, value: shared };
    if (type === 'amount') {
      const number = parseAmountText(text);
      return { display: text, value: number === null ? { kind: 'invalid', text } : { kind: 'number', value: number, fromText: true } };
    }
    if (type === 'period') return { display: text, value: parsePeriodText(text) ?? { kind: 'invalid', text } };
    return { display: text, value: { kind: 'text', text } };
  }
  const display = displayOf(raw);
  let value: NormalValue;
  switch (type) {
    case 'serial':
      value = asSerial(cell);
      break;
    case 'amount':
      value = parseAmount(cell?.value);
      break;
    case 'period':
      value = parsePeriod(cell?.value);
      break;
    case 'date':
      value = asDate(cell, options);
      // A date column shows the date as YYYY-MM-DD whatever the cell held.
      if (value.kind === 'date') return { display: value.iso, value };
      break;
    case 'text':
    case 'district':
    case 'list':
      value = asText(cell);
      break;
  }
  return { display, value };
}
