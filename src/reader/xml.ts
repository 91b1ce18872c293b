/**
 * SAX over htmlparser2's tokenizer, by local name: `x:c`, `c` and strict-OOXML `c` look the same to
 * handlers, so transitional, strict and prefixed parts are read by one code path.
 *
 * The tokenizer (xmlMode, entities left to us) only splits the text into tags, attributes, text,
 * CDATA, comments and processing instructions; it forgives what XML does not. StrictXmlReader adds the
 * well-formedness checks of XML 1.0 that a part xmb reads must pass — the same ones saxes (the parser
 * before it) made, so a damaged part is refused, never read partially:
 * - characters: no control characters but tab, LF, CR; no U+FFFE/U+FFFF or lone surrogates (once per chunk);
 * - names: tag, attribute and processing-instruction names are XML Names;
 * - tags: closed in order (a stack of open names), one root, no text or CDATA outside it, nothing
 *   cut off at the end; `</name>` with only whitespace before `>`; `/` only as `/>`;
 * - attributes: quoted, separated by whitespace, not repeated, no `<` in a value;
 * - text and attribute values: `&` only in `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` and character
 *   references to XML characters, decoded here; no `]]>` in text;
 * - comments without `--`; the XML declaration only at the very start and well-formed; a DOCTYPE only
 *   before the root (its internal subset skipped, as saxes did);
 * - line ends as XML 1.0 §2.11 and attribute values as §3.3.3 (CR LF and CR → LF; in an attribute
 *   value tab, LF, CR → space), so text reads exactly as it did with saxes.
 */
import { Tokenizer, QuoteType, type TokenizerCallbacks } from 'htmlparser2';
import type { PartSink } from './zip-guard.js';

export type Attributes = Record<string, string>;

export interface XmlHandlers {
  open(local: string, attributes: Attributes, selfClosing: boolean): void;
  close?(local: string): void;
  /** Character data (text and CDATA), in pieces. */
  text?(text: string): void;
  /** Called after the document ended well-formed. */
  end?(): void;
}

export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/** An attribute by local name (`r:id` for `id`), preferring the unprefixed one. */
export function attribute(attributes: Attributes, local: string): string | undefined {
  const direct = attributes[local];
  if (direct !== undefined) return direct;
  for (const key in attributes) if (localName(key) === local && key.includes(':')) return attributes[key];
  return undefined;
}

/** Thrown for XML that is not well-formed; readers turn it into their file- or sheet-level finding. */
export class XmlError extends Error {
  override name = 'XmlError';
}

/** Characters XML 1.0 does not allow anywhere, and surrogates (allowed in pairs: LONE_SURROGATE tells). */
const SUSPECT_CHAR = /[\0-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;
const NOT_XML_CHAR = /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const NAME_START = ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME = new RegExp(`^[${NAME_START}][${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F\\u2040]*$`, 'u');
const S = '[ \\t\\n\\r]';
const ALL_SPACE = /^[ \t\n\r]*$/;
const XML_DECLARATION = new RegExp(
  `^${S}+version${S}*=${S}*(?:"1\\.[0-9]+"|'1\\.[0-9]+')` +
    `(?:${S}+encoding${S}*=${S}*(?:"[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*'))?` +
    `(?:${S}+standalone${S}*=${S}*(?:"(?:yes|no)"|'(?:yes|no)'))?${S}*$`,
);
/** `<!DOCTYPE …>`; the tokenizer ends it at the first `>`, so an internal subset `[…]` goes on after it. */
const DOCTYPE = /^DOCTYPE[ \t\n\r]([^[]*)$|^DOCTYPE[ \t\n\r][^[]*\[(.*)$/s;
/** `]`, the rest of the DOCTYPE up to `>` (saxes did not look at it), then whitespace. */
const SUBSET_END = /^\][^>]*>([ \t\n\r]*)$/;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Whether `name` is an XML Name; ASCII names (every OOXML name) without a regular expression. */
function isName(name: string): boolean {
  const n = name.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i);
    // a-z A-Z _ : anywhere, 0-9 . - after the first
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58) continue;
    if (i > 0 && ((c >= 48 && c <= 57) || c === 46 || c === 45)) continue;
    return NAME.test(name);
  }
  return true;
}

