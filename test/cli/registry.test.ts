/** The CLI is derived from the transform registry: names and flags must fit together without collisions. */
import { Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { codemods } from '../../transforms/index.js';
import { BUILT_IN_COMMANDS, SHARED_CODEMOD_FLAGS } from '../../src/app/cli/main.js';

describe('transform registry as CLI commands', () => {
  it('gives every codemod a unique command name that is not a built-in command', () => {
    const names = codemods.map((codemod) => codemod.meta.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(BUILT_IN_COMMANDS).not.toContain(name);
      expect(name).toMatch(/^[a-z][a-z0-9-]*$/);
    }
  });

  it.each(codemods.map((codemod) => [codemod.meta.name, codemod.meta]))('%s: options parse, match their keys and do not reuse shared flags', (_name, meta) => {
    const longs = new Set<string>();
    for (const spec of meta.options) {
      const option = new Option(spec.flags);
      expect(option.long, spec.flags).toBeDefined();
      expect(SHARED_CODEMOD_FLAGS).not.toContain(option.long);
      expect(longs.has(option.long!)).toBe(false);
      longs.add(option.long!);
      // The transform reads options[spec.key]; the CLI maps the flag there, so the two must agree.
      expect(option.attributeName()).toBe(spec.key);
      expect(option.required || option.optional).toBe(spec.kind !== 'boolean');
    }
  });
});
