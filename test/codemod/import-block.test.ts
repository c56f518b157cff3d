/** insertAfterImports and importStatement: what counts as the import block new imports go below. */
import jscodeshift from 'jscodeshift';
import { describe, expect, it } from 'vitest';
import { detectFileStyle } from '../../src/codemod/file-style.js';
import { ensureApiNames, importStatement } from '../../src/codemod/otel-import.js';
import { printFile } from '../../src/codemod/print.js';

describe('the import block', () => {
  it("includes TypeScript's `import x = require()`", () => {
    const source = "import pino = require('pino');\n\nexport const logger = pino();\n";
    const j = jscodeshift.withParser('ts');
    const root = j(source);
    const style = { ...detectFileStyle(source, 'a.cts'), module: 'esm' as const };
    ensureApiNames(j, root, ['trace'], style);
    expect(printFile(root, style, source)).toBe(
      "import pino = require('pino');\nimport { trace } from '@opentelemetry/api';\n\nexport const logger = pino();\n",
    );
  });

  it('includes an import rewritten through importStatement, so new imports still go below it', () => {
    const source = "import fs from 'node:fs';\nimport { pino } from 'pino';\n\nexport const logger = pino();\n";
    const j = jscodeshift.withParser('ts');
    const root = j(source);
    const style = detectFileStyle(source, 'a.ts');
    root
      .find(j.ImportDeclaration, { source: { value: 'pino' } })
      .replaceWith(() => importStatement(j, root, "import { pino, symbols } from 'pino';"));
    ensureApiNames(j, root, ['trace'], style);
    expect(printFile(root, style, source)).toBe(
      "import fs from 'node:fs';\nimport { pino, symbols } from 'pino';\nimport { trace } from '@opentelemetry/api';\n\nexport const logger = pino();\n",
    );
  });
});
