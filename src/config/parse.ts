/**
 * Checking a configuration (parsed JSON) against the zod schema of schema.ts, with zod's issues put
 * in the words a clerk editing xmb.config.json understands. Kept apart from load.ts so that zod is
 * loaded only when there is a file to check (issue 9).
 */
import type { z } from 'zod';
import { configSchema, type Config } from './schema.js';
import { UserError } from '../errors.js';

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

/**
 * `data` as a Config (defaults filled in), or a UserError naming the first bad key in dotted form:
 * 配置文件 {source} 中的“groups.3.district”有误：缺少此项. Group numbers must be unique.
 */
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
