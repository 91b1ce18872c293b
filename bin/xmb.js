#!/usr/bin/env node
// xmb (项目办): the command is compiled to dist/ by `npm ci` / `npm install` (the `prepare` script).
// run() (src/cli.ts) handles a closed pipe, the Windows console and the exit code.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('xmb 尚未编译：请先在项目文件夹中运行 npm ci（或 npm install）。');
  process.exit(2);
}
let run;
try {
  ({ run } = await import(entry.href));
} catch (error) {
  console.error(`xmb 安装不完整（${error instanceof Error ? error.message : error}）：请在项目文件夹中重新运行 npm ci。`);
  process.exit(2);
}
await run(process.argv);
