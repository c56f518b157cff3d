/**
 * A throwaway git repository for hook tests, isolated from the machine's git and husky settings:
 * HOME and XDG_CONFIG_HOME point into the temp folder, system git config is ignored, and the
 * `otel-codemod` command on PATH is the repo's built bin (as `npm install` would link it).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { CLI_BIN, REPO_NODE_MODULES } from '../../e2e/helpers/cli.js';

export interface CommandResult {
  status: number | null;
  /** stdout and stderr together, as a user would see them in the terminal. */
  output: string;
}

export interface TempRepo {
  dir: string;
  env: NodeJS.ProcessEnv;
  write(path: string, text: string): void;
  /** Runs a program in the repo; never throws on a non-zero exit. */
  run(command: string, args: readonly string[]): CommandResult;
  git(...args: string[]): CommandResult;
  /** Subjects of the commits on HEAD, newest first. */
  log(): string[];
  remove(): void;
}

export function createTempRepo(label: string, packages: readonly string[]): TempRepo {
  const root = mkdtempSync(join(tmpdir(), `otel-hooks-${label}-`));
  const dir = join(root, 'repo');
  const home = join(root, 'home');
  const bin = join(dir, 'node_modules', '.bin');
  mkdirSync(bin, { recursive: true });
  mkdirSync(home);

  // The packages the project would have installed, linked from this repo's node_modules, plus the bins npm links.
  for (const name of packages) {
    mkdirSync(dirname(join(dir, 'node_modules', name)), { recursive: true });
    symlinkSync(join(REPO_NODE_MODULES, name), join(dir, 'node_modules', name), 'dir');
  }
  shim(join(bin, 'otel-codemod'), CLI_BIN);
  if (packages.includes('lint-staged')) shim(join(bin, 'lint-staged'), join(REPO_NODE_MODULES, 'lint-staged/bin/lint-staged.js'));
  if (packages.includes('husky')) shim(join(bin, 'husky'), join(REPO_NODE_MODULES, 'husky/bin.js'));

  const env: NodeJS.ProcessEnv = { ...process.env };
  // A developer's shell, not the test runner's: vitest sets NODE_ENV=test, which switches lint-staged's output to
  // an event log; git and husky variables would redirect the repository or skip the hook.
  for (const key of Object.keys(env)) {
    if (/^(GIT_|HUSKY|VITEST)/.test(key) || key === 'CI' || key === 'NODE_ENV') delete env[key];
  }
  Object.assign(env, {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    GIT_CONFIG_NOSYSTEM: '1',
    // Hooks find `node` and the linked bins the way a developer's shell would.
    PATH: [bin, dirname(process.execPath), process.env.PATH ?? ''].join(delimiter),
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  });

  const run = (command: string, args: readonly string[]): CommandResult => {
    const result = spawnSync(command, args, { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
    if (result.error) throw result.error;
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };
  const git = (...args: string[]) => run('git', args);
  const must = (result: CommandResult, what: string) => {
    if (result.status !== 0) throw new Error(`${what} failed (${result.status}):\n${result.output}`);
  };
  must(git('init', '-q', '-b', 'main'), 'git init');
  must(git('config', 'user.name', 'Hook Test'), 'git config');
  must(git('config', 'user.email', 'hooks@example.invalid'), 'git config');
  must(git('config', 'commit.gpgsign', 'false'), 'git config');

  return {
    dir,
    env,
    write(path, text) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    },
    run,
    git,
    log: () => {
      const result = git('log', '--format=%s');
      return result.status === 0 ? result.output.trim().split('\n').filter(Boolean) : [];
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** What `npm install` puts in node_modules/.bin: an executable that runs a package's bin with node. */
function shim(path: string, script: string): void {
  writeFileSync(path, `#!/bin/sh\nexec node "${script}" "$@"\n`);
  chmodSync(path, 0o755);
}
