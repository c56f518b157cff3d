/** The built `otel-codemod` bin, as users run it: `node dist/cli/otel-codemod.js ...` (the bundle scripts/bundle-cli.mjs makes) in a child process. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const CLI_BIN = join(REPO_ROOT, 'dist/cli/otel-codemod.js');
export const REPO_NODE_MODULES = join(REPO_ROOT, 'node_modules');

/** test/global-setup.ts builds dist/ before the run when it is older than the sources; this names the problem if not. */
export function assertBuilt(): void {
  if (!existsSync(CLI_BIN)) throw new Error(`${CLI_BIN} is missing: run \`npx tsc -p .\` first`);
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built bin with `args` in `cwd`; never throws on a non-zero exit (callers assert the status). */
export function runCli(args: readonly string[], options: { cwd: string; timeoutMs?: number }): Promise<CliResult> {
  return runNode([CLI_BIN, ...args], options);
}

function runNode(
  args: readonly string[],
  { cwd, timeoutMs = 60_000, env }: { cwd: string; timeoutMs?: number; env?: NodeJS.ProcessEnv },
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    // No TTY, no colours: output is compared as plain text.
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node ${args.join(' ')} timed out after ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolvePromise({ status, stdout, stderr });
    });
  });
}
