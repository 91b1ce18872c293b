/**
 * The worker pool that reads a cold inbox on the machine's other cores (issue 9, src/inbox/pool.ts):
 * a worker gives validate's own results, in the order asked, and declines what it cannot send
 * exactly; a worker that cannot run means the main thread validates; the pool starts only for many
 * files on more than one core, and XMB_WORKERS caps it. The workers here run the TypeScript sources
 * (through tsx, test/support/pool-worker-ts.mjs); in dist/ they run the compiled pool-worker.js.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { LazyPool, POOL_MIN_FILES, poolSize, ValidatePool, workerScript } from '../../src/inbox/pool.js';
import { validateFile } from '../../src/validate/pipeline.js';

const REPO = join(import.meta.dirname, '..', '..');
const WORKER = join(REPO, 'test', 'support', 'pool-worker-ts.mjs');
const VALIDATE = join(REPO, 'fixtures', 'validate');
const files = readdirSync(VALIDATE)
  .filter((f) => f.endsWith('.xlsx'))
  .sort()
  .map((f) => join(VALIDATE, f));
const receipt = { at: new Date('2022-03-25T07:00:00Z'), from: 'ledger' as const };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmb-pool-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ValidatePool', () => {
  it('gives each file the results validateFile gives it, whichever worker reads it', async () => {
    expect(files.length).toBeGreaterThan(3);
    const pool = await ValidatePool.start(2, DEFAULT_CONFIG, { script: WORKER });
    expect(pool).not.toBeNull();
    try {
      const answers = await Promise.all(files.map((f) => pool!.validate(f, readFileSync(f), receipt)));
      let sent = 0;
      for (const [i, file] of files.entries()) {
        const own = await validateFile(file, { config: DEFAULT_CONFIG, receipt });
        // null: the worker declined (not plain data), and the main thread validates it instead.
        if (answers[i] === null) continue;
        sent++;
        expect(answers[i]).toEqual(own);
        expect(JSON.stringify(answers[i])).toBe(JSON.stringify(own));
      }
      expect(sent).toBeGreaterThan(0);
    } finally {
      await pool!.close();
    }
  }, 120_000);

  it('reads the bytes it is given, not the file on disk', async () => {
    const moved = join(dir, 'gone.xlsx');
    const pool = await ValidatePool.start(1, DEFAULT_CONFIG, { script: WORKER });
    try {
      const answer = await pool!.validate(moved, readFileSync(files[0]!), receipt);
      const own = await validateFile(moved, { config: DEFAULT_CONFIG, receipt, bytes: readFileSync(files[0]!) });
      expect(answer).toEqual(own);
      expect(answer?.[0]?.result.issues.some((i) => i.code === 'file-unreadable')).toBe(false);
    } finally {
      await pool!.close();
    }
  }, 120_000);

  it('answers null (the main thread validates) when its worker fails, and is not used again', async () => {
    const broken = join(dir, 'broken-worker.mjs');
    writeFileSync(broken, "throw new Error('cannot start');\n");
    const pool = await ValidatePool.start(1, DEFAULT_CONFIG, { script: broken });
    expect(pool).not.toBeNull();
    try {
      expect(await pool!.validate(files[0]!, readFileSync(files[0]!), receipt)).toBeNull();
      expect(pool!.usable).toBe(false);
      expect(await pool!.validate(files[1]!, readFileSync(files[1]!), receipt)).toBeNull();
    } finally {
      await pool!.close();
    }
  }, 60_000);

  it('does not start without a worker script (the sources, the bundle, the single executable)', async () => {
    expect(workerScript()).toBeNull();
    expect(await ValidatePool.start(2, DEFAULT_CONFIG, { script: undefined })).toBeNull();
  });
});

describe('poolSize', () => {
  it('is 0 unless XMB_WORKERS asks, for few files or one core, and at most the cores and XMB_WORKERS', () => {
    const on = { XMB_WORKERS: '4' };
    expect(poolSize(10_000, 8, {})).toBe(0);
    expect(poolSize(10_000, 8, { XMB_WORKERS: 'many' })).toBe(0);
    expect(poolSize(POOL_MIN_FILES - 1, 8, on)).toBe(0);
    expect(poolSize(10_000, 1, on)).toBe(0);
    expect(poolSize(10_000, 2, on)).toBe(2);
    expect(poolSize(POOL_MIN_FILES, 8, on)).toBe(1);
    expect(poolSize(10_000, 64, { XMB_WORKERS: '16' })).toBe(4);
    expect(poolSize(10_000, 8, { XMB_WORKERS: '0' })).toBe(0);
    expect(poolSize(10_000, 8, { XMB_WORKERS: '1' })).toBe(1);
  });
});

describe('LazyPool', () => {
  it('leaves the first files and a warm cache to the main thread', async () => {
    // 1,000 files looked at, 20 missing from the cache: a few hundred more files would not pay for workers.
    let done = 0;
    const lazy = new LazyPool(DEFAULT_CONFIG, () => ({ done, total: 1_000 }), 8, { env: { XMB_WORKERS: '2' }, script: WORKER });
    for (let i = 0; i < 20; i++) {
      done += 50;
      expect(await lazy.validate(files[0]!, readFileSync(files[0]!), receipt)).toBeNull();
    }
    await lazy.close();
  });

  it('starts the workers once the misses so far promise enough files, and only when XMB_WORKERS asks', async () => {
    // 1,000 files looked at one by one, every one missing from the cache: after the first few, workers read them.
    for (const [env, started] of [
      [{ XMB_WORKERS: '2' }, true],
      [{}, false],
    ] as const) {
      let done = 0;
      const lazy = new LazyPool(DEFAULT_CONFIG, () => ({ done, total: 1_000 }), 8, { env, script: WORKER });
      const answers: unknown[] = [];
      try {
        for (let i = 0; i < 20; i++) {
          done++;
          answers.push(await lazy.validate(files[0]!, readFileSync(files[0]!), receipt));
        }
      } finally {
        await lazy.close();
      }
      // The first files are the main thread's in any case.
      expect(answers.slice(0, 15).every((a) => a === null)).toBe(true);
      expect(answers.slice(15).some((a) => a !== null)).toBe(started);
    }
  }, 120_000);
});