function fail(message: string): never {
  throw new XmlError(message);
}

/** `&name;` → its character (XML's five entities and character references); anything else throws. */
function entity(name: string): string {
  const predefined = PREDEFINED[name];
  if (predefined !== undefined) return predefined;
  let code = NaN;
  if (/^#x[0-9A-Fa-f]+$/.test(name)) code = parseInt(name.slice(2), 16);
  else if (/^#[0-9]+$/.test(name)) code = parseInt(name.slice(1), 10);
  const isChar =
    code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
  return isChar ? String.fromCodePoint(code) : fail(`undefined entity &${name};`);
}

/**
 * Raw text or attribute value → its characters: entities decoded, line ends normalised (in a value,
 * tab and line ends become spaces). Throws on a `<`, a bare `&`, and (text) `]]>`.
 */
function decode(raw: string, isValue: boolean): string {
  if (!needsDecoding(raw, isValue)) return raw;
  if (raw.includes('<')) fail('`<` in text or an attribute value');
  if (!isValue && raw.includes(']]>')) fail('`]]>` in text');
  let out = '';
  let from = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 38 /* & */) {
      const semicolon = raw.indexOf(';', i + 1);
      if (semicolon === -1) fail('`&` that starts no entity');
      out += raw.slice(from, i) + entity(raw.slice(i + 1, semicolon));
      i = semicolon;
      from = i + 1;
    } else if (c === 13 /* CR */ || (isValue && (c === 10 || c === 9))) {
      out += raw.slice(from, i) + (isValue ? ' ' : '\n');
      if (c === 13 && raw.charCodeAt(i + 1) === 10) i++;
      from = i + 1;
    }
  }
  return out + raw.slice(from);
}

/** Whether raw text or a value has an `&`, `<`, CR, `]` (text) or tab or LF (value): the common case has none. */
function needsDecoding(raw: string, isValue: boolean): boolean {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c > 93) continue;
    if (c === 38 || c === 60 || c === 13) return true; // & < CR
    if (isValue ? c === 9 || c === 10 : c === 93) return true; // tab LF | ]
  }
  return false;
}

/** The tokenizer's callbacks, checking what the tokenizer lets through; see the file's docstring. */
class StrictXmlReader implements TokenizerCallbacks {
  private readonly tokenizer = new Tokenizer({ xmlMode: true, decodeEntities: false }, this);
  /** The tokenizer's state between tokens: where a complete document ends. */
  private readonly textState: unknown = this.tokenizer['state'];
  /** Chunks not yet wholly consumed, the first starting at absolute index `firstOffset`. */
  private chunks: string[] = [];
  private firstOffset = 0;
  private written = 0;
  private readonly open: string[] = [];
  private sawRoot = false;
  private sawDoctype = false;
  /** Inside a DOCTYPE's internal subset (declarations, comments, PIs, up to `]>`), which saxes skipped. */
  private inSubset = false;
  /** Raw text since the last markup (the tokenizer hands it over in pieces). */
  private pendingText = '';
  private textAtStart = false;
  private tagName = '';
  private attributes: Attributes = Object.create(null) as Attributes;
  private attributeName = '';
  private attributeValue = '';
  /** Where the last token inside a start tag ended (tag name or attribute value). */
  private tagTokenEnd = 0;
  /** After `</name` something other than `>`: the rest up to `>` must be whitespace. */
  private closeTagTail = false;

  constructor(private readonly handlers: XmlHandlers) {}

