/**
 * A JavaScript file that neither imports nor requires anything may be a browser's classic `<script>`: an added
 * `import` would stop it from loading, an added `require` would fail in an ES module. The codemods that would have to
 * add the first import (src/codemod/otel-import.ts) leave it as it is and say why; once the file imports or requires
 * anything, or is TypeScript, they change it as usual.
 */
import { describe, expect, it } from 'vitest';
import * as injectPropagation from '../../transforms/inject-propagation.js';
import * as pinoMixin from '../../transforms/pino-mixin.js';
import * as wrapSpans from '../../transforms/wrap-spans.js';
import { NO_MODULE_SYNTAX_NOTE } from '../../src/codemod/otel-import.js';
import { applyTransform } from '../helpers/fixture-pairs.js';

const LOADER = `function loadModule(url, onLoaded) {\n  fetch(url).then((response) => onLoaded(response));\n}\n`;
const TRACED = `/** @traced */\nfunction loadModule(url) {\n  return document.querySelector(url);\n}\n`;

describe('a file with no module syntax', () => {
  it('inject-propagation leaves a classic script unchanged, with the reason', async () => {
    const run = await applyTransform(injectPropagation.default, LOADER, 'tests/ModuleLoader.js');
    expect(run.output).toBeUndefined();
    expect(run.reports).toEqual([NO_MODULE_SYNTAX_NOTE]);
  });

  it('inject-propagation changes the same code once the file imports or requires anything, or is TypeScript', async () => {
    const esm = await applyTransform(injectPropagation.default, `import './polyfills.js';\n${LOADER}`, 'tests/ModuleLoader.js');
    expect(esm.output).toContain(`import { context, propagation } from '@opentelemetry/api';`);
    const cjs = await applyTransform(injectPropagation.default, `const log = require('./log');\n${LOADER}`, 'tests/ModuleLoader.js');
    expect(cjs.output).toContain(`const { context, propagation } = require('@opentelemetry/api');`);
    const typeScript = await applyTransform(injectPropagation.default, LOADER.replace('(url, onLoaded)', '(url: string, onLoaded: (r: Response) => void)'), 'tests/ModuleLoader.ts');
    expect(typeScript.output).toContain(`import { context, propagation } from '@opentelemetry/api';`);
  });

  it('wrap-spans leaves a tagged function of a classic script unwrapped, with the reason', async () => {
    const run = await applyTransform(wrapSpans.default, TRACED, 'public/loader.js', { tracerName: 'site' });
    expect(run.output).toBeUndefined();
    expect(run.reports).toEqual([NO_MODULE_SYNTAX_NOTE]);
    const esm = await applyTransform(wrapSpans.default, `export ${TRACED}`, 'public/loader.js', { tracerName: 'site' });
    expect(esm.output).toContain(`import { trace, SpanStatusCode } from '@opentelemetry/api';`);
    expect(esm.output).toContain(`startActiveSpan('loadModule'`);
  });

  it('pino-mixin takes loggers only through an import or require of pino: a global pino in a script is left alone', async () => {
    const run = await applyTransform(pinoMixin.default, `const log = pino({ level: 'info' });\nlog.info('ready');\n`, 'public/log.js');
    expect(run.output).toBeUndefined();
    expect(run.reports).toEqual([]);
  });
});
