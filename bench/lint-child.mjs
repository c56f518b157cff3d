// One timed ESLint run in a fresh process: argv = mode (parser-only | core | ours | strict), file list path.
// Prints { ms, messages } as JSON. Module loading and ESLint construction are outside the timed part.
import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import plugin from '../dist/src/plugin.js';

const [mode, listPath, cwd] = process.argv.slice(2);
const files = JSON.parse(readFileSync(listPath, 'utf8'));
const ourRules = { ours: plugin.configs.recommended.rules, strict: plugin.configs.strict.rules }[mode] ?? {};
const rules = mode === 'parser-only' ? {} : { 'no-debugger': 'error', ...ourRules };
const eslint = new ESLint({
  cwd,
  cache: false,
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
      languageOptions: { parser: tsParser, sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } },
      plugins: { otel: plugin },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      rules,
    },
  ],
});
const start = process.hrtime.bigint();
const results = await eslint.lintFiles(files);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const messages = results.reduce((n, r) => n + r.messages.filter((m) => m.ruleId?.startsWith('otel/')).length, 0);
process.stdout.write(JSON.stringify({ ms, messages }));
