/**
 * Loading the configuration: the embedded default, or xmb.config.json in the working folder,
 * or the file named by --config. A bad file is a UserError that names the key in Chinese. The file
 * may be UTF-8 (with or without BOM), GBK (Notepad's "ANSI") or UTF-16 (Notepad's "Unicode"): the
 * encoding is told by src/reader/encoding.ts, as for CSV files; anything else is refused by name.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_CONFIG } from './defaults.js';
import type { z } from 'zod';
import { configSchema, type Config } from './schema.js';
import { UserError } from '../errors.js';
import { decodeText } from '../reader/encoding.js';

export const CONFIG_FILE_NAME = 'xmb.config.json';

export interface LoadedConfig {
  config: Config;
  /** The file it came from, or null for the embedded default. */
  path: string | null;
}

export function loadConfig(explicitPath?: string, cwd: string = process.cwd()): LoadedConfig {
  const path = explicitPath ? resolve(cwd, explicitPath) : resolve(cwd, CONFIG_FILE_NAME);
  if (!existsSync(path)) {
    if (explicitPath) throw new UserError(`找不到配置文件：${explicitPath}`);
    return { config: DEFAULT_CONFIG, path: null };
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new UserError(`无法读取配置文件：${path}`);
  }
  // Notepad saves as UTF-8, "ANSI" (GBK on Chinese Windows) or "Unicode" (UTF-16): the same detection as CSV files.
  const decoded = decodeText(bytes);
  if (!decoded.ok)
    throw new UserError(`配置文件 ${path} 无法读取：${decoded.reason}；请用记事本打开，“另存为”时编码选 UTF-8 后重试`);
  const text = decoded.text;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const place = jsonErrorPlace(text, error as Error);
    throw new UserError(
      `配置文件 ${path} 不是有效的 JSON：${place || ''}有语法错误（常见原因：多了或少了逗号、文字没加英文双引号、用了中文引号）`,
    );
  }
  return { config: parseConfig(data, path), path };
}

const TYPE_NAMES: Record<string, string> = {
  number: '数字',
  int: '整数',
  string: '文字（加引号）',
  object: '对象（{ … }）',
  array: '列表（[ … ]）',
  boolean: 'true 或 false',
};

/** zod's issues in the words a clerk editing xmb.config.json understands. */
function chineseIssue(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return '缺少此项';
      return `应为${TYPE_NAMES[issue.expected] ?? issue.expected}，现在是 ${JSON.stringify(issue.input)}`;
    case 'invalid_value':
      return `应为以下之一：${issue.values.map((v) => String(v)).join('、')}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `至少要有 ${issue.minimum} 项`
        : issue.origin === 'string'
          ? '不能为空'
          : `应不小于 ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array' ? `最多 ${issue.maximum} 项` : `应不大于 ${issue.maximum}`;
    case 'unrecognized_keys':
      return `不认识的配置项 ${issue.keys.join('、')}`;
    default:
      return undefined;
  }
}

/** “第 2 行第 5 列” for a JSON.parse error that names a position. */
function jsonErrorPlace(text: string, error: Error): string {
  const position = /position (\d+)/.exec(error.message);
  if (!position) return '';
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `第 ${line} 行第 ${column} 列附近`;
}

export function parseConfig(data: unknown, source = '配置'): Config {
  const parsed = configSchema.safeParse(data, { error: chineseIssue });
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    const key = first.path.length ? first.path.join('.') : '（根）';
    throw new UserError(`配置文件 ${source} 中的“${key}”有误：${first.message}`);
  }
  const config = parsed.data;
  const numbers = new Set<number>();
  for (const [i, group] of config.groups.entries()) {
    if (numbers.has(group.number)) throw new UserError(`配置文件 ${source} 中的“groups.${i}.number”有误：组号 ${group.number} 重复`);
    numbers.add(group.number);
  }
  return config;
}
