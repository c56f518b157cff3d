// The physical floor in a fresh process, one thread: read every file; then parse only each codemod's candidate files
// with the parse the codemods themselves use (src/codemod/parser.ts: oxc, its tree turned into Babel's).
// Arguments: the JSON list of files; optionally a JSON object of transform options by codemod name, whose keys are
// then also the only codemods measured (the dense sets run each codemod on its own tree, wrap-spans with --exported).
import { readFileSync } from 'node:fs';
import { codemods } from '../dist/transforms/index.js';
import { parseFile } from '../dist/src/codemod/parser.js';

const [listPath, optionsJson] = process.argv.slice(2);
const optionsByCodemod = optionsJson ? JSON.parse(optionsJson) : undefined;
const files = JSON.parse(readFileSync(listPath, 'utf8'));
let start = process.hrtime.bigint();
const sources = files.map((f) => readFileSync(f, 'utf8'));
const readMs = Number(process.hrtime.bigint() - start) / 1e6;
const parse = {};
for (const { meta } of codemods) {
  if (optionsByCodemod && !(meta.name in optionsByCodemod)) continue;
  const options = optionsByCodemod?.[meta.name] ?? {};
  start = process.hrtime.bigint();
  let candidates = 0;
  sources.forEach((source, i) => {
    if (!meta.mayContainTarget(source, options, files[i])) return;
    candidates++;
    try {
      parseFile(source, files[i]);
    } catch {
      // unparseable files count as read only
    }
  });
  parse[meta.name] = { ms: readMs + Number(process.hrtime.bigint() - start) / 1e6, candidates };
}
process.stdout.write(JSON.stringify({ readMs, parse }));
