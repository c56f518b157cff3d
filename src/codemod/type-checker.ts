/**
 * The TypeScript checker, for transforms that need a type (wrap-spans: whether a sync function returns a promise when
 * its syntax does not say). One service per thread, created on the first question and reused for every file after:
 * each file gets a program of its own (the file and what it imports, under the options of the nearest tsconfig.json),
 * and every program shares the caches: parsed files, module resolutions, read configurations. Parsed files are kept
 * up to a budget of source text (the least recently used go first), so memory stays flat however many files and
 * packages a run covers; a file's program, checker and types are dropped when the transform is done with it.
 *
 * Worker threads: the runner lets one of its workers answer type questions. In the others `typesFor` throws an error
 * `isTypesElsewhere` recognises, and the runner sends the file to that worker, so a run loads TypeScript and parses a
 * project's files once, not once per worker. The main thread (and plain jscodeshift) always answers.
 */
import { getHeapStatistics } from 'node:v8';
import { dirname, resolve } from 'node:path';
import type * as TS from 'typescript';
import { loadTypeScript, type Ts } from '../util/typescript.js';

/**
 * Parsed files are kept while their text adds up to a budget: at most half the thread's heap (a parsed and bound file
 * takes ~20 times its text), at most 8 million characters. A project's lib files alone can take most of it
 * (lib.dom.d.ts is 2.3 million characters), and a budget they do not fit in parses them again for every file: on dub
 * (a Next.js app, 3,651 TypeScript candidates) `wrap-spans --exported` took 190 s with a budget of 2.6 million
 * characters and 45–57 s with the lib files kept.
 */
const parsedTextBudget = Math.min(8_000_000, Math.floor(getHeapStatistics().heap_size_limit / 2 / 20));
/** A thread whose heap is capped (the runner's type worker), where the budget below applies; elsewhere the one above. */
const heapCapped = getHeapStatistics().heap_size_limit < 512 * 1024 * 1024;

/**
 * Within that, in a capped heap, what a configuration's lib files leave for the project's own files: kept larger, a
 * project whose programs and types are large (drizzle-orm: one file's program holds most of the library, with heavy
 * generics) spent its time collecting garbage near the heap's cap (14 s with 2.6 million characters in all, 24–28 s
 * with 4.8), then ran out of it.
 */
const PROJECT_TEXT_BUDGET = 2_000_000;

/**
 * A program's source files (not declaration files) are loaded up to this much text (~20 bytes of heap per character
 * parsed and bound, more once checked); the imports beyond it are left unloaded, so their types are unresolved. A file's
 * imports can take in most of a large app: trigger.dev's Remix components each load most of its 2,000-file webapp,
 * which ran the checker's capped worker out of memory, and an uncapped one peaked at 700-960 MB.
 */
const PROGRAM_TEXT_BUDGET = 1_500_000;

export interface FileTypes {
  readonly ts: Ts;
  readonly checker: TS.TypeChecker;
  /** The file as given (its text, not what is on disk). */
  readonly sourceFile: TS.SourceFile;
  /** Whether some of the file's imports were left unloaded (PROGRAM_TEXT_BUDGET): their types are unresolved. */
  readonly truncated: boolean;
}

const TYPES_HERE = Symbol.for('otel-codemod.typesHere');

/** Whether this thread answers type questions (the runner's workers: only one does). */
export function answerTypesHere(here: boolean): void {
  (globalThis as Record<symbol, unknown>)[TYPES_HERE] = here;
}

const typesHere = (): boolean => (globalThis as Record<symbol, unknown>)[TYPES_HERE] !== false;

/**
 * Why `typesFor` gives no checker: `elsewhere`, in a thread that does not answer type questions (the file is to be run
 * where they are); `too-large`, for a file whose programs did not fit in the worker's capped heap
 * (src/app/runner/worker-pool.ts).
 */
type NoTypesReason = 'elsewhere' | 'too-large';

const NO_TYPES_MESSAGES: Record<NoTypesReason, string> = {
  elsewhere: 'type questions are answered in another thread',
  'too-large': "the file's types do not fit in the memory a run allows",
};

class NoTypes extends Error {
  constructor(readonly noTypes: NoTypesReason) {
    super(NO_TYPES_MESSAGES[noTypes]);
  }
}

const noTypesReason = (error: unknown): unknown => (typeof error === 'object' && error !== null ? (error as { noTypes?: unknown }).noTypes : undefined);

export const isTypesElsewhere = (error: unknown): boolean => noTypesReason(error) === 'elsewhere';

