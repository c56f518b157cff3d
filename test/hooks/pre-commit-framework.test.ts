/**
 * The hooks in .pre-commit-hooks.yaml installed and run by the real pre-commit framework, from a git repository, the
 * way a project that lists this repository in its .pre-commit-config.yaml gets them.
 *
 * What is installed: a snapshot of this work tree, not the last commit: every file `git ls-files --cached --others
 * --exclude-standard` names (tracked files plus new ones not ignored, as `git add -A` would commit them), copied into
 * a temporary git repository and committed there. So the test exercises the change being made, committed or not; in
 * CI's fresh clone the snapshot is just HEAD.
 *
 * pre-commit's node installer (pre_commit/languages/node.py) runs, in its clone of the hook repository, `npm install`
 * (which runs our `prepare`: tsc, then the CLI's bundle), then `npm pack`, whose stdout it takes as the tarball's file name, then
 * `npm install -g <tarball>` into an environment of its own. That is why `npm pack` must print nothing but the name
 * (.npmrc: foreground-scripts=false), and why the tarball must carry dist/.
 *
 * How it is run: `pre-commit install` in a temporary project and real `git commit`s, with a .pre-commit-config.yaml
 * naming the snapshot by path and commit. Not `pre-commit try-repo`: try-repo keeps its store in a temporary folder
 * of its own (commands/try_repo.py: Store(tempdir)), ignoring PRE_COMMIT_HOME, so every call would build the node
 * environment again (about 1.5 minutes each); with a config file the environment is built once, in a PRE_COMMIT_HOME
 * inside the test's temporary folder, and reused by every case. Both paths go through the same installer.
 *
 * Needs the `pre-commit` command (Debian: `apt-get install pre-commit`; .ci/run installs it) and the npm registry
 * (the installer runs `npm install`). Without pre-commit the framework cases are skipped, saying why; the `npm pack`
 * case runs everywhere. HOME, git's global and system config and PRE_COMMIT_HOME all point into the temporary folder;
 * npm keeps using the machine's download cache (only a cache) so the install does not download everything again.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_NODE_MODULES, REPO_ROOT } from '../e2e/helpers/cli.js';
import { ENDED_SPAN, TRACED_UNWRAPPED, UNENDED_SPAN } from './helpers/samples.js';

const preCommitVersion = (() => {
  const probe = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
})();

const PACKAGE = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const TARBALL = `${PACKAGE.name}-${PACKAGE.version}.tgz`;

/** Programs this file started that have not exited yet. */
const running = new Set<ChildProcess>();

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, as a user would see them. */
  output: string;
}

/**
 * Runs a program without blocking the test worker (installing the hook takes minutes); never throws on a non-zero
 * exit. No standard input: nothing may wait for a prompt.
 */
function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 120_000) {
  return new Promise<Result>((resolve, reject) => {
    // Its own process group, so a case that times out can take pre-commit and its npm children down with it.
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    running.add(child);
    let stdout = '';
    let stderr = '';
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      output += chunk;
    });
    const timer = setTimeout(() => killGroup(child), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      running.delete(child);
      reject(error);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ status, stdout, stderr, output });
    });
  });
}

function must(result: Result, what: string): Result {
  if (result.status !== 0) throw new Error(`${what} failed (${result.status}):\n${result.output}`);
  return result;
}

/**
 * A shell of the user's, not of the test runner: no git, npm-lifecycle, vitest or CI variables (under `npm test`, the
 * npm_* ones would configure the npm that pre-commit runs), HOME and git config inside `home`.
 */
function isolatedEnv(home: string): NodeJS.ProcessEnv {
  const npmCache = process.env.npm_config_cache ?? join(homedir(), '.npm');
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(GIT_|HUSKY|VITEST|npm_|PRE_COMMIT)/i.test(key) || key === 'CI' || key === 'NODE_ENV') continue;
    env[key] = value;
  }
  return Object.assign(env, {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    GIT_CONFIG_NOSYSTEM: '1',
    PRE_COMMIT_HOME: join(home, 'pre-commit'),
    npm_config_cache: npmCache,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    // pre-commit uses the machine's node and npm when both are on PATH (its `system` node version).
    PATH: [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter),
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  });
}

async function initRepo(dir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const git = (...args: string[]) => run('git', args, dir, env);
  must(await git('init', '-q', '-b', 'main'), 'git init');
  must(await git('config', 'user.name', 'Hook Test'), 'git config');
  must(await git('config', 'user.email', 'hooks@example.invalid'), 'git config');
  must(await git('config', 'commit.gpgsign', 'false'), 'git config');
}

