#!/usr/bin/env node
// xmb (项目办): the command is compiled to dist/ by `npm ci` / `npm install` (the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Output piped into a reader that stops early (`xmb status | head`, `| more`): end quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const entry = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('xmb 尚未编译：请先在项目文件夹中运行 npm ci（或 npm install）。');
  process.exit(2);
}
let main;
try {
  ({ main } = await import(entry.href));
} catch (error) {
  console.error(`xmb 安装不完整（${error instanceof Error ? error.message : error}）：请在项目文件夹中重新运行 npm ci。`);
  process.exit(2);
}
process.exitCode = await main(process.argv);
