/** The ❌ examples in each rule's doc must report under the strict config (every rule on), and the ✅ examples must not. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { rules, RULE_PREFIX } from '../../rules/index.js';
import plugin from '../../src/app/plugin.js';

interface Example {
  verdict: 'incorrect' | 'correct';
  language: string;
  code: string;
  line: number;
}

/** Fenced code blocks under "❌ Incorrect" / "✅ Correct" headings, up to the next heading. */
function examples(markdown: string): Example[] {
  const found: Example[] = [];
  let verdict: Example['verdict'] | null = null;
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^#{1,6}\s/.test(line)) {
      verdict = line.includes('❌') ? 'incorrect' : line.includes('✅') ? 'correct' : null;
      continue;
    }
    const fence = /^```(\w+)/.exec(line);
    if (!fence) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i].startsWith('```'); i++) body.push(lines[i]);
    if (verdict && /^(js|javascript|ts|typescript|mjs|cjs)$/.test(fence[1])) {
      found.push({ verdict, language: fence[1], code: body.join('\n'), line: start + 1 });
    }
  }
  return found;
}

const linter = new Linter({ configType: 'flat' });

describe.each(Object.keys(rules))('docs/rules/%s.md', (name) => {
  const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'rules', `${name}.md`), 'utf8');
  const blocks = examples(doc);

  it('has both kinds of example', () => {
    expect(blocks.some((b) => b.verdict === 'incorrect')).toBe(true);
    expect(blocks.some((b) => b.verdict === 'correct')).toBe(true);
  });

  it.each(blocks.map((b) => [`${b.verdict} example at line ${b.line}`, b] as const))('%s', (_label, block) => {
    const filename = /^(ts|typescript)$/.test(block.language) ? 'example.ts' : block.language === 'cjs' ? 'example.cjs' : 'example.js';
    const messages = linter.verify(block.code, [plugin.configs.strict as Linter.Config], { filename });
    expect(messages.filter((m) => m.fatal), 'example must parse').toEqual([]);
    const fromRule = messages.filter((m) => m.ruleId === `${RULE_PREFIX}/${name}`);
    if (block.verdict === 'incorrect') expect(fromRule.length).toBeGreaterThan(0);
    else expect(fromRule).toEqual([]);
  });
});
