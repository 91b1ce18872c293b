/**
 * Loading the configuration: the embedded default, or xmb.config.json in the working folder,
 * or the file named by --config. A bad file is a UserError that names the key in Chinese. The file
 * may be UTF-8 (with or without BOM), GBK (Notepad's "ANSI") or UTF-16 (Notepad's "Unicode"): the
 * encoding is told by src/reader/encoding.ts, as for CSV files; anything else is refused by name.
 * Checking the parsed JSON against the schema is parse.ts (imported only when a file exists).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_CONFIG } from './defaults.js';
import type { Config } from './schema.js';
import { UserError } from '../errors.js';
import { decodeText } from '../reader/encoding.js';

export const CONFIG_FILE_NAME = 'xmb.config.json';

export interface LoadedConfig {
  config: Config;
  /** The file it came from, or null for the embedded default. */
  path: string | null;
}

/**
 * The configuration for a run: --config's file, else xmb.config.json in `cwd`, else the embedded
 * default (DEFAULT_CONFIG, already in the schema's shape: test/config holds it to the schema). The
 * schema (zod, ≈ 95 modules) is imported only when there is a file to check, so the usual run — no
 * config file — never loads it. Errors: UserError with one Chinese line (missing named file,
 * unreadable, not UTF-8/GBK/UTF-16, not JSON, a key the schema refuses).
 */
export async function loadConfig(explicitPath?: string, cwd: string = process.cwd()): Promise<LoadedConfig> {
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
  const { parseConfig } = await import('./parse.js');
  return { config: parseConfig(data, path), path };
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
