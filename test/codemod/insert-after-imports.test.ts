/** insertAfterImports after ensureApiNames: new code lands below the import block, including an import just written. */
import jscodeshift from 'jscodeshift';
import { describe, expect, it } from 'vitest';
import { detectFileStyle } from '../../src/codemod/file-style.js';
import { ensureApiNames, insertAfterImports } from '../../src/codemod/otel-import.js';
import { parserForPath } from '../../src/codemod/parser.js';
import { printFile } from '../../src/codemod/print.js';

function addTracer(path: string, source: string): string {
  const j = jscodeshift.withParser(parserForPath(path));
  const root = j(source);
  const style = detectFileStyle(source, path);
  const { trace } = ensureApiNames(j, root, ['trace'], style);
  insertAfterImports(j, root, `const tracer = ${trace}.getTracer('x');`);
  return printFile(root, style, source);
}

describe('insertAfterImports', () => {
  it('goes below a require that ensureApiNames just wrote (a CommonJS file without imports)', () => {
    expect(addTracer('a.cjs', `'use strict';\n\nmodule.exports = 1;\n`)).toBe(
      `'use strict';\n\nconst { trace } = require('@opentelemetry/api');\nconst tracer = trace.getTracer('x');\n\nmodule.exports = 1;\n`,
    );
  });

  it('goes below an import that ensureApiNames just extended, when it is the last import', () => {
    expect(addTracer('b.ts', `import x from 'x';\nimport { context } from '@opentelemetry/api';\n\nexport const y = x;\n`)).toBe(
      `import x from 'x';\nimport { context, trace } from '@opentelemetry/api';\nconst tracer = trace.getTracer('x');\n\nexport const y = x;\n`,
    );
  });

  it('leaves the JSDoc right above the first statement with it, and moves a header comment above the import', () => {
    expect(addTracer('c.ts', `/** @traced */\nexport function f() {}\n`)).toBe(
      `import { trace } from '@opentelemetry/api';\nconst tracer = trace.getTracer('x');\n/** @traced */\nexport function f() {}\n`,
    );
    expect(addTracer('d.ts', `// Copyright\n\n/** Docs. */\nexport function f() {}\n`)).toBe(
      `// Copyright\n\nimport { trace } from '@opentelemetry/api';\nconst tracer = trace.getTracer('x');\n\n/** Docs. */\nexport function f() {}\n`,
    );
  });
});
