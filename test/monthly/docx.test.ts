import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { buildMonthlyReport } from '../../src/monthly/report-model.js';
import { Packer } from 'docx';
import { buildMonthlyDocument, documentParts, writeMonthlyReportDocx } from '../../src/writers/monthly-report-docx.js';
import { makeTable, sampleMonth, source } from './helpers.js';

function sources() {
  return [
    ...sampleMonth(),
    source(
      makeTable('monthly', 3, '2022-03-10', [
        { column: '领导动态', title: '市领导调研高新区重点项目', content: '3月8日，市领导到高新区调研“三个一批”项目——要求加快建设。', date: '2022-03-08' },
        { column: '重大活动', title: '=HYPERLINK("x")', content: '内容<&>\u0007', date: '2022-03-16' },
      ]),
    ),
  ];
}

async function build() {
  const report = buildMonthlyReport(sources(), DEFAULT_CONFIG, { month: '2022-03' });
  const bytes = await writeMonthlyReportDocx(report);
  const files = unzipSync(bytes);
  const xml = (name: string) => strFromU8(files[name]!);
  return { report, bytes, files, xml };
}

describe('the .docx', async () => {
  const { bytes, files, xml } = await build();
  const document = xml('word/document.xml');
  const text = [...document.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

  it('has the sections in the order of 附件5, after the masthead', () => {
    const at = (s: string) => text.indexOf(s);
    const order = ['重点项目建设协调服务工作月报', '第1期', '统计时段：2022年2月21日至2022年3月20日', '一、领导动态', '二、重大活动', '三、督导服务', '各组督导服务情况统计表', '四、县区风采', '五、项目动态'];
    const positions = order.map(at);
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text.slice(at('四、县区风采'), at('五、项目动态'))).toContain('本月无。');
  });

  it('is A4 with the GB/T 9704 margins, in integer twips', () => {
    expect(document).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const mar = /<w:pgMar ([^>]*)\/>/.exec(document)![1]!;
    expect(mar).toContain('w:top="2098"');
    expect(mar).toContain('w:bottom="1984"');
    expect(mar).toContain('w:left="1587"');
    expect(mar).toContain('w:right="1474"');
    const all = ['word/document.xml', 'word/styles.xml', 'word/footer1.xml', 'word/footer2.xml'].map((f) => (files[f] ? xml(f) : '')).join('');
    expect(all).not.toMatch(/w:(?:before|after|line|left|right|firstLine|w|pos|top|bottom)="-?\d+\.\d+"/);
  });

  it('sets the East Asian font with hint eastAsia on every run', () => {
    const runs = [...document.matchAll(/<w:r>(.*?)<\/w:r>/gs)].map((m) => m[1]!);
    expect(runs.length).toBeGreaterThan(50);
    for (const r of runs) expect(r).toMatch(/<w:rFonts [^>]*w:eastAsia="[^"]+"[^>]*w:hint="eastAsia"|<w:rFonts [^>]*w:hint="eastAsia"[^>]*w:eastAsia="[^"]+"/);
    expect(document).toContain('w:eastAsia="仿宋_GB2312"');
    expect(document).toContain('w:eastAsia="黑体"');
    expect(document).toContain('w:eastAsia="楷体_GB2312"');
    expect(document).toContain('w:eastAsia="方正小标宋简体"');
  });

  it('puts the date at a real right tab stop, with a w:tab, not a tab character', () => {
    expect(document).toMatch(/<w:tab w:val="right" w:pos="8525"\/>/);
    expect(document).toMatch(/<w:tab\/><w:t xml:space="preserve">2022年3月20日<\/w:t>/);
    expect(document.includes('\t')).toBe(false);
  });

  it('draws the title red with a red rule under the masthead', () => {
    expect(document).toMatch(/<w:color w:val="FF0000"\/>.*?重点项目建设协调服务工作月报/s);
    expect(document).toMatch(/<w:pBdr><w:bottom [^>]*w:color="FF0000"/);
  });

  it('sets the body at an exact 28.95 pt and 三号 with −0.25 pt spacing', () => {
    expect(document).toMatch(/w:line="579" w:lineRule="exact"|w:lineRule="exact"[^>]*w:line="579"/);
    expect(document).toContain('<w:sz w:val="32"/>');
    expect(document).toContain('<w:spacing w:val="-5"/>');
  });

  it('has odd and even footers with “— n —”, odd right and even left', () => {
    expect(xml('word/settings.xml')).toContain('<w:evenAndOddHeaders/>');
    const refs = [...document.matchAll(/<w:footerReference ([^>]*)\/>/g)].map((m) => m[1]!);
    const typeOf = (r: string) => /w:type="(\w+)"/.exec(r)![1];
    expect(refs.map(typeOf).sort()).toEqual(['default', 'even']);
    const target = (type: string) => {
      const id = /r:id="(\w+)"/.exec(refs.find((r) => typeOf(r) === type)!)![1];
      const rels = xml('word/_rels/document.xml.rels');
      return xml(`word/${new RegExp(`Id="${id}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)!.slice(1).find(Boolean)}`);
    };
    const odd = target('default');
    const even = target('even');
    expect(odd).toContain('<w:jc w:val="right"/>');
    expect(even).toContain('<w:jc w:val="left"/>');
    for (const f of [odd, even]) {
      expect(f).toMatch(/— <\/w:t>.*PAGE.*> —<\/w:t>/s);
      expect(f).toContain('w:eastAsia="宋体"');
      expect(f).toContain('<w:sz w:val="28"/>');
    }
  });

  it('repeats the statistics table header rows', () => {
    expect((document.match(/<w:tblHeader\/>/g) ?? []).length).toBe(2);
    expect(document).toContain('第十六组');
    expect(document).toContain('中牟县');
  });

  it('writes submitted text as text, XML-escaped, without control characters', () => {
    expect(document.includes('（一）=HYPERLINK(&quot;x&quot;)')).toBe(true);
    expect(document.includes('内容&lt;&amp;&gt;')).toBe(true);
    expect(document.includes('\u0007')).toBe(false);
    expect(document.includes('<w:fldSimple w:instr="HYPERLINK')).toBe(false);
  });

  it('has fixed core properties', () => {
    const core = xml('docProps/core.xml');
    expect(core).toContain('<dc:creator>郑州市重点项目建设中心</dc:creator>');
    expect(core).toMatch(/<dcterms:created[^>]*>2022-03-20T00:00:00Z<\/dcterms:created>/);
    expect(core).toMatch(/<dcterms:modified[^>]*>2022-03-20T00:00:00Z<\/dcterms:modified>/);
  });

  it('gives the same bytes twice', async () => {
    await new Promise((r) => setTimeout(r, 1100));
    const again = await build();
    expect(Buffer.from(again.bytes).equals(Buffer.from(bytes))).toBe(true);
  });
});

// ── issue 8: the 月报 as an official document ──────────────────────────────────────────────────
import { DEFAULT_CONFIG as CONFIG } from '../../src/config/defaults.js';
import type { Config } from '../../src/config/schema.js';
import {
  balancedLines,
  colophonFits,
  colophonSharesLastPage,
  columnWidths,
  fitHeading,
  LINE,
  TEXT_HEIGHT,
  TEXT_WIDTH,
} from '../../src/writers/monthly-report-docx.js';
import { textWidth, visibleChars } from '../../src/writers/text-measure.js';
import type { SourceTable } from '../../src/monthly/sources.js';

async function documentOf(sources: SourceTable[], config: Config = CONFIG, month = '2022-03') {
  const report = buildMonthlyReport(sources, config, { month });
  const files = unzipSync(await writeMonthlyReportDocx(report));
  return { report, files, document: strFromU8(files['word/document.xml']!), xml: (name: string) => strFromU8(files[name]!) };
}
const textOf = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
const paragraphs = (xml: string) => [...xml.matchAll(/<w:p>(.*?)<\/w:p>/gs)].map((m) => m[1]!);
/** n 月报素材 items of one 栏目, to make reports of any length. */
function items(n: number, column = '项目动态'): SourceTable[] {
  const rows = Array.from({ length: n }, (_, i) => ({
    column,
    title: `第${(i % 16) + 1}组重点项目取得重要进展${i + 1}`,
    content: `3月${(i % 19) + 1}日，某重点项目主体结构顺利封顶，较计划提前${i + 3}天，为全年建设任务打下坚实基础。`,
    date: `2022-03-${String((i % 19) + 1).padStart(2, '0')}`,
  }));
  return [source(makeTable('monthly', 3, '2022-03-10', rows))];
}

describe('masthead (item 5)', () => {
  it('prints the issue with its year, and optionally the 总期号 and a mark at the top left', async () => {
    const plain = textOf((await documentOf(sources())).document);
    expect(plain).toContain('2022年第1期');
    expect(plain).not.toContain('总第');
    const config = { ...CONFIG, monthly: { ...CONFIG.monthly, totalIssueStart: 25, mark: '内部资料' } };
    const { document } = await documentOf(sources(), config);
    const first = paragraphs(document).slice(0, 4);
    expect(textOf(first[0]!)).toBe('内部资料');
    expect(first[0]).toContain('w:eastAsia="黑体"');
    expect(first[0]).not.toContain('<w:jc ');
    expect(textOf(first[2]!)).toBe('2022年第1期（总第25期）');
    // 编印单位 left, 印发日期 right.
    expect(textOf(first[3]!)).toBe('郑州市重点项目建设中心2022年3月20日');
    expect(first[3]).toMatch(/<w:tab\/><w:t xml:space="preserve">2022年3月20日<\/w:t>/);
  });
});

describe('版记 (item 4)', () => {
  it('is a text box as wide as the text block, its last rule on the bottom edge of the text block', async () => {
    const { document } = await documentOf(sources());
    const box = /<mc:AlternateContent><mc:Choice Requires="wps">(.*?)<\/mc:Choice><mc:Fallback>(.*?)<\/mc:Fallback><\/mc:AlternateContent>/s.exec(document);
    expect(box).not.toBeNull();
    const [, drawing, fallback] = box!;
    expect(fallback).toMatch(/<w:pict><v:rect [^>]*mso-position-vertical-relative:margin/);
    expect(fallback).toContain('<w:txbxContent>');
    const extent = /<wp:extent cx="(\d+)" cy="(\d+)"\/>/.exec(drawing!)!.slice(1).map(Number);
    const top = Number(/<wp:positionV relativeFrom="margin"><wp:posOffset>(\d+)<\/wp:posOffset>/.exec(drawing!)![1]);
    expect(extent[0]).toBe(TEXT_WIDTH * 635);
    // The box ends a 1 pt hairline (its closing empty paragraph) below the text block: the table ends on it.
    expect(top + extent[1]!).toBe((TEXT_HEIGHT + 20) * 635);
    expect(drawing).toContain('<wp:wrapTopAndBottom');
    expect(drawing).toMatch(/<wps:bodyPr [^>]*anchor="b"/);
    const table = /<w:txbxContent>(<w:tbl>.*<\/w:tbl>)(<w:p>.*?<\/w:p>)<\/w:txbxContent>/s.exec(drawing!)!;
    expect(table[1]).toContain(`<w:tblW w:type="dxa" w:w="${TEXT_WIDTH}"/>`);
    expect(table[2]).toContain('w:line="20" w:lineRule="exact"');
    // Rules: the first and last 0.35 mm (sz 8), the one between 0.25 mm (sz 6); none at the sides.
    const rows = [...table[1]!.matchAll(/<w:tr>(.*?)<\/w:tr>/gs)].map((m) => m[1]!);
    const rule = (row: string, side: string) => new RegExp(`<w:${side} w:val="(\\w+)"[^>]*w:sz="(\\d+)"`).exec(/<w:tcBorders>(.*?)<\/w:tcBorders>/s.exec(row)![1]!)!.slice(1).join(':');
    expect(rows).toHaveLength(2);
    expect([rule(rows[0]!, 'top'), rule(rows[0]!, 'bottom'), rule(rows[1]!, 'top'), rule(rows[1]!, 'bottom')]).toEqual([
      'single:8',
      'single:6',
      'single:6',
      'single:8',
    ]);
    expect(rule(rows[0]!, 'left')).toBe('none:0');
    // 报/送/发 at 四号, one character in, continuation lines aligned after the colon; 印发 line with a right tab.
    const lines = paragraphs(rows[0]!);
    expect(lines.map(textOf)).toEqual([
      '报：市重点项目协调服务工作小组组长、副组长。',
      '送：工程协调处，项目储备选报处，项目运行监测处，目标管理和信息处。',
      '发：各服务督导工作小组，各开发区、区县（市）重点项目办。',
    ]);
    for (const l of lines) {
      expect(l).toContain('<w:sz w:val="28"/>');
      expect(l).toMatch(/<w:ind w:left="840" w:right="280" w:hanging="560"\/>/);
    }
    const issued = paragraphs(rows[1]!)[0]!;
    expect(textOf(issued)).toBe('郑州市重点项目建设中心2022年3月20日印发');
    expect(issued).toContain(`<w:tab w:val="right" w:pos="${TEXT_WIDTH - 560}"/>`);
    expect(issued).toContain('<w:ind w:left="280" w:right="280"/>');
  });

  it('wraps a long 版记 line at a pause, no line a lone character', async () => {
    const { document } = await documentOf(sources());
    const send = paragraphs(/<w:txbxContent>(.*?)<\/w:txbxContent>/s.exec(document)![1]!).find((p) => textOf(p).startsWith('送：'))!;
    const parts = send.split('<w:br/>').map(textOf);
    expect(parts).toEqual(['送：工程协调处，项目储备选报处，', '项目运行监测处，目标管理和信息处。']);
  });

  it('shares the last page when the estimate leaves room, else has a page of its own without a page number', async () => {
    const seen = new Set<boolean>();
    for (const n of [0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40]) {
      const { report, document, xml } = await documentOf([...sampleMonth(), ...items(n)]);
      const shared = colophonSharesLastPage(report);
      seen.add(shared);
      const sections = [...document.matchAll(/<w:sectPr>(.*?)<\/w:sectPr>/gs)].map((m) => m[1]!);
      const box = document.indexOf('<mc:AlternateContent>');
      if (shared) {
        expect(sections, `${n} items`).toHaveLength(1);
        expect(box).toBeLessThan(document.lastIndexOf('<w:sectPr>'));
      } else {
        expect(sections, `${n} items`).toHaveLength(2);
        expect(sections[1]).toContain('<w:type w:val="nextPage"/>');
        // The 版记 is the only content of the last section, and its footers carry no page number.
        expect(box).toBeGreaterThan(document.indexOf('<w:sectPr>'));
        const rels = xml('word/_rels/document.xml.rels');
        for (const id of [...sections[1]!.matchAll(/<w:footerReference [^>]*r:id="(\w+)"/g)].map((m) => m[1]!)) {
          const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)!.slice(1).find(Boolean)!;
          expect(xml(`word/${target}`)).not.toContain('PAGE');
        }
        expect([...sections[1]!.matchAll(/<w:footerReference [^>]*w:type="(\w+)"/g)].map((m) => m[1]).sort()).toEqual(['default', 'even']);
      }
    }
    expect([...seen].sort()).toEqual([false, true]);
  }, 120_000);

  it('decides by the narrow and the wide estimate together', () => {
    const at = (pages: number, lastPageUsed: number) => ({ pages, lastPageUsed, pageStarts: [] });
    const box = 6 * LINE;
    expect(colophonFits(at(3, 5 * LINE), at(3, 9 * LINE), box)).toBe(true);
    expect(colophonFits(at(3, 5 * LINE), at(3, 15 * LINE), box)).toBe(false);
    // The text may end on page 3 or on page 4: the 版记 cannot know which page is last.
    expect(colophonFits(at(3, 21 * LINE), at(4, LINE), box)).toBe(false);
    // Two lines into page 3 at the tightest: a reader tighter still may end on page 2.
    expect(colophonFits(at(3, 2 * LINE), at(3, 3 * LINE), box)).toBe(false);
  });
});