export const isTypesTooLarge = (error: unknown): boolean => noTypesReason(error) === 'too-large';

let typesOff = false;

/** Whether the file about to run does without the checker (the runner's worker ran out of memory on its programs). */
export function withoutTypes(off: boolean): void {
  typesOff = off;
}

let service: TypeService | undefined;

/** A checker over `text` as the content of `filePath` (and the files it imports, from disk). */
export function typesFor(filePath: string, text: string): FileTypes {
  if (typesOff) throw new NoTypes('too-large');
  if (!typesHere()) throw new NoTypes('elsewhere');
  // Loaded on first use: most runs never need the checker, and loading TypeScript costs a noticeable part of a second.
  service ??= new TypeService(loadTypeScript());
  // TypeScript's own spelling of the path: forward slashes on every platform.
  return service.typesFor(resolve(filePath).replace(/\\/g, '/'), text);
}

interface Configuration {
  options: TS.CompilerOptions;
  host: TS.CompilerHost;
  /** The length of the lib files its programs load (lib.es2022.d.ts, lib.dom.d.ts…), known after its first program. */
  libText?: number;
  /** Files parsed under these options can be shared with other configurations that have the same key. */
  parseKey: string;
}

class TypeService {
  private readonly configurations = new Map<string, Configuration>();
  private readonly configFileOfFolder = new Map<string, string>();
  private readonly parsed = new ParsedFiles();
  private readonly registry: TS.DocumentRegistry;
  /** The file being asked about, with the text the transform was given, and how much its program loaded. */
  private root: { fileName: string; text: string; loaded: number; truncated: boolean } | undefined;

  constructor(private readonly ts: Ts) {
    this.registry = ts.createDocumentRegistry();
  }

  typesFor(fileName: string, text: string): FileTypes {
    const { ts } = this;
    const configuration = this.configurationFor(this.configFileFor(dirname(fileName)));
    const root = { fileName, text, loaded: 0, truncated: false };
    this.root = root;
    try {
      const program = ts.createProgram({ rootNames: [fileName], options: configuration.options, host: configuration.host });
      configuration.libText ??= program
        .getSourceFiles()
        .reduce((sum, file) => sum + (program.isSourceFileDefaultLibrary(file) ? file.text.length : 0), 0);
      if (heapCapped) this.parsed.budget = Math.min(parsedTextBudget, configuration.libText + PROJECT_TEXT_BUDGET);
      const checker = program.getTypeChecker();
      const sourceFile = program.getSourceFile(fileName);
      if (!sourceFile) throw new Error(`TypeScript did not load ${fileName}`);
      return { ts, checker, sourceFile, truncated: root.truncated };
    } finally {
      this.root = undefined;
    }
  }

  private configFileFor(folder: string): string {
    let found = this.configFileOfFolder.get(folder);
    if (found === undefined) {
      found = this.ts.findConfigFile(folder, (path) => this.ts.sys.fileExists(path)) ?? '';
      this.configFileOfFolder.set(folder, found);
    }
    return found;
  }

  private configurationFor(configFile: string): Configuration {
    let configuration = this.configurations.get(configFile);
    if (!configuration) {
      configuration = this.createConfiguration(configFile ? this.readOptions(configFile) : this.defaultOptions());
      this.configurations.set(configFile, configuration);
    }
    return configuration;
  }

  private defaultOptions(): TS.CompilerOptions {
    const { ts } = this;
    return {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      skipLibCheck: true,
    };
  }

  /** The compiler options of a tsconfig.json (`extends` followed); a file that is not JSON fails the file asked about. */
  private readOptions(configFile: string): TS.CompilerOptions {
    const { ts } = this;
    const text = ts.sys.readFile(configFile);
    if (text === undefined) throw new Error(`cannot read ${configFile}`);
    const json = ts.parseConfigFileTextToJson(configFile, text);
    if (json.error) throw new Error(ts.flattenDiagnosticMessageText(json.error.messageText, '\n'));
    return ts.parseJsonConfigFileContent(json.config, ts.sys, dirname(configFile), undefined, configFile).options;
  }

