/** Where generated code goes: the import block, the code after it, the end of the file. */
import { describe, expect, it } from 'vitest';
import { addAfterImports, addHelperAtEnd, addImport } from '../../src/codemod/generated-code.js';
import { useApiNames } from '../../src/codemod/otel-import.js';
import { open, outputOf } from '../helpers/codemod-file.js';

function addTracer(path: string, source: string): string {
  const file = open(path, source);
  const { trace } = useApiNames(file, ['trace']);
  addAfterImports(file, `const tracer = ${trace}.getTracer('x')${file.style.semicolons ? ';' : ''}`);
  return outputOf(file);
}

describe('the import block', () => {
  it("includes TypeScript's `import x = require()`", () => {
    const source = "import pino = require('pino');\n\nexport const logger = pino();\n";
    const file = open('a.cts', source);
    addImport(file, "import { trace } from '@opentelemetry/api';");
    expect(outputOf(file)).toBe("import pino = require('pino');\nimport { trace } from '@opentelemetry/api';\n\nexport const logger = pino();\n");
  });

  it('ends with the first statement that is not an import: code added after it runs before the rest of the file', () => {
    const source = "const pino = require('pino')\nconst logger = pino()\nlogger.info('starting')\nconst db = require('./db')\n";
    expect(addTracer('a.js', source)).toBe(
      "const pino = require('pino')\nconst { trace } = require('@opentelemetry/api')\n\nconst tracer = trace.getTracer('x')\n\nconst logger = pino()\nlogger.info('starting')\nconst db = require('./db')\n",
    );
  });
});

describe('addAfterImports', () => {
  it('goes below a require that useApiNames just wrote (a CommonJS file without imports)', () => {
    expect(addTracer('a.cjs', `'use strict';\n\nmodule.exports = 1;\n`)).toBe(
      `'use strict';\n\nconst { trace } = require('@opentelemetry/api');\n\nconst tracer = trace.getTracer('x');\n\nmodule.exports = 1;\n`,
    );
  });

  it('goes below an import that useApiNames just extended, when it is the last import', () => {
    expect(addTracer('b.ts', `import x from 'x';\nimport { context } from '@opentelemetry/api';\n\nexport const y = x;\n`)).toBe(
      `import x from 'x';\nimport { context, trace } from '@opentelemetry/api';\n\nconst tracer = trace.getTracer('x');\n\nexport const y = x;\n`,
    );
  });

  it('leaves the JSDoc right above the first statement with it, and keeps a header comment above the import', () => {
    expect(addTracer('c.ts', `/** @traced */\nexport function f() {}\n`)).toBe(
      `import { trace } from '@opentelemetry/api';\n\nconst tracer = trace.getTracer('x');\n\n/** @traced */\nexport function f() {}\n`,
    );
    expect(addTracer('d.ts', `// Copyright\n\n/** Docs. */\nexport function f() {}\n`)).toBe(
      `// Copyright\n\nimport { trace } from '@opentelemetry/api';\n\nconst tracer = trace.getTracer('x');\n\n/** Docs. */\nexport function f() {}\n`,
    );
  });

  it('goes after a byte order mark, and writes CRLF in a CRLF file', () => {
    expect(addTracer('e.js', `\uFEFF/** Docs. */\r\nexport function f() {}\r\n`)).toBe(
      `\uFEFFimport { trace } from '@opentelemetry/api';\r\n\r\nconst tracer = trace.getTracer('x');\r\n\r\n/** Docs. */\r\nexport function f() {}\r\n`,
    );
  });
});

describe('addHelperAtEnd', () => {
  it('goes one blank line below the last statement, and a trailing comment stays last', () => {
    const file = open('f.js', `export const a = 1; // one\n//# sourceMappingURL=f.js.map\n`);
    addHelperAtEnd(file, 'function helper() {}');
    expect(outputOf(file)).toBe(`export const a = 1; // one\n\nfunction helper() {}\n//# sourceMappingURL=f.js.map\n`);
  });
});