describe('no heading or table cell leaves a character alone (item 6)', () => {
  it('keeps a heading a little too long on one line by condensing it', () => {
    // 活/动 wrapped in the sample: 26 characters with 4 digits after the two-character indent.
    const fit = fitHeading('（五）管城回族区举行2022年第一季度重点项目集中开工活动', TEXT_WIDTH, 16, -5, 640);
    expect(fit.lines).toHaveLength(1);
    expect(fit.spacing).toBeLessThan(-5);
    expect(fit.spacing).toBeGreaterThanOrEqual(-40);
    expect(fitHeading('（一）各组督导服务情况', TEXT_WIDTH, 16, -5, 640)).toEqual({ lines: ['（一）各组督导服务情况'], spacing: -5 });
  });

  it('breaks a heading too long for one line into balanced lines', () => {
    const title = '（三）关于郑州航空港经济综合实验区智能终端产业园二期项目开工建设暨第一季度重点项目集中开工活动';
    const fit = fitHeading(title, TEXT_WIDTH, 16, -5, 640);
    expect(fit.lines.length).toBe(2);
    expect(fit.lines.join('')).toBe(title);
    for (const line of fit.lines) expect(visibleChars(line)).toBeGreaterThan(8);
  });

  it.each([
    ['送：工程协调处，项目储备选报处，项目运行监测处，目标管理和信息处。', 14, 8285, ['送：工程协调处，项目储备选报处，', '项目运行监测处，目标管理和信息处。']],
    ['郑州航空港经济综合实验区', 12, 1500, ['郑州航空港经', '济综合实验区']],
  ])('balances %s', (text, size, width, expected) => {
    const lines = balancedLines(text, width, size);
    expect(lines).toEqual(expected);
  });

  it('sizes the table columns from their content: every cell of the sample on one line', async () => {
    const { document } = await documentOf(sampleMonth());
    const table = /<w:tbl>(.*?)<\/w:tbl>/s.exec(document)![1]!;
    const grid = [...table.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
    expect(grid.reduce((a, b) => a + b, 0)).toBe(TEXT_WIDTH);
    for (const cell of [...table.matchAll(/<w:tc>(.*?)<\/w:tc>/gs)].map((m) => m[1]!)) {
      const width = Number(/<w:tcW w:type="dxa" w:w="(\d+)"\/>/.exec(cell)![1]);
      for (const p of paragraphs(cell)) expect(textWidth(textOf(p), 12), textOf(p)).toBeLessThanOrEqual(width - 80);
    }
    expect(textOf(table)).toContain('全市（不重复计）');
  });

  it('breaks a district name too long for its column into balanced lines', async () => {
    const groups = CONFIG.groups.map((g) => (g.number === 12 ? { ...g, district: '郑州航空港经济综合实验区核心区' } : g));
    const { document } = await documentOf(sampleMonth(), { ...CONFIG, groups });
    const cell = [...document.matchAll(/<w:tc>(.*?)<\/w:tc>/gs)].map((m) => m[1]!).find((c) => textOf(c).startsWith('郑州航空港'))!;
    const lines = paragraphs(cell).map(textOf);
    expect(lines.join('')).toBe('郑州航空港经济综合实验区核心区');
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect([...l].length).toBeGreaterThanOrEqual(Math.floor(15 / lines.length));
    const width = columnWidths([[{ lines: ['组别'] }, { lines: ['郑州航空港经济综合实验区核心区'] }, ...Array.from({ length: 9 }, () => ({ lines: ['12'] }))]]);
    expect(width.reduce((a, b) => a + b, 0)).toBe(TEXT_WIDTH);
  });

  it('sets no extra space around digits and no widow control, so lines hold what was measured', async () => {
    const styles = (await documentOf([])).xml('word/styles.xml');
    expect(styles).toMatch(/<w:pPrDefault><w:pPr><w:widowControl w:val="0"\/><w:autoSpaceDE w:val="0"\/><w:autoSpaceDN w:val="0"\/>/);
    expect(styles).toContain('w:styleId="DefaultParagraphFont"');
  });
});

describe('groups as the notice writes them (item 7)', () => {
  it('has no group written with digits in the document', async () => {
    const text = textOf((await documentOf(sampleMonth())).document);
    expect(text).toContain('第十二组深入一线');
    expect(text).not.toMatch(/第\s*[0-9０-９]+\s*组/);
  });
});

describe('the parts before zipping (documentParts)', () => {
  it('are the parts Packer zips, in its order and byte for byte, so the .docx is as Packer would have made it', async () => {
    const report = buildMonthlyReport(sources(), DEFAULT_CONFIG, { month: '2022-03' });
    const parts = documentParts(buildMonthlyDocument(report));
    expect(parts).not.toBeNull();
    const zipped = unzipSync(new Uint8Array(await Packer.toBuffer(buildMonthlyDocument(report))));
    expect(Object.keys(parts!)).toEqual(Object.keys(zipped));
    // docx stamps docProps/core.xml with the current time and numbers drawings with a counter that
    // runs across documents (reproducible() replaces both); all else is equal.
    const same = (bytes: Uint8Array) => strFromU8(bytes).replace(/<wp:docPr id="\d+"/g, '<wp:docPr id=""');
    for (const name of Object.keys(zipped).filter((n) => n !== 'docProps/core.xml')) expect(same(parts![name]!), name).toBe(same(zipped[name]!));
  });
});
