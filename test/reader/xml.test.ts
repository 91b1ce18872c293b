/**
 * The contract of src/reader/xml.ts, written when issue 9 tried replacing saxes with htmlparser2's
 * tokenizer plus our own well-formedness checks (not adopted: no faster; README 速度): whatever
 * parser is behind xmlSink must, for every snippet below, refuse it (throw) exactly when saxes does —
 * unbalanced, unclosed, mismatched tags, a second root, text outside the root, a part cut off
 * anywhere, bad entities and characters — or hand the handlers the same events as saxes: names,
 * attributes, text after entity and line-end decoding, whole or cut into chunks at every position.
 */
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { localName, xmlSink, type Attributes } from '../../src/reader/xml.js';

type Event = ['open', string, Attributes, boolean] | ['close', string] | ['text', string];

/** Events with adjacent text merged (both parsers may cut text into pieces anywhere). */
function recorder(): { events: Event[]; handlers: Parameters<typeof xmlSink>[0] } {
  const events: Event[] = [];
  return {
    events,
    handlers: {
      open: (local, attributes, selfClosing) => events.push(['open', local, { ...attributes }, selfClosing]),
      close: (local) => events.push(['close', local]),
      text: (text) => {
        const last = events[events.length - 1];
        if (last?.[0] === 'text') last[1] += text;
        else events.push(['text', text]);
      },
    },
  };
}

/** What the old reader (saxes, { xmlns: false, position: false }) gave: the events, or 'error'. */
function withSaxes(chunks: string[]): Event[] | 'error' {
  const { events, handlers } = recorder();
  const parser = new SaxesParser({ xmlns: false, position: false });
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', (tag) => handlers.open(localName(tag.name), tag.attributes as Attributes, tag.isSelfClosing));
  parser.on('closetag', (tag) => handlers.close!(localName(tag.name)));
  parser.on('text', handlers.text!);
  parser.on('cdata', handlers.text!);
  try {
    for (const chunk of chunks) parser.write(chunk);
    parser.close();
  } catch {
    return 'error';
  }
  return events.filter((event) => event[0] !== 'text' || event[1] !== '');
}

function withReader(chunks: string[]): Event[] | 'error' {
  const { events, handlers } = recorder();
  const sink = xmlSink(handlers);
  try {
    for (const chunk of chunks) sink.write(chunk);
    sink.end();
  } catch {
    return 'error';
  }
  return events.filter((event) => event[0] !== 'text' || event[1] !== '');
}

const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n';
const SHEET = `${DECL}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="r"><sheetData><row r="1" spans="1:2"><c r="A1" t="s"><v>0</v></c><c r="B1" s="3"><f>SUM(A1:A2)</f><v>12.5</v></c></row></sheetData></worksheet>`;

