// The pool's worker (src/inbox/pool-worker.ts) run from the TypeScript sources, for test/inbox/pool.test.ts:
// tsx registered inside the worker thread first (Node 20 does not pass `--import tsx` hooks to a worker's main module).
import { register } from 'tsx/esm/api';

register();
await import('../../src/inbox/pool-worker.ts');
