/**
 * Which files a tsconfig.json (or jsconfig.json) covers, asked before typed linting so that files no configuration
 * covers go straight to untyped parsing. Handing such a file to typescript-eslint's project service is not free: the
 * service builds an inferred project for it (the default libraries and every visible `@types` package, seconds per
 * file), and outside a CI or `eslint` binary run it first reloads every loaded project.
 *
 * The search follows TypeScript's project service: from the file's folder upward, within `rootDir`, the first
 * tsconfig.json or jsconfig.json whose files (its `files`/`include`/`exclude`, or those of the projects it
 * references) contain the file; a configuration that does not contain it sends the search on to the folders above.
 * The service also counts files a project pulls in only through imports; those are linted untyped here, as without
 * `--types`. A configuration with errors (broken JSON, an `extends` that is not installed) counts with what TypeScript
 * recovers from it, as in the service; one that cannot be read at all covers nothing.
 */
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type * as TS from 'typescript';
import { loadTypeScript, type Ts } from '../../util/typescript.js';

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];

export class TsconfigCoverage {
  /** Config file → the normalised paths of its files (with those of the projects it references). */
  private readonly projects = new Map<string, Set<string>>();
  /** Folder → the config files to try from there upward, nearest first. */
  private readonly chains = new Map<string, string[]>();
  private readonly canonical: (path: string) => string;
  private readonly ts: Ts = loadTypeScript();

  constructor(private readonly rootDir: string) {
    this.canonical = this.ts.sys.useCaseSensitiveFileNames
      ? (path) => resolve(path)
      : (path) => resolve(path).toLowerCase();
  }

  covers(file: string): boolean {
    const path = this.canonical(file);
    return this.configsAbove(dirname(resolve(file))).some((config) => this.filesOf(config).has(path));
  }

  /** The configuration files in `dir` and the folders above it, up to rootDir (or node_modules), nearest first. */
  private configsAbove(dir: string): string[] {
    const cached = this.chains.get(dir);
    if (cached) return cached;
    const here = CONFIG_NAMES.map((name) => join(dir, name)).filter((file) => this.ts.sys.fileExists(file));
    const parent = dirname(dir);
    const stop = parent === dir || !this.isWithinRoot(parent) || /[\\/]node_modules$/.test(dir);
    const chain = stop ? here : [...here, ...this.configsAbove(parent)];
    this.chains.set(dir, chain);
    return chain;
  }

  private isWithinRoot(dir: string): boolean {
    const rel = relative(this.canonical(this.rootDir), this.canonical(dir));
    return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
  }

  private filesOf(config: string, seen = new Set<string>()): Set<string> {
    const cached = this.projects.get(config);
    if (cached) return cached;
    const files = new Set<string>();
    if (seen.has(config)) return files; // a reference cycle
    seen.add(config);
    const parsed = readConfig(this.ts, config);
    for (const name of parsed?.fileNames ?? []) files.add(this.canonical(name));
    for (const reference of parsed?.projectReferences ?? []) {
      const referenced = this.ts.resolveProjectReferencePath(reference);
      if (this.ts.sys.fileExists(referenced)) for (const name of this.filesOf(referenced, seen)) files.add(name);
    }
    this.projects.set(config, files);
    return files;
  }
}

function readConfig(ts: Ts, config: string): TS.ParsedCommandLine | undefined {
  try {
    return ts.getParsedCommandLineOfConfigFile(config, undefined, {
      ...ts.sys,
      // A broken configuration (invalid JSON, an `extends` that is not installed) covers nothing.
      onUnRecoverableConfigFileDiagnostic: () => {},
    });
  } catch {
    return undefined;
  }
}
