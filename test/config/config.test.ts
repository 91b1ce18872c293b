import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { makeDistrictResolver } from '../../src/config/districts.js';
import { loadConfig } from '../../src/config/load.js';
import { parseConfig } from '../../src/config/parse.js';
import { UserError } from '../../src/errors.js';
import { encodeGbk, encodeUtf16be, encodeUtf16le } from '../support/encodings.js';

describe('the embedded roster (附件1)', () => {
  it('has 16 groups of 3, each linked to one district, and the deputies cover every group once', () => {
    expect(DEFAULT_CONFIG.groups).toHaveLength(16);
    for (const group of DEFAULT_CONFIG.groups) expect(group.members).toHaveLength(3);
    expect(new Set(DEFAULT_CONFIG.groups.map((g) => g.district)).size).toBe(16);
    const covered = DEFAULT_CONFIG.leaders.deputies.flatMap((d) => d.groups).sort((a, b) => a - b);
    expect(covered).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(DEFAULT_CONFIG.groups[2]).toEqual({ number: 3, district: '高新区', members: ['田宗阳', '蔡怀伟', '郭原甫'] });
  });

  it('passes its own schema', () => {
    expect(parseConfig(JSON.parse(JSON.stringify(DEFAULT_CONFIG)))).toEqual(DEFAULT_CONFIG);
  });

  it('is what the schema makes of a file that leaves out every key with a default (so a run without a file need not parse)', () => {
    const bare = JSON.parse(JSON.stringify(DEFAULT_CONFIG));
    delete bare.lights;
    delete bare.monthly.totalIssueStart;
    delete bare.monthly.mark;
    delete bare.monthly.colophon;
    expect(parseConfig(bare)).toEqual(DEFAULT_CONFIG);
  });

  it('a config file written before the lights existed gets the default bands', () => {
    const old = JSON.parse(JSON.stringify(DEFAULT_CONFIG));
    delete old.lights;
    expect(parseConfig(old).lights).toEqual({ greenWithin: 10, redBeyond: 30, stuckWeeks: 3, quarterTargets: null });
  });
});