/** Copies the work tree's files (see the header) into `dir`, commits them there, and returns the commit. */
async function snapshotWorkTree(dir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const listed = must(
    await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], REPO_ROOT, env),
    'git ls-files',
  );
  mkdirSync(dir, { recursive: true });
  // Never node_modules, even where it is a symlink (which `node_modules/` in .gitignore does not match).
  const files = listed.stdout.split('\0').filter((file) => file && !/^node_modules(\/|$)/.test(file));
  for (const file of new Set(files)) {
    const from = join(REPO_ROOT, file);
    if (!existsSync(from) && !isSymlink(from)) continue; // deleted in the work tree, not yet from the index
    const to = join(dir, file);
    mkdirSync(dirname(to), { recursive: true });
    if (isSymlink(from)) {
      symlinkSync(readlinkSync(from), to);
    } else {
      copyFileSync(from, to);
      chmodSync(to, lstatSync(from).mode & 0o777);
    }
  }
  await initRepo(dir, env);
  must(await run('git', ['add', '-A'], dir, env), 'git add');
  must(await run('git', ['commit', '-q', '--no-verify', '-m', 'work tree snapshot'], dir, env), 'git commit');
  return must(await run('git', ['rev-parse', 'HEAD'], dir, env), 'git rev-parse').stdout.trim();
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

// One temporary folder and one snapshot for the file; the framework cases share one PRE_COMMIT_HOME in it.
let root: string;
let env: NodeJS.ProcessEnv;
let hookRepo: string;
let hookRev: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'otel-hooks-pre-commit-framework-'));
  mkdirSync(join(root, 'home'));
  env = isolatedEnv(join(root, 'home'));
  hookRepo = join(root, 'otel-codemod');
  hookRev = await snapshotWorkTree(hookRepo, env);
}, 120_000);

