/**
 * A worker of ./pool.ts: validates the files the main thread sends (their bytes, path and receipt)
 * with validate's pipeline, and answers with the results — or null when they are not plain data
 * (the inbox cache's `cacheable` test), so that the main thread validates that file itself.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config/schema.js';
import { validateFile } from '../validate/pipeline.js';
import { cacheable } from './cache.js';
import type { PoolAnswer, PoolRequest } from './pool.js';

const { config } = workerData as { config: Config };

parentPort?.on('message', (request: PoolRequest) => {
  void (async () => {
    let answer: PoolAnswer;
    try {
      const validated = await validateFile(request.path, { config, receipt: request.receipt, bytes: request.bytes });
      answer = { id: request.id, validated: cacheable(validated) ? validated : null };
    } catch {
      answer = { id: request.id, validated: null };
    }
    parentPort!.postMessage(answer);
  })();
});
