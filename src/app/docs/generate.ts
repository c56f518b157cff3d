/** `npm run docs`: rewrites the generated tables in README.md. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageInfo } from '../../util/package-info.js';
import { renderReadme } from './tables.js';

const readmePath = join(packageInfo.root, 'README.md');
const before = readFileSync(readmePath, 'utf8');
const after = renderReadme(before);
if (after !== before) writeFileSync(readmePath, after);
console.log(after === before ? 'README.md is current' : 'README.md tables updated');