afterAll(() => {
  // A case that timed out may have left a commit (and pre-commit's npm install under it) running in the folder.
  for (const child of running) killGroup(child);
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('npm pack in a clone of this repository', () => {
  it(
    'prints only the tarball name on stdout (what pre-commit installs), with the built CLI inside',
    async () => {
      // A copy of the snapshot, with this repo's node_modules linked in as `npm install` would have left them:
      // packing runs `prepare` (tsc and the bundle into the copy's dist/), which the snapshot itself must not get.
      const copy = join(root, 'pack');
      must(await run('git', ['clone', '-q', hookRepo, copy], root, env), 'git clone');
      symlinkSync(REPO_NODE_MODULES, join(copy, 'node_modules'), 'dir');
      const pack = await run('npm', ['pack'], copy, env, 240_000);
      expect(pack.status, pack.output).toBe(0);
      // Before .npmrc's foreground-scripts=false, stdout was
      // "\n> otel-codemod@0.1.0 prepare\n> tsc -p tsconfig.json\n\notel-codemod-0.1.0.tgz\n".
      expect(pack.stdout).toBe(`${TARBALL}\n`);
      const listing = must(await run('tar', ['-tzf', join(copy, TARBALL)], copy, env), 'tar -t').stdout.split('\n');
      expect(listing).toContain('package/dist/cli/otel-codemod.js');
      expect(listing).toContain('package/dist/src/app/plugin.js');
      expect(listing).toContain('package/package.json');
      expect(listing.filter((entry) => entry.startsWith('package/test/') || entry.startsWith('package/src/'))).toEqual(
        [],
      );
    },
    300_000,
  );
});

describe.skipIf(!preCommitVersion)(
  preCommitVersion
    ? `${preCommitVersion}, hooks installed from a git repository`
    : 'skipped: pre-commit not installed (apt-get install pre-commit)',
  // Each commit runs the hooks, each hook the CLI: allow for a loaded CI machine.
  { timeout: 120_000 },
  () => {
    let project: string;
    const git = (...args: string[]) => run('git', args, project, env, 300_000);
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(project, path)), { recursive: true });
      writeFileSync(join(project, path), text);
    };
    const log = async () => (await git('log', '--format=%s')).stdout.trim().split('\n').filter(Boolean);
    let install: Result;
    /** Without the environment every commit would try to build it again, for minutes, and fail the same way. */
    const requireInstalled = () => {
      if (install?.status !== 0) throw new Error('pre-commit did not install the hooks: see the first case');
    };

    beforeAll(async () => {
      project = join(root, 'project');
      mkdirSync(project);
      await initRepo(project, env);
      write('.gitignore', 'node_modules\n');
      // wrap-spans names the tracer after the package.
      write('package.json', `${JSON.stringify({ name: 'hook-demo', private: true }, null, 2)}\n`);
      write(
        '.pre-commit-config.yaml',
        [
          'repos:',
          `  - repo: ${hookRepo}`,
          `    rev: ${hookRev}`,
          '    hooks:',
          '      - id: otel-codemod-check',
          '      - id: otel-codemod-wrap-spans',
          '',
        ].join('\n'),
      );
      must(await git('add', '-A'), 'git add');
      must(await git('commit', '-q', '-m', 'initial'), 'git commit');
      must(await run('pre-commit', ['install'], project, env), 'pre-commit install');
      // Clones the snapshot into PRE_COMMIT_HOME and builds the node environment: npm install, npm pack,
      // npm install -g of the tarball. Minutes, most of it npm.
      install = await run('pre-commit', ['install-hooks'], project, env, 540_000);
    }, 600_000);

    it('installs the node environment from the git repository', () => {
      expect(install.status, install.output).toBe(0);
      // The failure this guards against: npm's "> otel-codemod@… prepare" banner read as part of the tarball's name.
      expect(install.output).not.toContain('seems to be corrupted');
      const store = env.PRE_COMMIT_HOME!;
      const bins = readdirSync(store)
        .filter((name) => name.startsWith('repo'))
        .flatMap((repo) =>
          readdirSync(join(store, repo))
            .filter((name) => name.startsWith('node_env-'))
            .map((envDir) => join(store, repo, envDir, 'bin', 'otel-codemod')),
        );
      expect(bins.filter((bin) => existsSync(bin))).toHaveLength(1);
    });

    it('refuses a commit with an unended span and prints the finding', async () => {
      requireInstalled();
      write('src/charge.js', UNENDED_SPAN);
      write('notes.txt', 'not JavaScript\n');
      must(await git('add', '-A'), 'git add');
      const commit = await git('commit', '-m', 'add charging');
      expect(commit.status, commit.output).not.toBe(0);
      expect(commit.output).toMatch(/otel-codemod check\.+Failed/);
      expect(commit.output).toContain('otel/end-span-in-finally');
      expect(commit.output).toContain('charge.js');
      expect(await log()).toEqual(['initial']);
      // Nothing was lost: the file is still staged.
      expect((await git('diff', '--cached', '--name-only')).stdout).toContain('src/charge.js');
      must(await git('reset', '-q', '--hard'), 'git reset');
    });

    it('checks .mts and .cts files, which Debian 12 identify does not tag as TypeScript', async () => {
      requireInstalled();
      write('src/charge.mts', UNENDED_SPAN);
      write('src/refund.cts', UNENDED_SPAN.replace('chargeCard', 'refundCard'));
      must(await git('add', '-A'), 'git add');
      const commit = await git('commit', '-m', 'add charging, as modules');
      expect(commit.status, commit.output).not.toBe(0);
      expect(commit.output).toContain('otel/end-span-in-finally');
      expect(commit.output).toContain('charge.mts');
      expect(commit.output).toContain('refund.cts');
      expect(await log()).toEqual(['initial']);
      must(await git('reset', '-q', '--hard'), 'git reset');
    });

    it('lets a clean commit through', async () => {
      requireInstalled();
      write('src/charge.js', ENDED_SPAN);
      must(await git('add', '-A'), 'git add');
      const commit = await git('commit', '-m', 'add charging, ended in finally');
      expect(commit.status, commit.output).toBe(0);
      expect(commit.output).toMatch(/otel-codemod check\.+Passed/);
      expect(commit.output).toMatch(/otel-codemod wrap-spans\.+Passed/);
      expect(await log()).toEqual(['add charging, ended in finally', 'initial']);
    });

    it('wrap-spans rewrites a newly tagged function and stops the commit for review', async () => {
      requireInstalled();
      write('src/orders.mjs', TRACED_UNWRAPPED);
      must(await git('add', '-A'), 'git add');
      // Only the rewriting hook: check would also fail here, reporting the pending wrap-spans change.
      const first = await run('git', ['commit', '-m', 'load orders'], project, { ...env, SKIP: 'otel-codemod-check' });
      expect(first.status, first.output).not.toBe(0);
      expect(first.output).toMatch(/otel-codemod wrap-spans\.+Failed/);
      expect(first.output).toContain('files were modified by this hook');
      const rewritten = readFileSync(join(project, 'src/orders.mjs'), 'utf8');
      expect(rewritten).toContain('startActiveSpan');
      expect(rewritten).toContain('span.end()');
      expect((await git('diff', '--name-only')).stdout.trim()).toBe('src/orders.mjs');
      expect(await log()).toEqual(['add charging, ended in finally', 'initial']);
      // The user reviews, stages the rewrite and commits again: both hooks pass.
      must(await git('add', '-A'), 'git add');
      const second = await git('commit', '-m', 'load orders');
      expect(second.status, second.output).toBe(0);
      expect(readFileSync(join(project, 'src/orders.mjs'), 'utf8')).toBe(rewritten);
      expect((await log())[0]).toBe('load orders');
    });
  },
);