/** Snippets a reader must take, with what must come out the same. */
const WELL_FORMED: [string, string][] = [
  ['a sheet', SHEET],
  ['namespace prefixes', '<x:worksheet xmlns:x="u"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>'],
  ['entities in text', '<t>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;</t>'],
  ['character references', '<t>&#x4E2D;&#20013;&#x41;&#x1F600;&#9;&#10;&#13;</t>'],
  ['entities in an attribute', `<f t="a&amp;b &lt; &#x4E2D;&#13;&#10;&#9;" u='x"y'/>`],
  ['line ends in text', '<t>a\r\nb\rc\nd\r</t>'],
  ['line ends and tabs in an attribute', '<f v="a\r\nb\rc\nd\te"/>'],
  ['CDATA', '<t><![CDATA[<b> & ]] ]]]></t>'],
  ['CDATA with line ends', '<t><![CDATA[a\r\nb\rc]]></t>'],
  ['empty CDATA', '<t><![CDATA[]]></t>'],
  ['_xHHHH_ left as it is', '<t>a_x000D_b_x005F_</t>'],
  ['comments', '<!-- before --><a><!-- inside - one dash --><b/></a><!-- after -->'],
  ['processing instructions', '<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><a><?pi body ? with question?></a><?after?>'],
  ['whitespace around the root', '\n\t <a/> \r\n '],
  ['a byte order mark', '\uFEFF<?xml version="1.0"?><a/>'],
  ['spaces around =', '<a b = "1" c\n=\n\'2\'/>'],
  ['whitespace before > and />', '<a b="1"   ><c d="2"\n/></a  >'],
  ['non-ASCII names', '<表格 列="一"><数据>二</数据></表格>'],
  ['names with . - _ digits', '<a_b.c-d1 e.f-g_h2="1"/>'],
  ['a DOCTYPE', '<!DOCTYPE a><a/>'],
  ['a DOCTYPE with an internal subset', '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"> <!-- c --> <?pi x?>\n]>\n<a>1</a>'],
  ['a DOCTYPE with an empty subset', '<!DOCTYPE x [ ]><a/>'],
  ['text after a DOCTYPE subset (saxes skipped it)', '<!DOCTYPE x [<!ENTITY a "b">] x><a/>'],
  ['greater-than in text and values', '<a b="x>y">1 > 0</a>'],
  ['XML declaration, single quotes, no encoding', "<?xml version='1.1' standalone='no' ?><a/>"],
  ['a self-closing root', '<a/>'],
  ['Chinese text', '<si><t xml:space="preserve">进度滞后的省市重点项目 </t></si>'],
  ['empty attribute value', '<a b="" c=\'\'/>'],
  ['an astral character in a name', '<a\u{10000}/>'],
];

/** Snippets a reader must refuse. */
const MALFORMED: [string, string][] = [
  ['unclosed root', '<a><b></b>'],
  ['unclosed child', '<a><b></a>'],
  ['mismatched close', '<a><b></c></a>'],
  ['close without open', '<a></a></b>'],
  ['a second root', '<a/><b/>'],
  ['text after the root', '<a/>x'],
  ['text before the root', 'x<a/>'],
  ['entity outside the root', '<a/>&amp;'],
  ['no root', '<?xml version="1.0"?>'],
  ['empty', ''],
  ['only whitespace', ' \n'],
  ['truncated in a start tag', '<a><b r="1'],
  ['truncated in a tag name', '<a><b'],
  ['truncated after <', '<a><'],
  ['truncated in a closing tag', '<a></a'],
  ['truncated closing tag, space', '<a></a '],
  ['truncated in a comment', '<a/><!-- x'],
  ['truncated in CDATA', '<a><![CDATA[x'],
  ['truncated in a processing instruction', '<a/><?pi x'],
  ['undefined entity', '<a>&nbsp;</a>'],
  ['bare ampersand', '<a>a & b</a>'],
  ['ampersand without semicolon', '<a>&amp</a>'],
  ['empty entity', '<a>&;</a>'],
  ['malformed character reference', '<a>&#xZZ;</a>'],
  ['character reference with a capital X', '<a>&#X41;</a>'],
  ['character reference with a sign', '<a>&#+65;</a>'],
  ['character reference to NUL', '<a>&#0;</a>'],
  ['character reference to a control character', '<a>&#1;</a>'],
  ['character reference to a surrogate', '<a>&#xD800;</a>'],
  ['character reference to U+FFFE', '<a>&#xFFFE;</a>'],
  ['character reference past U+10FFFF', '<a>&#x110000;</a>'],
  ['bad entity in an attribute', '<a b="&foo;"/>'],
  ['bare & in an attribute', '<a b="x & y"/>'],
  ['< in an attribute', '<a b="x<y"/>'],
  ['unquoted attribute', '<a b=1/>'],
  ['attribute without value', '<a b/>'],
  ['attribute with = but no value', '<a b=>x</a>'],
  ['repeated attribute', '<a b="1" b="2"/>'],
  ['no space between attributes', '<a b="1"c="2"/>'],
  ['slash before an attribute', '<a/b="1">'],
  ['slash not followed by >', '<a b="1"/ >'],
  ['slash then attribute', '<a b="1"/ c="2"/>'],
  ['space after <', '<a>< b/></a>'],
  ['space after </', '<a><b></ b></a>'],
  ['junk in a closing tag', '<a><b></b x></a>'],
  ['attribute in a closing tag', '<a></a b="1">'],
  ['slash in a closing tag', '<a><b></b/></a>'],
  ['< alone in text', '<a>1 < 2</a>'],
  ['<> in text', '<a><></a>'],
  ['</> in text', '<a></></a>'],
  [']]> in text', '<a>x]]>y</a>'],
  ['invalid tag name', '<a><1b/></a>'],
  ['quote in a tag name', '<a><b"c/></a>'],
  ['invalid attribute name', '<a 1b="1"/>'],
  ['control character in text', '<a>x\u0001y</a>'],
  ['form feed in a tag', '<a\fb="1"/>'],
  ['form feed before >', '<a b="1"\f/>'],
  ['NUL in an attribute', '<a b="\0"/>'],
  ['U+FFFF in text', '<a>\uFFFF</a>'],
  ['a lone surrogate', '<a>\uD800</a>'],
  ['XML declaration not at the start', ' <?xml version="1.0"?><a/>'],
  ['XML declaration after the root', '<a/><?xml version="1.0"?>'],
  ['XML declaration without version', '<?xml encoding="UTF-8"?><a/>'],
  ['XML declaration, bad version', '<?xml version="2.0"?><a/>'],
  ['XML declaration, bad standalone', '<?xml version="1.0" standalone="maybe"?><a/>'],
  ['XML declaration, wrong order', '<?xml encoding="UTF-8" version="1.0"?><a/>'],
  ['XML declaration, no space', '<?xml version="1.0"encoding="UTF-8"?><a/>'],
  ['processing instruction named XML', '<a><?XML x?></a>'],
  ['processing instruction without target', '<a><? x?></a>'],
  ['comment with --', '<a><!-- a -- b --></a>'],
  ['comment ending in -', '<a><!-- a ---></a>'],
  ['comment ending in --!>', '<a><!-- a --!></a>'],
  ['DOCTYPE after the root', '<a/><!DOCTYPE a>'],
  ['two DOCTYPEs', '<!DOCTYPE a><!DOCTYPE a><a/>'],
  ['unknown declaration', '<a><!ELEMENT a></a>'],
  ['unclosed DOCTYPE subset', '<!DOCTYPE x [<!ENTITY a "b"><a/>'],
  ['CDATA outside the root', '<![CDATA[x]]><a/>'],
  ['CDATA after the root', '<a/><![CDATA[x]]>'],
  ['a byte order mark inside', '<a/>\uFEFF'],
];

