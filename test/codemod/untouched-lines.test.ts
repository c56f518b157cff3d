/** The untouched-region checker the real-code and fixture-project tests rely on: it must catch what it is for. */
import { describe, expect, it } from 'vitest';
import { codemodViolations, lineHunks, untouchedViolations } from '../helpers/untouched-lines.js';

const before = ['const a = 1;', 'function f() {', '  return a;', '}', 'const b = 2;', ''].join('\n');
// `function f() { … }`, offsets of its body.
const bodyStart = before.indexOf('{');
const bodyEnd = before.indexOf('}') + 1;

describe('untouchedViolations', () => {
  it('accepts changes and insertions inside a region', () => {
    const after = before.replace('  return a;', '  log();\n  return a + 1;');
    expect(lineHunks(before, after)).toHaveLength(1);
    expect(untouchedViolations(before, after, [[bodyStart, bodyEnd]])).toEqual([]);
  });

  it('reports a changed line outside every region, with its line number', () => {
    const after = before.replace('const b = 2;', 'const b = (2);');
    expect(untouchedViolations(before, after, [[bodyStart, bodyEnd]])).toEqual([{ line: 5, text: 'const b = 2;' }]);
  });

  it('counts whitespace and line endings: a trailing space or a CRLF turned LF is a change', () => {
    expect(untouchedViolations(before, before.replace('const b = 2;', 'const b = 2; '), [])).toHaveLength(1);
    const crlf = before.replace(/\n/g, '\r\n');
    expect(untouchedViolations(crlf, crlf.replace('const b = 2;\r\n', 'const b = 2;\n'), [])).toEqual([{ line: 5, text: 'const b = 2;' }]);
  });

  it('reports lines added inside an untouched run, but not at the edge of a region', () => {
    const text = `${before}const c = 3;\n`;
    const inRun = text.replace('const c = 3;', 'extra();\nconst c = 3;');
    expect(untouchedViolations(text, inRun, [[bodyStart, bodyEnd]])).toEqual([{ line: 6, text: '+ extra();' }]);
    const atEdge = text.replace('const b = 2;', 'extra();\nconst b = 2;');
    expect(untouchedViolations(text, atEdge, [[bodyStart, bodyEnd]])).toEqual([]);
  });

  it('does not depend on how the diff aligns equal lines', () => {
    // The function is rewritten and a blank line and a brace move with it: the diff pairs the blank line after the
    // function with the new one, yet every line outside the function is still there, in order.
    const text = ['const a = 1;', '', 'export const f = () =>', '  a;', '', 'const b = 2;', ''].join('\n');
    const after = ['const a = 1;', '', 'const t = 0;', '', 'export const f = () => {', '  return a;', '};', '', 'const b = 2;', ''].join('\n');
    const fn = text.indexOf('export');
    expect(untouchedViolations(text, after, [[fn, text.indexOf('a;') + 2]])).toEqual([]);
    expect(untouchedViolations(text, after.replace('const b = 2;', 'const b = 2'), [[fn, text.indexOf('a;') + 2]])).toEqual([
      { line: 6, text: 'const b = 2;' },
    ]);
  });
});

describe('codemodViolations', () => {
  it('wrap-spans: a function body changed without a span added is a violation', () => {
    const after = before.replace('  return a;', '  return a + 0;');
    expect(codemodViolations('wrap-spans', before, after, 'f.ts')).toEqual([{ line: 0, text: '1 function bodies changed, 0 spans added' }]);
  });

  it('wrap-spans: a re-indented line inside a string that spans lines is a violation (it is part of the value)', () => {
    const before = ['function hint() {', '  return <p title="When the limit', '  is reached" />;', '}', ''].join('\n');
    const wrapped = (second: string) =>
      ['function hint() {', '  return tracer.startActiveSpan(\'hint\', (span) => {', '    return <p title="When the limit', second, '  });', '}', ''].join('\n');
    expect(codemodViolations('wrap-spans', before, wrapped('  is reached" />;'), 'f.jsx')).toEqual([]);
    expect(codemodViolations('wrap-spans', before, wrapped('    is reached" />;'), 'f.jsx')).toEqual([{ line: 3, text: 'inside a literal:   is reached" />;' }]);
    // An unchanged copy of the line in a function left alone does not hide the changed one.
    const other = ['function other() {', '  return <p title="When the limit', '  is reached" />;', '}', ''].join('\n');
    // (Which of the two equal input lines is named is not known from the texts alone.)
    const hidden = codemodViolations('wrap-spans', before + other, wrapped('    is reached" />;') + other, 'f.jsx');
    expect(hidden.map((violation) => violation.text)).toEqual(['inside a literal:   is reached" />;']);
  });

  it('pino-mixin: a reprinted expression away from the pino call is a violation; the call and the import block are not', () => {
    const source = ["import pino from 'pino';", 'const list = [...a ? b : c];', 'export const log = pino({ level });', ''].join('\n');
    const edited = source
      .replace("from 'pino';", "from 'pino';\nimport { trace } from '@opentelemetry/api';")
      .replace('pino({ level })', 'pino({ level, mixin: traceMixin() })');
    expect(codemodViolations('pino-mixin', source, `${edited}\nfunction traceMixin() {}\n`, 'log.ts')).toEqual([]);
    const reprinted = edited.replace('[...a ? b : c]', '[...(a ? b : c)]');
    expect(codemodViolations('pino-mixin', source, reprinted, 'log.ts')).toEqual([{ line: 2, text: 'const list = [...a ? b : c];' }]);
  });

  it('inject-propagation: the statement with the fetch call may change, the one after it may not', () => {
    const source = ['async function load(url) {', '  const res = await fetch(url);', '  return res.json();', '}', ''].join('\n');
    const ok = source.replace('fetch(url)', 'fetch(url, withTrace(undefined, url))');
    expect(codemodViolations('inject-propagation', source, ok, 'load.js')).toEqual([]);
    const bad = ok.replace('return res.json();', 'return res.json()');
    expect(codemodViolations('inject-propagation', source, bad, 'load.js')).toEqual([{ line: 3, text: '  return res.json();' }]);
  });
});
