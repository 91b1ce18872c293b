/**
 * Loading the configuration: the embedded default, or xmb.config.json in the working folder,
 * or the file named by --config. A bad file is a UserError that names the key in Chinese.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_CONFIG } from './defaults.js';
import { configSchema, type Config } from './schema.js';
import { UserError } from '../errors.js';

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
  let text: string;
  try {
    text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch {
    throw new UserError(`无法读取配置文件：${path}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UserError(`配置文件 ${path} 不是有效的 JSON：${(error as Error).message}`);
  }
  return { config: parseConfig(data, path), path };
}

export function parseConfig(data: unknown, source = '配置'): Config {
  const parsed = configSchema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    const key = first.path.length ? first.path.join('.') : '（根）';
    const what =
      first.code === 'unrecognized_keys'
        ? `不认识的配置项 ${first.keys.join('、')}`
        : first.code === 'invalid_type' && first.input === undefined
          ? '缺少此项'
          : first.message;
    throw new UserError(`配置文件 ${source} 中的“${key}”有误：${what}`);
  }
  const config = parsed.data;
  const numbers = new Set<number>();
  for (const [i, group] of config.groups.entries()) {
    if (numbers.has(group.number)) throw new UserError(`配置文件 ${source} 中的“groups.${i}.number”有误：组号 ${group.number} 重复`);
    numbers.add(group.number);
  }
  return config;
}
