/**
 * Strangers' workbooks (../shared/corpus: Excel, WPS, LibreOffice, encrypted, broken, old .xls …):
 * none is a district template, so each must give a result with an error finding, a Chinese message
 * and no crash — through the same pipeline and command line a clerk uses.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { validateFile } from '../../src/validate/pipeline.js';
import { tableResultSchema, validateOutputSchema } from '../../src/validate/result-schema.js';
import { REPO_ROOT, runCli } from '../support/cli.js';

const CORPUS = join(REPO_ROOT, '..', 'shared', 'corpus');
const FILE_CODES = ['file-unreadable', 'file-encrypted', 'file-format-unsupported', 'file-too-large', 'template-unrecognized'];

function corpusFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...corpusFiles(path));
    else if (!/^(LICENSE|README)/.test(name)) out.push(path);
  }
  return out;
}

const present = existsSync(CORPUS);
if (!present) console.warn(`corpus tests skipped: ${CORPUS} is not there (it is shared/corpus beside the repo)`);
const files = present ? corpusFiles(CORPUS) : [];

describe.skipIf(!present)('every corpus file gets a clear finding', () => {
  it('has files to test', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it.each(files.map((f) => [relative(CORPUS, f), f]))('%s', async (_name, path) => {
    const validated = await validateFile(path, { config: DEFAULT_CONFIG, convert: false });
    expect(validated.length).toBeGreaterThan(0);
    for (const { result } of validated) {
      tableResultSchema.parse(result);
      expect(result.valid).toBe(false);
      expect(result.kind).toBeNull();
      const first = result.issues[0]!;
      expect(first.severity).toBe('error');
      expect(FILE_CODES).toContain(first.code);
      expect(first.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('the encrypted files are told apart from broken ones', async () => {
    for (const name of ['msoffcrypto/example_password.xlsx', 'msoffcrypto/rc4cryptoapi_password.xls']) {
      const [first] = await validateFile(join(CORPUS, name), { config: DEFAULT_CONFIG, convert: false });
      expect(first!.result.issues[0]!.code, name).toBe('file-encrypted');
    }
  });

  it('xmb validate --json on the whole corpus folder: one JSON document, exit 1, no stack trace', () => {
    const run = runCli(['validate', '--json', '--no-convert', CORPUS]);
    expect(run.stderr).not.toMatch(/at .*\.js:\d+|内部错误/);
    expect(run.code).toBe(1);
    const output = validateOutputSchema.parse(JSON.parse(run.stdout));
    expect(output.summary.valid).toBe(0);
    expect(output.results.every((r) => !r.valid)).toBe(true);
  });
});