  /** A chunk never ends inside a surrogate pair (TextDecoder's stream mode keeps pairs whole). */
  write(chunk: string): void {
    if (this.written === 0 && chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    if (chunk.length === 0) return;
    if (SUSPECT_CHAR.test(chunk) && NOT_XML_CHAR.test(chunk)) fail('a character XML does not allow');
    this.chunks.push(chunk);
    this.written += chunk.length;
    if (this.closeTagTail) this.checkCloseTagTail(this.written - chunk.length);
    this.tokenizer.write(chunk);
  }

  end(): void {
    if (this.tokenizer['state'] !== this.textState || this.closeTagTail) fail('the part ends inside markup');
    this.tokenizer.end();
    this.flushText();
    if (!this.sawRoot || this.inSubset) fail('no root element');
    if (this.open.length > 0) fail(`unclosed tag ${this.open[this.open.length - 1]}`);
  }

  /** The text between absolute indexes (the tokenizer's positions). */
  private slice(start: number, end: number): string {
    if (start >= end) return '';
    while (start - this.firstOffset >= this.chunks[0]!.length) this.firstOffset += this.chunks.shift()!.length;
    let text = this.chunks[0]!.slice(start - this.firstOffset, end - this.firstOffset);
    for (let i = 1, offset = this.firstOffset + this.chunks[0]!.length; offset < end; offset += this.chunks[i++]!.length)
      text += this.chunks[i]!.slice(0, end - offset);
    return text;
  }

  /** The character code at an absolute index. */
  private code(index: number): number {
    const current = this.chunks[this.chunks.length - 1]!;
    const offset = this.written - current.length;
    return index >= offset ? current.charCodeAt(index - offset) : this.slice(index, index + 1).charCodeAt(0);
  }

  private flushText(): void {
    const raw = this.pendingText;
    if (raw === '') return;
    this.pendingText = '';
    if (this.inSubset) {
      const close = raw.indexOf(']');
      if (close === -1) return;
      const end = SUBSET_END.exec(raw.slice(close));
      if (!end) fail('malformed DOCTYPE');
      this.inSubset = false;
      if (end[1] && this.handlers.text) this.handlers.text(decode(end[1], false));
      return;
    }
    if (this.open.length === 0) {
      if (!ALL_SPACE.test(raw)) fail('text outside the root element');
      if (this.textAtStart) return; // saxes skipped the whitespace a document starts with
    }
    const text = decode(raw, false);
    if (this.handlers.text) this.handlers.text(text);
  }

  /** The characters after a closing tag's name, from `from`: whitespace up to `>`. */
  private checkCloseTagTail(from: number): void {
    const text = this.slice(from, this.written);
    const gt = text.indexOf('>');
    if (!ALL_SPACE.test(gt === -1 ? text : text.slice(0, gt))) fail('junk in a closing tag');
    this.closeTagTail = gt === -1;
  }

  /** Between the last token of a start tag and `at`: only whitespace, and some when `needSpace`. */
  private checkTagGap(at: number, needSpace: boolean): void {
    const gap = at - this.tagTokenEnd;
    if (gap === 1 && this.code(this.tagTokenEnd) === 32) return;
    if ((needSpace && gap === 0) || (gap > 0 && !ALL_SPACE.test(this.slice(this.tagTokenEnd, at)))) fail('malformed start tag');
  }

  ontext(start: number, end: number): void {
    if (this.pendingText === '') this.textAtStart = start === 0;
    this.pendingText += this.slice(start, end);
  }

  onopentagname(start: number, end: number): void {
    this.flushText();
    const name = this.slice(start, end);
    if (!isName(name) || this.inSubset) fail('malformed tag name');
    if (this.open.length === 0 && this.sawRoot) fail('a second root element');
    this.tagName = name;
    this.attributes = Object.create(null) as Attributes;
    this.tagTokenEnd = end;
  }

  onattribname(start: number, end: number): void {
    this.checkTagGap(start, true);
    const name = this.slice(start, end);
    if (!isName(name)) fail('malformed attribute name');
    this.attributeName = name;
    this.attributeValue = '';
  }

  onattribdata(start: number, end: number): void {
    this.attributeValue += this.slice(start, end);
  }

  onattribentity(): void {
    fail('unexpected entity'); // decodeEntities is off: the tokenizer never calls this
  }

  onattribend(quote: QuoteType, end: number): void {
    if (quote !== QuoteType.Double && quote !== QuoteType.Single) fail('attribute without a quoted value');
    if (this.attributes[this.attributeName] !== undefined) fail('repeated attribute');
    this.attributes[this.attributeName] = decode(this.attributeValue, true);
    this.tagTokenEnd = end;
  }

  onopentagend(end: number): void {
    this.checkTagGap(end, false);
    this.sawRoot = true;
    this.open.push(this.tagName);
    this.handlers.open(localName(this.tagName), this.attributes, false);
  }

  onselfclosingtag(end: number): void {
    this.checkTagGap(end - 1, false);
    if (this.code(end - 1) !== 47 /* / */) fail('`/` not followed by `>`');
    this.sawRoot = true;
    const local = localName(this.tagName);
    this.handlers.open(local, this.attributes, true);
    this.handlers.close?.(local);
  }

  onclosetag(start: number, end: number): void {
    this.flushText();
    if (this.code(start - 1) !== 47 /* / */) fail('space after `</`');
    const name = this.slice(start, end);
    if (this.open.pop() !== name) fail(`closing tag ${name} does not match`);
    this.handlers.close?.(localName(name));
    if (this.code(end) !== 62 /* > */) this.checkCloseTagTail(end);
  }

  oncdata(start: number, end: number, endOffset: number): void {
    this.flushText();
    if (this.open.length === 0 || this.inSubset) fail('CDATA outside the root element');
    const text = this.slice(start, end - endOffset);
    if (this.handlers.text) this.handlers.text(text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text);
  }

  oncomment(start: number, end: number, endOffset: number): void {
    this.flushText();
    const text = this.slice(start, end - endOffset);
    if (endOffset !== 2 || text.includes('--') || text.endsWith('-')) fail('malformed comment');
  }

  ondeclaration(start: number, end: number): void {
    this.flushText();
    if (this.inSubset) return;
    const doctype = DOCTYPE.exec(this.slice(start, end));
    if (!doctype || this.sawRoot || this.sawDoctype) fail('unexpected declaration');
    this.sawDoctype = true;
    const subset = doctype[2];
    if (subset !== undefined && !subset.includes(']')) this.inSubset = true;
  }

  onprocessinginstruction(start: number, end: number): void {
    this.flushText();
    const text = this.slice(start, end);
    const space = text.search(/[ \t\n\r]/);
    const target = space === -1 ? text : text.slice(0, space);
    if (!isName(target)) fail('malformed processing instruction');
    if (target === 'xml') {
      if (start !== 2 || !XML_DECLARATION.test(text.slice(3))) fail('malformed or misplaced XML declaration');
    } else if (target.toLowerCase() === 'xml') fail('reserved processing instruction');
  }

  ontextentity(): void {
    fail('unexpected entity'); // decodeEntities is off: the tokenizer never calls this
  }

  onend(): void {}
}

/** A sink that parses the text written to it. Malformed XML throws XmlError (the caller reports file-unreadable). */
export function xmlSink(handlers: XmlHandlers): PartSink {
  const reader = new StrictXmlReader(handlers);
  return {
    write(chunk: string) {
      reader.write(chunk);
    },
    end() {
      reader.end();
      handlers.end?.();
    },
  };
}

/** Parses a whole (small) XML string. Malformed XML throws XmlError. */
export function parseXml(text: string, handlers: XmlHandlers): void {
  const sink = xmlSink(handlers);
  sink.write(text);
  sink.end();
}

/** Decodes the `_xHHHH_` escapes OOXML uses for control characters (`_x000D_`); `_x005F_` is a literal `_`. */
export function decodeOoxmlEscapes(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