  private createConfiguration(options: TS.CompilerOptions): Configuration {
    const { ts } = this;
    const host = ts.createCompilerHost(options);
    // JSDoc gives types only in JavaScript files: skipping it elsewhere (the lib files are mostly JSDoc) parses faster.
    host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeInfo;
    // TypeScript's own key for options that change how a file is parsed and bound, without the folder of `paths`
    // (pathsBasePath) it adds, which does not: otherwise every package with `paths` would parse the lib files again.
    const parseKey = this.registry.getKeyForCompilationSettings({ ...options, pathsBasePath: undefined }) as string;
    const resolutions = ts.createModuleResolutionCache(host.getCurrentDirectory(), (name) => host.getCanonicalFileName(name), options);
    host.getSourceFile = (fileName, languageVersionOrOptions, onError) => this.sourceFile(host, parseKey, fileName, languageVersionOrOptions, onError);
    host.getModuleResolutionCache = () => resolutions;
    host.resolveModuleNameLiterals = (literals, containingFile, redirectedReference, compilerOptions, containingSourceFile) =>
      literals.map((literal) =>
        ts.resolveModuleName(
          literal.text,
          containingFile,
          compilerOptions,
          host,
          resolutions,
          redirectedReference,
          ts.getModeForUsageLocation(containingSourceFile, literal, compilerOptions),
        ),
      );
    return { options, host, parseKey };
  }

  private sourceFile(
    host: TS.CompilerHost,
    parseKey: string,
    fileName: string,
    languageVersionOrOptions: TS.ScriptTarget | TS.CreateSourceFileOptions,
    onError: ((message: string) => void) | undefined,
  ): TS.SourceFile | undefined {
    const { ts } = this;
    const settings = typeof languageVersionOrOptions === 'object' ? languageVersionOrOptions : { languageVersion: languageVersionOrOptions };
    // A declaration file (the lib files above all) is parsed and bound the same under any options but these: its module
    // indicator, strictness and imports come from its text alone. Other files also follow the configuration's key.
    const options = `${String(settings.languageVersion)}|${String(settings.impliedNodeFormat)}|${String(settings.jsDocParsingMode)}`;
    const key = `${isDeclarationFileName(fileName) ? 'declaration' : parseKey}|${options}|${fileName}`;
    const root = this.root?.fileName === fileName ? this.root : undefined;
    const cached = this.parsed.get(key);
    if (cached && (!root || cached.text === root.text)) return this.withinBudget(fileName, cached);
    let text = root?.text;
    if (text === undefined) {
      try {
        text = host.readFile(fileName);
      } catch (error) {
        onError?.(error instanceof Error ? error.message : String(error));
      }
      if (text === undefined) return undefined;
    }
    if (!root && !this.fits(fileName, text.length)) return undefined;
    const sourceFile = ts.createSourceFile(fileName, text, languageVersionOrOptions);
    this.parsed.set(key, sourceFile);
    return sourceFile;
  }

  private withinBudget(fileName: string, file: TS.SourceFile): TS.SourceFile | undefined {
    return this.root?.fileName === fileName || this.fits(fileName, file.text.length) ? file : undefined;
  }

  /** Whether a file the program imports still fits in PROGRAM_TEXT_BUDGET, counting it if so. */
  private fits(fileName: string, length: number): boolean {
    const root = this.root;
    // Declaration files (lib files, @types, packages' types) are parsed once for the run and kept (ParsedFiles).
    if (!root || isDeclarationFileName(fileName)) return true;
    if (root.loaded + length > PROGRAM_TEXT_BUDGET) {
      root.truncated = true;
      return false;
    }
    root.loaded += length;
    return true;
  }
}

/** TypeScript's rule: `.d.ts`, `.d.mts`, `.d.cts`, or a `.ts` file whose name has `.d.` (`styles.d.css.ts`). */
function isDeclarationFileName(fileName: string): boolean {
  const name = fileName.slice(fileName.lastIndexOf('/') + 1);
  return /\.d\.(?:mts|cts)$/.test(name) || (name.endsWith('.ts') && name.includes('.d.'));
}

/** Parsed files by key, least recently used first, dropped beyond the text budget. */
class ParsedFiles {
  private readonly files = new Map<string, TS.SourceFile>();
  private textLength = 0;
  /** Set in a capped heap once each program is made (its configuration's lib files known): see PROJECT_TEXT_BUDGET. */
  budget = parsedTextBudget;

  get(key: string): TS.SourceFile | undefined {
    const file = this.files.get(key);
    if (file) {
      this.files.delete(key);
      this.files.set(key, file);
    }
    return file;
  }

  set(key: string, file: TS.SourceFile): void {
    const previous = this.files.get(key);
    if (previous) {
      this.textLength -= previous.text.length;
      this.files.delete(key);
    }
    this.files.set(key, file);
    this.textLength += file.text.length;
    for (const [oldest, dropped] of this.files) {
      if (this.textLength <= this.budget || oldest === key) break;
      this.files.delete(oldest);
      this.textLength -= dropped.text.length;
    }
  }
}
