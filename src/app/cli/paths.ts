import { isAbsolute, relative, sep } from 'node:path';
import type { LoadedConfig } from '../config/index.js';
import { collectFiles, type CollectedFiles } from '../runner/index.js';
import { TOOL_NAME, type CliIo } from './io.js';

/** Relative to the working directory when inside it, absolute otherwise. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  if (rel === '') return '.';
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/**
 * The files every command works on: the named paths walked with the configuration's and `--ignore`'s patterns
 * (`--no-ignore` gives `ignore: false`: none apply, nor .gitignore). A named path an ignore pattern leaves out is
 * said on stderr with the pattern and where it is written, as ESLint does; the exit code is not changed.
 */
export function collectNamedPaths(
  paths: readonly string[],
  ignore: string[] | false | undefined,
  config: LoadedConfig,
  io: CliIo,
  alsoNamed: readonly string[] = [],
): CollectedFiles {
  const collected = collectFiles(paths, {
    cwd: io.cwd,
    alsoNamed,
    noIgnore: ignore === false,
    ignore: [
      { base: config.baseDir, patterns: config.config.ignore, source: config.source ?? 'configuration' },
      { base: io.cwd, patterns: ignore || [], source: '--ignore' },
    ],
  });
  for (const { given, pattern, source } of collected.explicitlyIgnored) {
    const where = isAbsolute(source) ? displayPath(source, io.cwd) : source;
    io.stderr.write(`${TOOL_NAME}: ${given} is ignored by "${pattern}" (${where}); use --no-ignore to include it\n`);
  }
  return collected;
}
