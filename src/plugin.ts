/**
 * The ESLint flat-config plugin: `import otel from 'otel-codemod/eslint-plugin'`,
 * then `otel.configs.recommended` in eslint.config.js.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import tsParser from '@typescript-eslint/parser';
import { rules, RULE_PREFIX } from '../rules/index.js';
import { packageInfo } from './util/package-info.js';

/** File globs the recommended config applies to (ESLint lints only .js/.mjs/.cjs unless a config names more). */
export const LINTED_FILES = ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'];

const ruleEntries = Object.entries(rules);

const plugin = {
  meta: { name: packageInfo.name, version: packageInfo.version },
  rules,
  configs: {} as { recommended: TSESLint.FlatConfig.Config },
};

plugin.configs.recommended = {
  name: `${RULE_PREFIX}/recommended`,
  files: LINTED_FILES,
  languageOptions: { parser: tsParser, sourceType: 'module' },
  plugins: { [RULE_PREFIX]: plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: Object.fromEntries(
    ruleEntries.filter(([, rule]) => rule.meta.docs?.recommended).map(([name]) => [`${RULE_PREFIX}/${name}`, 'error']),
  ),
};

export default plugin;
