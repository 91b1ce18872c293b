/**
 * A plain text file a clerk opens on Windows: UTF-8 with a byte-order mark (so that Notepad, WordPad
 * and WPS show Chinese rightly, whatever the machine's code page) and CRLF line ends (so that old
 * Notepad does not run the lines together). Written through writeFileAtomic: never half a file.
 */
import { writeFileAtomic } from './save.js';
import { writableText } from './xml-text.js';

const BOM = '\uFEFF';

/**
 * The lines as bytes: BOM, every line break CRLF, a CRLF after the last line; text from the districts'
 * cells under the character policy of every file xmb writes (xml-text.ts writableText: control
 * characters, lone surrogates and the like replaced or dropped).
 */
export function windowsTextBytes(lines: readonly string[]): Uint8Array {
  const text = lines.map((l) => writableText(l).replace(/\r?\n/g, '\r\n')).join('\r\n');
  return new TextEncoder().encode(`${BOM}${text}\r\n`);
}

/** Writes `lines` to `path` as windowsTextBytes, through a temporary file and a rename. */
export function writeWindowsText(path: string, lines: readonly string[]): void {
  writeFileAtomic(path, windowsTextBytes(lines));
}
