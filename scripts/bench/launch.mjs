// Starts one measured process for `npm run bench` and times it. The bench itself is a big process
// (tsx, the generator); on Linux a child's peak RSS starts from its parent's at the fork, so the
// measured command is started from this small one instead.
//   node scripts/bench/launch.mjs STDOUT_FILE RESULT_FILE NODE_ARGS…
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';

const [stdoutFile, resultFile, ...argv] = process.argv.slice(2);
const fd = openSync(stdoutFile, 'w');
const start = process.hrtime.bigint();
const run = spawnSync(process.execPath, argv, { stdio: ['ignore', fd, 'pipe'], timeout: 1_800_000 });
const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
closeSync(fd);
writeFileSync(resultFile, JSON.stringify({ wallMs, code: run.status, stderr: String(run.stderr ?? '').slice(0, 2000) }));
