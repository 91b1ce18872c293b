/**
 * Reading many workbooks on the machine's other cores (issue 9: a year's archive read cold): a
 * small pool of worker threads, each running validate's pipeline (validateFile) on the bytes the
 * main thread hands it, for the inbox's result cache (validateInboxFiles in ./cache.ts).
 *
 * - Off by default; `XMB_WORKERS=N` turns it on (see poolSize for why). Started only when there is
 *   enough to share out (POOL_MIN_FILES files to read) and the machine has more than one core
 *   (os.availableParallelism()); at most N and MAX_WORKERS workers.
 * - Results are the pipeline's own: a worker sends back only a result that JSON would give back
 *   unchanged (the inbox cache's own test, `cacheable`), which structured cloning copies exactly;
 *   anything else (a file that could not be opened, a value JSON would change) is validated again on
 *   the main thread. A worker that fails or stops: its files are validated on the main thread and
 *   the pool is not used again.
 * - Memory: each worker holds at most IN_FLIGHT files' bytes at a time.
 * - Runs from the compiled code (dist/, `npm link`): the worker is dist/inbox/pool-worker.js. The
 *   single-file bundle and the single executable have no such file: there the files are read on the
 *   main thread, as before (README, 速度).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { Config } from '../config/schema.js';
import type { ValidateContext } from '../validate/pipeline.js';
import type { Validated } from '../validate/result.js';
import { codeRoot } from './code-root.js';

/** Fewer files to read than this: no pool (a worker costs ≈ 0.3 s CPU to start and more to warm up: a few hundred files pay for it). */
export const POOL_MIN_FILES = 200;
/** Files read on the main thread before the pool is considered: the misses so far tell how many more to expect. */
const START_AFTER = 16;
/** Most workers started. */
const MAX_WORKERS = 4;
/** Files handed to one worker at a time. */
const IN_FLIGHT = 2;

/** A request to a worker: one file, its bytes, the receipt told to the rules. */
export interface PoolRequest {
  id: number;
  path: string;
  bytes: Uint8Array;
  receipt?: ValidateContext['receipt'];
}

/** A worker's answer: the results, or null when they must be worked out on the main thread. */
export interface PoolAnswer {
  id: number;
  validated: Validated[] | null;
}

interface Pending {
  resolve: (validated: Validated[] | null) => void;
}

/** The worker's script beside this module (compiled code only: dist/inbox/pool-worker.js), or null. */
export function workerScript(): string | null {
  const root = codeRoot();
  const script = root === null ? null : join(root, 'inbox', 'pool-worker.js');
  return script !== null && existsSync(script) ? script : null;
}

/**
 * How many workers to start for `files` files to read: 0 for none. Off unless `XMB_WORKERS=N` asks
 * for up to N: measured on the 2-core machine shared by other work, the workers' start, warm-up and
 * second heap cost more CPU (≈ 21 s against 13–16 s for the year, cold) than the second core gave
 * back, and the wall time was longer (≈ 21 s against 13–16 s).
 */
export function poolSize(files: number, cores: number = availableParallelism(), env: NodeJS.ProcessEnv = process.env): number {
  const cap = /^\d+$/.test((env.XMB_WORKERS ?? '').trim()) ? Number(env.XMB_WORKERS) : 0;
  if (files < POOL_MIN_FILES || cores < 2) return 0;
  return Math.min(cores, MAX_WORKERS, cap, Math.ceil(files / POOL_MIN_FILES));
}

/** A started pool. */
export class ValidatePool {
  private next = 0;
  private broken = false;
  private readonly pending = new Map<number, Pending>();
  private readonly load = new Map<Worker, Set<number>>();
  private readonly waiting: (() => void)[] = [];

  private constructor(private readonly workers: Worker[]) {
    for (const worker of workers) {
      this.load.set(worker, new Set());
      worker.on('message', (answer: PoolAnswer) => this.settle(worker, answer.id, answer.validated));
      worker.on('error', () => this.fail(worker));
      worker.on('exit', () => this.fail(worker));
    }
  }

