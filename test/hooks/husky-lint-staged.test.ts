/**
 * The pre-commit setup docs/ci.md recommends for npm projects, for real: husky installs the git hook,
 * lint-staged runs `otel-codemod check` on the staged files, and git refuses the commit when it finds something.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from '../e2e/helpers/cli.js';
import { ENDED_SPAN, UNENDED_SPAN } from './helpers/samples.js';
import { createTempRepo, type TempRepo } from './helpers/temp-repo.js';

/** The lint-staged block from docs/ci.md, as a project would paste it into package.json. */
function documentedLintStagedConfig(): Record<string, string> {
  const doc = readFileSync(join(import.meta.dirname, '../../docs/ci.md'), 'utf8');
  const block = /```json\n(\{\s*"lint-staged"[\s\S]*?)\n```/.exec(doc)?.[1];
  if (!block) throw new Error('docs/ci.md has no ```json block starting with "lint-staged"');
  return (JSON.parse(block) as { 'lint-staged': Record<string, string> })['lint-staged'];
}

// Each commit runs the hook, which runs the CLI: allow for a loaded CI machine.
describe('husky + lint-staged pre-commit hook', { timeout: 120_000 }, () => {
  let repo: TempRepo;

  beforeAll(() => {
    assertBuilt();
    repo = createTempRepo('husky', ['husky', 'lint-staged']);
    repo.write('.gitignore', 'node_modules\n');
    repo.write(
      'package.json',
      `${JSON.stringify({ name: 'hook-demo', private: true, type: 'module', scripts: { prepare: 'husky' }, 'lint-staged': documentedLintStagedConfig() }, null, 2)}\n`,
    );
    repo.write('.husky/pre-commit', 'lint-staged\n');
    // What `npm install` runs through the prepare script.
    const install = repo.run('husky', []);
    expect(install.status, install.output).toBe(0);
    expect(repo.git('config', 'core.hooksPath').output.trim()).toBe('.husky/_');
    repo.git('add', '-A');
    const initial = repo.git('commit', '-q', '-m', 'initial');
    expect(initial.status, initial.output).toBe(0);
  }, 120_000);

  afterAll(() => repo?.remove());

  it('refuses a commit containing an unended span and prints the finding', () => {
    repo.write('src/charge.js', UNENDED_SPAN);
    repo.git('add', 'src/charge.js');
    const commit = repo.git('commit', '-m', 'add charging');
    expect(commit.status).not.toBe(0);
    expect(commit.output).toContain('otel/end-span-in-finally');
    expect(commit.output).toContain('charge.js');
    expect(repo.log()).toEqual(['initial']);
    // lint-staged restored the index: the file is still staged, nothing was lost.
    expect(repo.git('diff', '--cached', '--name-only').output.trim()).toBe('src/charge.js');
  });

  it('lets a clean commit through', () => {
    repo.write('src/charge.js', ENDED_SPAN);
    repo.git('add', 'src/charge.js');
    const commit = repo.git('commit', '-m', 'add charging, ended in finally');
    expect(commit.status, commit.output).toBe(0);
    expect(repo.log()).toEqual(['add charging, ended in finally', 'initial']);
  });

  it('checks only staged files: an untracked bad file does not block the commit', () => {
    repo.write('src/draft.js', UNENDED_SPAN);
    repo.write('src/charge.js', `// Charging, traced.\n${ENDED_SPAN}`);
    repo.git('add', 'src/charge.js');
    const commit = repo.git('commit', '-m', 'document charging');
    expect(commit.status, commit.output).toBe(0);
    expect(repo.log()[0]).toBe('document charging');
  });
});
