// Preloaded into every process `npm run bench` measures (node --import): at exit, writes the process's
// own CPU time and peak RSS to the file named by XMB_BENCH_USAGE.
import { writeFileSync } from 'node:fs';

const out = process.env.XMB_BENCH_USAGE;
if (out)
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(out, JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssKb: u.maxRSS }));
  });