  /**
   * Starts `size` workers on `script` (default: workerScript(); tests give one that runs the
   * TypeScript sources), or returns null when they cannot start (no script: the bundle or the
   * single executable).
   */
  static async start(size: number, config: Config, options: { script?: string } = {}): Promise<ValidatePool | null> {
    const script = options.script ?? workerScript();
    if (!script || size < 1) return null;
    try {
      const { Worker } = await import('node:worker_threads');
      const workers = Array.from({ length: size }, () => new Worker(script, { workerData: { config } }));
      return new ValidatePool(workers);
    } catch {
      return null;
    }
  }

  /** Whether the pool can still take files. */
  get usable(): boolean {
    return !this.broken && this.workers.length > 0;
  }

  /**
   * The results of one file, from the least busy worker (waiting for a free one), or null when the
   * main thread must validate it (the worker declined, or the pool broke).
   */
  async validate(path: string, bytes: Uint8Array, receipt: ValidateContext['receipt']): Promise<Validated[] | null> {
    let worker = this.freeWorker();
    while (!worker) {
      if (this.broken) return null;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      worker = this.freeWorker();
    }
    if (this.broken) return null;
    const id = this.next++;
    const answer = new Promise<Validated[] | null>((resolve) => this.pending.set(id, { resolve }));
    this.load.get(worker)!.add(id);
    try {
      // A copy: the caller keeps its bytes (the cache hashes and stores by them).
      worker.postMessage({ id, path, bytes, receipt } satisfies PoolRequest);
    } catch {
      this.settle(worker, id, null);
    }
    return answer;
  }

  private freeWorker(): Worker | undefined {
    if (this.broken) return undefined;
    let best: Worker | undefined;
    for (const [worker, ids] of this.load) if (ids.size < IN_FLIGHT && (!best || ids.size < this.load.get(best)!.size)) best = worker;
    return best;
  }

  private settle(worker: Worker, id: number, validated: Validated[] | null): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    this.load.get(worker)?.delete(id);
    pending.resolve(validated);
    this.waiting.shift()?.();
  }

  private fail(worker: Worker): void {
    if (!this.load.has(worker)) return;
    this.broken = true;
    for (const [w, ids] of this.load) for (const id of [...ids]) this.settle(w, id, null);
    for (const wake of this.waiting.splice(0)) wake();
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    this.broken = true;
    for (const wake of this.waiting.splice(0)) wake();
    const workers = [...this.load.keys()];
    this.load.clear();
    await Promise.all(workers.map((w) => w.terminate().catch(() => undefined)));
  }
}

/**
 * A pool started only once it is worth it: after START_AFTER files missing from the cache, when as
 * many misses again as POOL_MIN_FILES can be expected among the files left (a cold cache: a year's
 * archive; not a warm one where a few files changed). Until then, and when it cannot start,
 * `validate` answers null: the main thread validates.
 */
export class LazyPool {
  private misses = 0;
  private started: Promise<ValidatePool | null> | null = null;

  constructor(
    private readonly config: Config,
    /** Files looked at so far and in all. */
    private readonly progress: () => { done: number; total: number },
    private readonly cores: number = availableParallelism(),
    /** The environment (XMB_WORKERS) and the worker script: the process's own unless a test gives them. */
    private readonly options: { env?: NodeJS.ProcessEnv; script?: string } = {},
  ) {}

  async validate(path: string, bytes: Uint8Array, receipt: ValidateContext['receipt']): Promise<Validated[] | null> {
    this.misses++;
    if (!this.started) {
      if (this.misses < START_AFTER) return null;
      const { done, total } = this.progress();
      const expected = Math.round((this.misses / Math.max(1, done)) * (total - done));
      const size = poolSize(expected, this.cores, this.options.env);
      this.started = size > 0 ? ValidatePool.start(size, this.config, { script: this.options.script }) : Promise.resolve(null);
    }
    const pool = await this.started;
    return pool?.usable ? pool.validate(path, bytes, receipt) : null;
  }

  async close(): Promise<void> {
    await (await this.started)?.close();
  }
}
