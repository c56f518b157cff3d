/**
 * Helpers for CLI tests: throwaway folders under the OS temp dir, the built bin run as users run it
 * (`node dist/cli/otel-codemod.js`, the bundled bin; not a TTY, no colours), and real git repositories isolated from the machine's config.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(REPO_ROOT, 'dist/cli/otel-codemod.js');
const CLI_FIXTURES = join(REPO_ROOT, 'fixtures/cli');
/** The test registry for runner tests (plain JavaScript, so worker threads can import it). */
export const TEST_REGISTRY_URL = new URL('./fixtures/registry.mjs', import.meta.url);

export interface TempDir {
  dir: string;
  path(...parts: string[]): string;
  write(relativePath: string, text: string | Buffer): string;
  read(relativePath: string): string;
  remove(): void;
}

export function tempDir(label: string): TempDir {
  const dir = mkdtempSync(join(tmpdir(), `otel-codemod-cli-${label}-`));
  const path = (...parts: string[]) => join(dir, ...parts);
  return {
    dir,
    path,
    write(relativePath, text) {
      const file = path(relativePath);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      return file;
    },
    read: (relativePath) => readFileSync(path(relativePath), 'utf8'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A copy of fixtures/cli/<name> in a fresh temp folder. */
export function copyFixture(name: string): TempDir {
  const temp = tempDir(name);
  cpSync(join(CLI_FIXTURES, name), temp.dir, { recursive: true });
  return temp;
}

export interface BinResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built bin; never throws on a non-zero exit. */
export function runBin(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<BinResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
  });
}

/** git with the machine's configuration shut out, so tests behave the same everywhere. */
export function git(cwd: string, ...args: string[]): string {
  const result = spawnSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args],
    {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', HOME: cwd },
    },
  );
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** Turns a folder into a repository with everything committed. */
export function commitAll(dir: string): void {
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
}

/** Asserts the exit status, showing stderr when it differs. */
export function expectStatus(result: BinResult, status: number): BinResult {
  expect(result.status, `stderr: ${result.stderr}`).toBe(status);
  return result;
}
