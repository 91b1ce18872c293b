// The floor of issue 9: a bare unzip (fflate) and SAX pass (saxes) over a workbook's sheets and shared
// strings, counting cells — what any reader must at least do. Run by `npm run bench` in its own process.
//   node scripts/bench/floor.mjs FILE.xlsx
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { SaxesParser } from 'saxes';

const bytes = readFileSync(process.argv[2]);
const parts = unzipSync(bytes, { filter: (f) => /^xl\/(worksheets\/[^/]+|sharedStrings)\.xml$/i.test(f.name) });
const decoder = new TextDecoder();
let cells = 0;
let chars = 0;
for (const data of Object.values(parts)) {
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    if (tag.name === 'c') cells++;
  });
  parser.on('text', (text) => {
    chars += text.length;
  });
  parser.write(decoder.decode(data)).close();
}
process.stdout.write(`${JSON.stringify({ cells, chars })}\n`);