describe('a bad config names the key in Chinese', () => {
  const cases: [string, (c: any) => void, RegExp][] = [
    ['year not a number', (c) => (c.year = '2022年'), /“year”有误：应为数字，现在是 "2022年"/],
    ['a group number typed as a Chinese numeral', (c) => (c.groups[0].number = '一'), /“groups\.0\.number”有误：应为数字/],
    ['a time zone that does not exist', (c) => (c.timeZone = 'Beijing'), /“timeZone”有误：不是有效的时区名称/],
    ['an empty centre name', (c) => (c.centre = ''), /“centre”有误：不能为空/],
    ['a group without district', (c) => delete c.groups[3].district, /“groups\.3\.district”有误：缺少此项/],
    ['an unknown key', (c) => (c.colour = 'red'), /不认识的配置项 colour/],
    ['a bad deadline time', (c) => (c.deadlines.weeklyTime = '25:00'), /“deadlines\.weeklyTime”有误/],
    ['a duplicate group number', (c) => (c.groups[1].number = 1), /组号 1 重复/],
    ['lights: red bound not above green', (c) => (c.lights = { greenWithin: 20, redBeyond: 10, stuckWeeks: 3, quarterTargets: null }), /“lights\.redBeyond”有误：红灯界限（redBeyond）应大于绿灯界限（greenWithin）/],
    ['lights: quarter targets falling', (c) => (c.lights = { greenWithin: 10, redBeyond: 30, stuckWeeks: 3, quarterTargets: [20, 45, 40, 100] }), /“lights\.quarterTargets”有误：四个季度目标应逐季不减/],
    ['lights: three quarter targets', (c) => (c.lights = { greenWithin: 10, redBeyond: 30, stuckWeeks: 3, quarterTargets: [20, 45, 75] }), /“lights\.quarterTargets(\.3)?”有误：/],
    ['lights: a percentage above 100', (c) => (c.lights = { greenWithin: 10, redBeyond: 130, stuckWeeks: 3, quarterTargets: null }), /“lights\.redBeyond”有误：应不大于 100/],
    ['lights: stuck weeks as text', (c) => (c.lights = { greenWithin: 10, redBeyond: 30, stuckWeeks: '三周', quarterTargets: null }), /“lights\.stuckWeeks”有误：应为数字/],
    ['a recipient with an unknown kind', (c) => (c.recipients[0].kinds = ['weekly']), /“recipients\.0\.kinds\.0”有误：应为以下之一：lagging、provincial/],
  ];
  it.each(cases)('%s', (_name, mutate, pattern) => {
    const config = JSON.parse(JSON.stringify(DEFAULT_CONFIG));
    mutate(config);
    expect(() => parseConfig(config, 'xmb.config.json')).toThrow(pattern);
    expect(() => parseConfig(config, 'xmb.config.json')).toThrow(UserError);
  });

  it('a file that is not JSON gets one Chinese line, with the place of the mistake', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xmb-config-'));
    writeFileSync(join(dir, 'xmb.config.json'), '{\n  "year": 2022,\n}\n');
    await expect(loadConfig(undefined, dir)).rejects.toThrow(/不是有效的 JSON：第 3 行第 1 列附近有语法错误/);
    writeFileSync(join(dir, 'xmb.config.json'), '{ year: 2022 ');
    await expect(loadConfig(undefined, dir)).rejects.toThrow(/不是有效的 JSON/);
  });

  it('no message is English', () => {
    const broken = JSON.parse(JSON.stringify(DEFAULT_CONFIG));
    broken.deadlines.monthlyDay = 31;
    expect(() => parseConfig(broken)).toThrow(/“deadlines\.monthlyDay”有误：应不大于 28$/);
  });

  it('no file in the folder means the embedded default; a named file that is absent is an error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xmb-config-'));
    expect(await loadConfig(undefined, dir)).toEqual({ config: DEFAULT_CONFIG, path: null });
    await expect(loadConfig('missing.json', dir)).rejects.toThrow(/找不到配置文件/);
  });

  it('a file saved by Notepad with a BOM is read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xmb-config-'));
    writeFileSync(join(dir, 'xmb.config.json'), `\uFEFF${JSON.stringify({ ...DEFAULT_CONFIG, year: 2023 })}`);
    expect((await loadConfig(undefined, dir)).config.year).toBe(2023);
  });

  // Notepad's "ANSI" (GBK on Chinese Windows) and "Unicode" (UTF-16LE with BOM), and UTF-16BE: every Chinese name comes through.
  const edited = { ...DEFAULT_CONFIG, year: 2023, groups: DEFAULT_CONFIG.groups.map((g, i) => (i === 2 ? { ...g, members: ['魏振华', ...g.members.slice(1)] } : g)) };
  it.each([
    ['GBK (ANSI)', () => encodeGbk(JSON.stringify(edited, null, 2))],
    ['UTF-16LE with BOM (Unicode)', () => encodeUtf16le(JSON.stringify(edited, null, 2))],
    ['UTF-16LE without BOM', () => encodeUtf16le(JSON.stringify(edited, null, 2), false)],
    ['UTF-16BE with BOM', () => encodeUtf16be(JSON.stringify(edited, null, 2))],
  ])('a file saved in %s is read with all its groups and names', async (_name, bytes) => {
    const dir = mkdtempSync(join(tmpdir(), 'xmb-config-'));
    writeFileSync(join(dir, 'xmb.config.json'), bytes());
    const { config } = await loadConfig(undefined, dir);
    expect(config.groups).toHaveLength(16);
    expect(config.groups[2]?.members[0]).toBe('魏振华');
    expect(config.groups.map((g) => g.district)).toEqual(DEFAULT_CONFIG.groups.map((g) => g.district));
  });

  it('a file in an encoding that is neither is refused, naming what it looks like', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xmb-config-'));
    // Latin-1 accents and control bytes: not UTF-8, and not Chinese read as GBK.
    writeFileSync(join(dir, 'xmb.config.json'), new Uint8Array([0x7b, 0x22, 0xe9, 0xe8, 0xe0, 0x22, 0x3a, 0xb1, 0xfc, 0xfd, 0x7d]));
    await expect(loadConfig(undefined, dir)).rejects.toThrow(/无法读取.*不是 UTF-8 也不是 GBK.*UTF-8/);
    writeFileSync(join(dir, 'xmb.config.json'), new Uint8Array([0xff, 0xfe, 0x00, 0x00, 0x7b, 0, 0, 0]));
    await expect(loadConfig(undefined, dir)).rejects.toThrow(/UTF-32/);
  });
});

describe('district spellings', () => {
  const resolver = makeDistrictResolver(DEFAULT_CONFIG);
  const cases: [string, string | null][] = [
    ['管城区', '管城回族区'],
    ['管城回族区', '管城回族区'],
    ['郑州高新区', '高新区'],
    ['高新技术产业开发区', '高新区'],
    ['郑州航空港经济综合实验区', '航空港区'],
    ['港区', '航空港区'],
    ['经济技术开发区', '经开区'],
    ['郑州经开区', '经开区'],
    ['郑东新区', '郑东新区'],
    ['郑州市 金水区', '金水区'],
    ['郑州市金水区', '金水区'],
    [' 中 牟 县 ', '中牟县'],
    ['中牟', '中牟县'],
    ['郑州新区', null],
    ['开封市', null],
    ['', null],
  ];
  it.each(cases)('%s → %s', (text, expected) => {
    expect(resolver.resolve(text)).toBe(expected);
  });

  it('answers a text asked again (a district column down many rows) as the first time, in any order', () => {
    const again = makeDistrictResolver(DEFAULT_CONFIG);
    for (const [text, expected] of [...cases, ...[...cases].reverse(), ...cases]) expect(again.resolve(text)).toBe(expected);
  });

  it('knows the group of each district', () => {
    expect(resolver.groupOf('高新区')).toBe(3);
    expect(resolver.groupOf('中牟县')).toBe(16);
    expect(resolver.groupOf('开封市')).toBeNull();
  });
});
