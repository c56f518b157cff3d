/**
 * The ESLint flat-config plugin: `import otel from 'otel-codemod/eslint-plugin'`,
 * then `otel.configs.recommended` in eslint.config.js.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import tsParser from '@typescript-eslint/parser';
import { rules, RULE_PREFIX } from '../../rules/index.js';
import { packageInfo } from '../util/package-info.js';

/** File globs the recommended config applies to (ESLint lints only .js/.mjs/.cjs unless a config names more). */
export const LINTED_FILES = ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'];

const ruleEntries = Object.entries(rules);

const plugin = {
  meta: { name: packageInfo.name, version: packageInfo.version },
  rules,
  configs: {} as { recommended: TSESLint.FlatConfig.Config; strict: TSESLint.FlatConfig.Config },
};

/** A config with the given rules on, as errors. */
const configOf = (name: string, entries: typeof ruleEntries): TSESLint.FlatConfig.Config => ({
  name: `${RULE_PREFIX}/${name}`,
  files: LINTED_FILES,
  languageOptions: { parser: tsParser, sourceType: 'module' },
  plugins: { [RULE_PREFIX]: plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: Object.fromEntries(entries.map(([ruleName]) => [`${RULE_PREFIX}/${ruleName}`, 'error'])),
});

/** The rules whose precision on labelled real code is at least 0.95 (docs/accuracy.md). */
plugin.configs.recommended = configOf('recommended', ruleEntries.filter(([, rule]) => rule.meta.docs?.recommended));
/** Every rule, including those that need a project's judgement (their real-code precision is below 0.95). */
plugin.configs.strict = configOf('strict', ruleEntries);

export default plugin;
