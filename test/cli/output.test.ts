/** Small output pieces: changed regions for check findings, unified diffs, the progress bar, failure lines. */
import { describe, expect, it } from 'vitest';
import { failureLine } from '../../src/app/cli/codemod-command.js';
import { changedRegions, unifiedDiff } from '../../src/app/cli/diff.js';
import { ProgressBar, progressBarFor } from '../../src/app/cli/progress.js';
import { describeFailure } from '../../src/app/runner/apply-transform.js';

describe('changedRegions', () => {
  const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', ''].join('\n');

  it('locates replaced lines and pure insertions in the original', () => {
    const after = ['import x;', 'a', 'b', 'C', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', ''].join('\n');
    expect(changedRegions(before, after)).toEqual([
      { startLine: 1, endLine: 3, endLineLength: 1, added: 2, removed: 1 },
      { startLine: 10, endLine: 10, endLineLength: 1, added: 1, removed: 0 }, // appended after the last line
    ]);
  });

  it('merges changes less than four lines apart', () => {
    const after = before.replace('b', 'B').replace('e', 'E');
    expect(changedRegions(before, after)).toEqual([{ startLine: 2, endLine: 5, endLineLength: 1, added: 2, removed: 2 }]);
  });

  it('ignores a BOM and CRLF when measuring lines', () => {
    const crlf = '\uFEFFconst a = 1;\r\nconst b = 2;\r\n';
    expect(changedRegions(crlf, crlf.replace('b = 2', 'b = 3'))).toEqual([
      { startLine: 2, endLine: 2, endLineLength: 12, added: 1, removed: 1 },
    ]);
  });
});

describe('unifiedDiff', () => {
  it('writes git-style headers and the bytes as they are, BOM included, as git diff does', () => {
    expect(unifiedDiff('src/a.ts', '\uFEFFone\ntwo\n', '\uFEFFone\n2\n')).toBe(
      '--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1,2 +1,2 @@\n \uFEFFone\n-two\n+2\n',
    );
  });
});

describe('ProgressBar', () => {
  const stream = (isTTY: boolean) => {
    const writes: string[] = [];
    return { writes, isTTY, columns: 80, write: (text: string) => writes.push(text) };
  };

  it('draws on a terminal for a run over the file threshold, and erases itself', () => {
    const out = stream(true);
    const bar = new ProgressBar(out, 'wrap-spans', 200, 1000);
    bar.update(1, 500);
    bar.update(500, 500);
    bar.finish();
    expect(out.writes[0]).toMatch(/^\r\x1b\[2Kwrap-spans \[-+\] 1\/500$/);
    expect(out.writes.at(-2)).toMatch(/\[#+\] 500\/500$/);
    expect(out.writes.at(-1)).toBe('\r\x1b[2K');
  });

  it('stays silent for short runs and on anything that is not a terminal', () => {
    const short = stream(true);
    const shortBar = new ProgressBar(short, 'x', 200, 60_000);
    shortBar.update(10, 10);
    shortBar.finish();
    expect(short.writes).toEqual([]);

    const pipe = stream(false);
    const pipeBar = new ProgressBar(pipe, 'x', 0, 0);
    pipeBar.update(1, 1000);
    pipeBar.finish();
    expect(pipe.writes).toEqual([]);
  });
});

describe('progressBarFor', () => {
  it('draws on stderr only when stdout is a terminal too', () => {
    const run = (stdoutIsTTY: boolean) => {
      const writes: string[] = [];
      const io = {
        cwd: '/',
        stdout: { isTTY: stdoutIsTTY, write: () => true },
        stderr: { isTTY: true, columns: 80, write: (text: string) => writes.push(text) },
      };
      const bar = progressBarFor(io, 'wrap-spans');
      bar.update(1, 1000);
      bar.finish();
      return writes;
    };
    expect(run(true).length).toBeGreaterThan(0);
    expect(run(false)).toEqual([]);
  });
});

describe('failure lines', () => {
  it('turn a Babel parse error into path:line:column message, column 1-based, without the position suffix', () => {
    const error = Object.assign(new SyntaxError('Unexpected token (3:4)'), { loc: { line: 3, column: 4 } });
    const failure = describeFailure(error);
    expect(failure).toEqual({ message: 'Unexpected token', line: 3, column: 5 });
    expect(failureLine({ path: '/repo/src/x.ts', error: failure }, '/repo')).toBe('src/x.ts:3:5 Unexpected token');
  });

  it('keep only the first line of a multi-line message', () => {
    expect(describeFailure(new Error('first line\n  at stack frame'))).toEqual({ message: 'first line' });
    expect(describeFailure('thrown string')).toEqual({ message: 'thrown string' });
  });
});
