import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { it } from 'vitest';
import rule from '../rules/end-span-in-finally.ts';
import { readFileSync } from 'node:fs';

it('scratch', () => {
  const linter = new Linter({ configType: 'flat' });
  const files = (process.env.FILES ?? '').split(/\s+/).filter(Boolean);
  for (const file of files) {
    const code = readFileSync(file, 'utf8');
    const msgs = linter.verify(code, [{ files: ['**/*', '**/*.ts'], languageOptions: { parser: tsParser as never, sourceType: file.endsWith('.cjs') || /require\(/.test(code) ? 'commonjs' : 'module' }, linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' }, plugins: { otel: { rules: { 'end-span-in-finally': rule as never } } }, rules: { 'otel/end-span-in-finally': 'error' } }], { filename: 'corpus/' + file.split('/').slice(-3).join('_').replace(/\.(mjs|cjs)$/, '.js') });
    for (const m of msgs) console.log(`${file}:${m.line}:${m.column} ${m.messageId ?? ''} ${m.message}${m.suggestions?.length ? ' [suggest]' : ''}`);
  }
});
