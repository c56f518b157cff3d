/** useApiNames: @opentelemetry/api names made available as edits, in the file's own module style. */
import { describe, expect, it } from 'vitest';
import { useApiNames } from '../../src/codemod/otel-import.js';
import { open, outputOf } from '../helpers/codemod-file.js';

function addNames(path: string, source: string, names: string[]) {
  const file = open(path, source);
  const bindings = useApiNames(file, names);
  return { bindings, output: outputOf(file) };
}

describe('useApiNames', () => {
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
    expect(output).toBe(`import { context, trace as otelTrace } from '@opentelemetry/api'\nimport express from 'express'\nconst trace = 1\n`);
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
    expect(output).toBe(`'use strict';\n\nconst x = require("x");\nconst { context, trace } = require("@opentelemetry/api");\n\nmodule.exports = { x };\n`);
  });

  it('extends a require pattern that shares its declaration with another declarator', () => {
    const source = `const a = 1, { context } = require('@opentelemetry/api');\nmodule.exports = a;\n`;
    const { output } = addNames('d.js', source, ['trace']);
    expect(output).toBe(`const a = 1, { context, trace } = require('@opentelemetry/api');\nmodule.exports = a;\n`);
  });

  it('writes a require in CommonJS files without imports, keeping "use strict" intact', () => {
    const source = `'use strict';\n\nmodule.exports = function handler() {};\n`;
    const { output } = addNames('h.cjs', source, ['trace']);
    expect(output).toBe(`'use strict';\n\nconst { trace } = require('@opentelemetry/api');\n\nmodule.exports = function handler() {};\n`);
  });

  it('writes a require without a semicolon in a file without them, above a comment that belongs to the first statement', () => {
    const source = `// The jobs logger\nexports.logger = require('pino')({ name: 'jobs' })\nexports.child = (bindings) => exports.logger.child(bindings)\n`;
    const { output } = addNames('jobs.js', source, ['trace']);
    expect(output).toBe(`const { trace } = require('@opentelemetry/api')\n\n${source}`);
  });

  it('writes an import in TypeScript files, CommonJS ones included', () => {
    const source = "import pino = require('pino');\n\nexport const logger = pino();\n";
    expect(addNames('a.cts', source, ['trace']).output).toBe(
      "import pino = require('pino');\nimport { trace } from '@opentelemetry/api';\n\nexport const logger = pino();\n",
    );
  });

  it('uses `api.x` for `const api = require(...)`', () => {
    const source = `const api = require('@opentelemetry/api');\nmodule.exports = api;\n`;
    const { bindings, output } = addNames('r.js', source, ['SpanStatusCode']);
    expect(bindings).toEqual({ SpanStatusCode: 'api.SpanStatusCode' });
    expect(output).toBe(source);
  });
});

describe('the list layouts', () => {
  it('adds to a multi-line import one specifier per line, keeping the trailing comma style', () => {
    const source = `import {\n  context,\n  propagation,\n} from '@opentelemetry/api';\n\nexport const a = 1;\n`;
    expect(addNames('m.ts', source, ['trace']).output).toBe(`import {\n  context,\n  propagation,\n  trace,\n} from '@opentelemetry/api';\n\nexport const a = 1;\n`);
  });

  it('adds to a multi-line require without a trailing comma, after a comment ending the last line', () => {
    const source = `const {\n  context // for baggage\n} = require('@opentelemetry/api')\n`;
    expect(addNames('m.js', source, ['trace']).output).toBe(`const {\n  context, // for baggage\n  trace\n} = require('@opentelemetry/api')\n`);
  });

  it('adds a value import next to a side-effect import', () => {
    const source = `import '@opentelemetry/api';\nexport const a = 1;\n`;
    expect(addNames('s.mjs', source, ['trace']).output).toBe(`import '@opentelemetry/api';\nimport { trace } from '@opentelemetry/api';\nexport const a = 1;\n`);
  });
});
