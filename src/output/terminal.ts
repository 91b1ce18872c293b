/**
 * What reaches the terminal is safe: a district's cell text, a sheet or file name can hold terminal
 * escape codes (set the window title, clear the screen, move the cursor) or a right-to-left
 * override that makes "xslx.exe" read as "exe.xslx". Every line xmb prints goes through here:
 *
 * - `terminalSafe(text)` — for data put into a line (cell values, messages built from them, file,
 *   sheet and district names): every control character is shown, never executed. C0 controls and
 *   DEL become their visible Control Pictures (ESC → ␛, BEL → ␇, CR → ␍; a line feed is kept, a
 *   tab becomes a space); C1 controls, bidirectional controls (U+202A–U+202E, U+2066–U+2069,
 *   U+200E/U+200F, U+061C) and line/paragraph separators are shown as `<U+202E>`.
 * - `printOut` / `printErr` — the one way commands and the CLI write to stdout/stderr. They apply
 *   the same escaping to the whole text, keeping only well-formed colour codes (SGR, `ESC[…m`, which
 *   is what chalk writes): so a data path that forgot `terminalSafe` still cannot run a terminal
 *   command, clear the screen or reorder a line.
 * - `jsonText(value)` — JSON for --json: JSON.stringify already escapes C0 controls; DEL, C1 and bidi
 *   controls are written as \uXXXX escapes too, so the document parses to the same values and
 *   shows safely when printed.
 */

/** Characters shown as `<U+XXXX>`: C1 controls, bidi controls, line/paragraph separators. */
const NAMED = /[\u0080-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** C0 controls except LF, and DEL. */
// eslint-disable-next-line no-control-regex
const C0 = /[\u0000-\u0009\u000b-\u001f\u007f]/g;

const hex = (char: string): string => char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');

function visible(char: string): string {
  const code = char.charCodeAt(0);
  if (code === 0x09) return ' ';
  if (code === 0x7f) return '\u2421';
  return String.fromCharCode(0x2400 + code);
}

/** Shows every control character of a piece of data visibly (see above). Line feeds are kept. */
export function terminalSafe(text: string): string {
  return text.replace(C0, visible).replace(NAMED, (char) => `<U+${hex(char)}>`);
}

/** A colour code as chalk writes it: ESC [ numbers separated by ; m. */
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]{0,32}m/y;

/**
 * The whole text of a write made safe: like terminalSafe, but a well-formed colour code (SGR) is
 * kept. No other escape sequence survives.
 */
export function safeOutput(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(text)) return text;
  let out = '';
  let from = 0;
  for (let i = text.indexOf('\u001b'); i !== -1; i = text.indexOf('\u001b', i + 1)) {
    SGR.lastIndex = i;
    const match = SGR.exec(text);
    if (!match) continue;
    out += terminalSafe(text.slice(from, i)) + match[0];
    from = i + match[0].length;
    i = from - 1;
  }
  return out + terminalSafe(text.slice(from));
}

/** JSON whose strings show safely on a terminal and parse back to the same values. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(NAMED, (char) => `\\u${hex(char).toLowerCase()}`).replace(/\u007f/g, '\\u007f');
}

/** Writes to stdout, made safe (safeOutput). */
export function printOut(text: string): void {
  process.stdout.write(safeOutput(text));
}

/** Writes to stderr, made safe (safeOutput). */
export function printErr(text: string): void {
  process.stderr.write(safeOutput(text));
}
