/** Value normalisation: labels, amounts, periods, dates, and one cell for its column's type. */
export { normaliseLabel, labelKey, matchField, isGenericLeaderLabel } from './labels.js';
export { parseAmount, parseAmountText } from './numbers.js';
export { parsePeriod, parsePeriodText, parsePeriodEnd } from './period.js';
export { parseDate, parseDateText, isoFromParts, isoFromSerial } from './dates.js';
export { normaliseCell, type NormalisedCell, type NormaliseOptions } from './normalise.js';
export { isPlaceholder, displayOf, formatNumber } from './text.js';