/**
 * The whole text, and the text cut in two at every position (and in chunks of 1 to 3 characters),
 * never inside a surrogate pair (the part decoder never cuts one).
 */
function cuts(text: string): string[][] {
  const out: string[][] = [[text]];
  const insidePair = (at: number): boolean => /[\uD800-\uDBFF]/.test(text.charAt(at - 1));
  for (let at = 1; at < text.length; at++) if (!insidePair(at)) out.push([text.slice(0, at), text.slice(at)]);
  for (const size of [1, 2, 3]) {
    const chunks: string[] = [];
    for (let at = 0; at < text.length; ) {
      let end = Math.min(at + size, text.length);
      if (insidePair(end)) end++;
      chunks.push(text.slice(at, end));
      at = end;
    }
    out.push(chunks);
  }
  return out;
}

describe('the XML reader reads as saxes did', () => {
  it.each(WELL_FORMED)('well-formed: %s', (_, text) => {
    const expected = withSaxes([text]);
    expect(expected).not.toBe('error');
    for (const chunks of cuts(text)) expect(withReader(chunks), JSON.stringify(chunks)).toEqual(expected);
  });

  it.each(MALFORMED)('malformed: %s', (_, text) => {
    expect(withSaxes([text])).toBe('error');
    for (const chunks of cuts(text)) expect(withReader(chunks), JSON.stringify(chunks)).toBe('error');
  });

  it('stops where a handler throws, as saxes did (EnoughRead)', () => {
    const sink = xmlSink({
      open(local) {
        if (local === 'b') throw new RangeError('enough');
      },
    });
    expect(() => sink.write('<a><b/><c')).toThrow(RangeError);
  });
});
