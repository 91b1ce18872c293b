// A receive run as its own process by faults.test.ts, stopped at a chosen point. Uses the compiled
// dist/ (built by the tests' global setup). Arguments: SOURCE INBOX POINT ISO-TIME [BARRIER N]
//   POINT afterCopy | afterLedger: die there (SIGKILL: no cleanup, like a power cut or a closed window)
//   POINT race: wait at beforeLock until N processes have reached it (files BARRIER.1 … BARRIER.N),
//   so that they all go for the inbox in the same millisecond, then file normally.
import { readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { DEFAULT_CONFIG } from '../../../dist/config/defaults.js';
import { fileIntoInbox } from '../../../dist/inbox/receive.js';
import { validateFile } from '../../../dist/validate/pipeline.js';

const [source, inbox, point, at, barrier, count] = process.argv.slice(2);
const receivedAt = new Date(at);
const validated = await validateFile(source, { config: DEFAULT_CONFIG, receipt: { at: receivedAt, from: 'ledger' } });
const die = () => process.kill(process.pid, 'SIGKILL');
const together = async () => {
  writeFileSync(`${barrier}.${process.pid}`, '');
  while (readdirSync(dirname(barrier)).filter((n) => n.startsWith(`${basename(barrier)}.`)).length < Number(count))
    await new Promise((r) => setTimeout(r, 1));
};
const hooks = point === 'race' ? { beforeLock: together } : { [point]: die };
const outcome = await fileIntoInbox(source, validated, inbox, DEFAULT_CONFIG, receivedAt, basename(source), { hooks });
process.stdout.write(outcome.duplicate ? 'duplicate\n' : 'filed\n');
