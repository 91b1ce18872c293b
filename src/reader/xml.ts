/**
 * SAX over saxes, by local name: `x:c`, `c` and strict-OOXML `c` look the same to handlers, so
 * transitional, strict and prefixed parts are read by one code path.
 */
import { SaxesParser } from 'saxes';
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

/** A sink that parses the text written to it. Malformed XML throws (the caller reports file-unreadable). */
export function xmlSink(handlers: XmlHandlers): PartSink {
  const parser = new SaxesParser({ xmlns: false, position: false });
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', (tag) => handlers.open(localName(tag.name), tag.attributes as Attributes, tag.isSelfClosing));
  const close = handlers.close;
  if (close) parser.on('closetag', (tag) => close(localName(tag.name)));
  const text = handlers.text;
  if (text) {
    parser.on('text', text);
    parser.on('cdata', text);
  }
  return {
    write(chunk: string) {
      parser.write(chunk);
    },
    end() {
      parser.close();
      handlers.end?.();
    },
  };
}

/** Parses a whole (small) XML string. */
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
