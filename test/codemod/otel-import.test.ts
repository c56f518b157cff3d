import jscodeshift from 'jscodeshift';
import { describe, expect, it } from 'vitest';
import { detectFileStyle } from '../../src/codemod/file-style.js';
import { ensureApiNames } from '../../src/codemod/otel-import.js';
import { parserForPath } from '../../src/codemod/parser.js';
import { printFile } from '../../src/codemod/print.js';

function addNames(path: string, source: string, names: string[]) {
  const j = jscodeshift.withParser(parserForPath(path));
  const root = j(source);
  const style = detectFileStyle(source, path);
  const bindings = ensureApiNames(j, root, names, style);
  return { bindings, output: printFile(root, style, source) };
}

describe('ensureApiNames', () => {
  it('writes a new ESM import below a header comment, in the file quote style', () => {
    const source = `// Copyright header\n\nexport function f() {\n  return 1;\n}\n`;
    const { bindings, output } = addNames('a.ts', source, ['trace', 'SpanStatusCode']);
    expect(bindings).toEqual({ trace: 'trace', SpanStatusCode: 'SpanStatusCode' });
    expect(output).toBe(
      `// Copyright header\n\nimport { trace, SpanStatusCode } from '@opentelemetry/api';\n\nexport function f() {\n  return 1;\n}\n`,
    );
  });

  it('extends an existing named import and aliases a name taken at the top level', () => {
    const source = `import { context } from '@opentelemetry/api'\nimport express from 'express'\nconst trace = 1\n`;
    const { bindings, output } = addNames('c.ts', source, ['context', 'trace']);
    expect(bindings).toEqual({ context: 'context', trace: 'otelTrace' });
    expect(output).toBe(
      `import { context, trace as otelTrace } from '@opentelemetry/api'\nimport express from 'express'\nconst trace = 1\n`,
    );
  });

  it('uses a namespace import as it is', () => {
    const source = `import * as api from "@opentelemetry/api";\nexport const x = 1;\n`;
    const { bindings, output } = addNames('n.mjs', source, ['trace', 'propagation']);
    expect(bindings).toEqual({ trace: 'api.trace', propagation: 'api.propagation' });
    expect(output).toBe(source);
  });

  it('ignores a type-only import and adds a value import', () => {
    const source = `import type { Span } from '@opentelemetry/api';\nimport { x } from './x';\n\nexport const y = x;\n`;
    const { output } = addNames('t.ts', source, ['trace']);
    expect(output).toBe(
      `import type { Span } from '@opentelemetry/api';\nimport { x } from './x';\nimport { trace } from '@opentelemetry/api';\n\nexport const y = x;\n`,
    );
  });

  it('extends a CommonJS destructuring require on one line and keeps the directive prologue', () => {
    const source = `'use strict';\n\nconst x = require("x");\nconst { context } = require("@opentelemetry/api");\n\nmodule.exports = { x };\n`;
    const { output } = addNames('b.js', source, ['context', 'trace']);
    expect(output).toBe(
      `'use strict';\n\nconst x = require("x");\nconst { context, trace } = require("@opentelemetry/api");\n\nmodule.exports = { x };\n`,
    );
  });

  it('writes a require in CommonJS files without imports, keeping "use strict" intact', () => {
    const source = `'use strict';\n\nmodule.exports = function handler() {};\n`;
    const { output } = addNames('h.cjs', source, ['trace']);
    expect(output).toBe(`'use strict';\n\nconst { trace } = require('@opentelemetry/api');\n\nmodule.exports = function handler() {};\n`);
  });

  it('uses `api.x` for `const api = require(...)`', () => {
    const source = `const api = require('@opentelemetry/api');\nmodule.exports = api;\n`;
    const { bindings, output } = addNames('r.js', source, ['SpanStatusCode']);
    expect(bindings).toEqual({ SpanStatusCode: 'api.SpanStatusCode' });
    expect(output).toBe(source);
  });
});

describe('appendToBraceList layouts', () => {
  it('adds to a multi-line import one specifier per line, keeping the trailing comma style', () => {
    const source = `import {\n  context,\n  propagation,\n} from '@opentelemetry/api';\n\nexport const a = 1;\n`;
    const { output } = addNames('m.ts', source, ['trace']);
    expect(output).toBe(`import {\n  context,\n  propagation,\n  trace,\n} from '@opentelemetry/api';\n\nexport const a = 1;\n`);
  });

  it('adds a value import next to a side-effect import', () => {
    const source = `import '@opentelemetry/api';\nexport const a = 1;\n`;
    const { output } = addNames('s.mjs', source, ['trace']);
    expect(output).toBe(`import '@opentelemetry/api';\nimport { trace } from '@opentelemetry/api';\nexport const a = 1;\n`);
  });
});

describe('detectFileStyle', () => {
  it('reads quotes, semicolons, indentation and module kind', () => {
    expect(detectFileStyle(`import a from "a"\nfunction f() {\n    return a\n}\n`, 'x.ts')).toEqual({
      quote: 'double',
      semicolons: false,
      indent: '    ',
      module: 'esm',
    });
    expect(detectFileStyle(`const a = require('a');\nfunction f() {\n\treturn a;\n}\n`, 'x.js')).toEqual({
      quote: 'single',
      semicolons: true,
      indent: '\t',
      module: 'cjs',
    });
  });
});
