/**
 * What the rules work out about one file, kept once per file and shared by every rule: one WeakMap entry per
 * SourceCode (a new SourceCode per lint of a file, so nothing outlives it). Rules are created for every file, most
 * of which have nothing to do with OpenTelemetry: their prefilters read these facts, each computed at most once.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import type { TracerModuleKind } from './project-tracers.js';
import type { SpanModel } from './span-model/model.js';
import type { FileEvidence } from './tracer-evidence.js';

export class FileFacts {
  private readonly words = new Map<string, boolean>();
  /** The file's OpenTelemetry evidence (src/otel/tracer-evidence.ts), made on first use. */
  evidence: FileEvidence | undefined;
  /** The span model per tracer-settings key (src/otel/span-model/model.ts); null when the file starts no span. */
  readonly spanModels = new Map<string, SpanModel | null>();
  /** What the project modules this file imports tracers from hand out (src/otel/project-tracers.ts), by specifier. */
  readonly tracerModuleKinds = new Map<string, TracerModuleKind>();

  constructor(readonly sourceCode: Readonly<TSESLint.SourceCode>) {}

  /** Whether the file's text contains `word` (each word scanned for once per file). */
  mentions(word: string): boolean {
    let found = this.words.get(word);
    if (found === undefined) {
      found = this.sourceCode.text.includes(word);
      this.words.set(word, found);
    }
    return found;
  }
}

const facts = new WeakMap<Readonly<TSESLint.SourceCode>, FileFacts>();
/** The file being linted: every rule asks for its facts in turn, and most often nothing else comes between. */
let last: FileFacts | undefined;

export function fileFacts(sourceCode: Readonly<TSESLint.SourceCode>): FileFacts {
  if (last?.sourceCode === sourceCode) return last;
  let found = facts.get(sourceCode);
  if (!found) {
    found = new FileFacts(sourceCode);
    facts.set(sourceCode, found);
  }
  last = found;
  return found;
}
