/** Keeps the project honest: every registered rule and codemod has its doc, tests and fixtures, and derived docs are current. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules, RULE_PREFIX } from '../../rules/index.js';
import { renderReadme } from '../../src/app/docs/tables.js';
import plugin from '../../src/app/plugin.js';
import { docsUrl } from '../../src/util/create-rule.js';
import { codemods } from '../../transforms/index.js';

const root = join(import.meta.dirname, '..', '..');

describe.each(Object.entries(rules))('rule %s', (name, rule) => {
  it('has a doc, a test file and a matching docs url', () => {
    expect(existsSync(join(root, 'docs', 'rules', `${name}.md`))).toBe(true);
    expect(existsSync(join(root, 'test', 'rules', `${name}.test.ts`))).toBe(true);
    expect(rule.meta.docs?.url).toBe(docsUrl(name));
  });

  it('describes itself and every option', () => {
    expect(rule.meta.docs?.description).toMatch(/^(Enforce|Require|Disallow)\b/);
    expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
    const schemas = Array.isArray(rule.meta.schema) ? rule.meta.schema : [rule.meta.schema];
    for (const schema of schemas) {
      const properties = (schema as { properties?: Record<string, { description?: string }> }).properties ?? {};
      expect((schema as { additionalProperties?: boolean }).additionalProperties).toBe(false);
      for (const [key, property] of Object.entries(properties)) expect(property.description, key).toBeTruthy();
    }
  });

  it('is in the recommended config when it says so', () => {
    const enabled = plugin.configs.recommended.rules?.[`${RULE_PREFIX}/${name}`];
    expect(enabled).toBe(rule.meta.docs?.recommended ? 'error' : undefined);
  });

  it('offers behaviour-changing fixes as suggestions, never autofixes', () => {
    expect(rule.meta.fixable).toBeUndefined();
  });
});

describe.each(codemods.map((c) => [c.meta.name, c] as const))('codemod %s', (name, codemod) => {
  it('has a doc, fixture pairs and tests', () => {
    expect(existsSync(join(root, 'docs', 'codemods', `${name}.md`))).toBe(true);
    const fixtures = readdirSync(join(root, 'fixtures', name), { recursive: true }).map(String);
    const inputs = fixtures.filter((f) => /\.input\.\w+$/.test(f));
    expect(inputs.length).toBeGreaterThan(0);
    for (const input of inputs) expect(fixtures, input).toContain(input.replace('.input.', '.output.'));
    const tests = readdirSync(join(root, 'test', 'transforms')).filter((f) => f.startsWith(name));
    expect(tests.length).toBeGreaterThan(0);
  });

  it('declares every option it takes', () => {
    expect(codemod.meta.description.length).toBeGreaterThan(10);
    for (const option of codemod.meta.options) {
      expect(option.flags).toMatch(/^--[a-z][a-z-]*/);
      expect(option.description).toBeTruthy();
    }
  });
});

describe('README', () => {
  it('has current generated tables (run `npm run docs`)', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain('<!-- rules:start -->');
    expect(renderReadme(readme)).toBe(readme);
  });
});
