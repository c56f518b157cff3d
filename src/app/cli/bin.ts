#!/usr/bin/env node
// The otel-codemod executable: the only place that touches the process (exit code, broken pipes).
import nodeModule from 'node:module';

// Node 22.1+ keeps the code V8 compiled for this CLI and its dependencies (TypeScript, ESLint) on disk between runs,
// as eslint's and tsc's own executables ask it to: a one-file `lint` on Node 22.23 took 0.44 s instead of 0.61 s
// (medians of 5). Called before the rest is loaded (the dynamic import below); NODE_DISABLE_COMPILE_CACHE=1 turns it off.
// Node 20 has no such cache, and @types/node 20 does not declare the function.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const { runCli } = await import('./main.js');

// `otel-codemod … | head` closes stdout early; that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
});
