// The project lints itself (`npm run lint`, run by .ci/run before the tests; needs dist/, so it builds first):
// typescript-eslint's strictTypeChecked on the TypeScript sources, eslint-plugin-eslint-plugin on the rule files,
// and our own otel/* rules on the shop fixture, which must report exactly its documented mistakes.
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tseslint from 'typescript-eslint';
import otel from './dist/src/app/plugin.js';

const MISTAKE_MARKER = /Deliberate mistake \((otel\/[\w-]+)\)/;

/**
 * The shop fixture's mistakes are deliberate, each announced by a `Deliberate mistake (otel/<rule>)` comment above
 * it. This processor pairs every otel/<rule> finding with the nearest unused marker of that rule above it: paired
 * findings are expected and dropped; a finding without a marker, or a marker without a finding, is an error.
 */
const sources = new Map();
const documentedMistakes = {
  meta: { name: 'documented-mistakes' },
  processors: {
    shop: {
      supportsAutofix: false,
      preprocess(text, filename) {
        sources.set(filename, text);
        return [text];
      },
      postprocess([messages], filename) {
        const markers = sources
          .get(filename)
          .split('\n')
          .flatMap((line, index) => {
            const match = MISTAKE_MARKER.exec(line);
            return match ? [{ ruleId: match[1], line: index + 1, paired: false }] : [];
          });
        sources.delete(filename);
        const unexpected = messages.filter((message) => {
          const marker = markers.filter((m) => !m.paired && m.ruleId === message.ruleId && m.line <= message.line).at(-1);
          if (marker) marker.paired = true;
          return !marker;
        });
        const silent = markers
          .filter((marker) => !marker.paired)
          .map((marker) => ({
            ruleId: null,
            severity: 2,
            line: marker.line,
            column: 1,
            message: `documented mistake ${marker.ruleId} is no longer reported`,
          }));
        return [...unexpected, ...silent];
      },
    },
  },
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.scratch/', 'fixtures/*', '!fixtures/shop/', 'fixtures/shop/node_modules/', 'test/', 'bench/', 'docs/'] },
  {
    files: ['src/**/*.ts', 'rules/**/*.ts', 'transforms/**/*.ts'],
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  {
    files: ['rules/*.ts'],
    ignores: ['rules/index.ts'],
    extends: [eslintPlugin.configs.recommended],
  },
  {
    files: ['fixtures/shop/**/*.{js,mjs}'],
    extends: [otel.configs.recommended],
    plugins: { 'documented-mistakes': documentedMistakes },
    processor: 'documented-mistakes/shop',
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
);
