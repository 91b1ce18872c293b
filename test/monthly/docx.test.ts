import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { buildMonthlyReport } from '../../src/monthly/report-model.js';
import { writeMonthlyReportDocx } from '../../src/writers/monthly-report-docx.js';
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
