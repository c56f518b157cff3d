/**
 * `pino-mixin`: every pino logger stamps `trace_id`, `span_id` and `trace_flags` from the active span on each line,
 * the keys @opentelemetry/instrumentation-pino writes, through pino's public `mixin` option: each `pino(…)` call's
 * options get `mixin: traceMixin()` (or `traceMixin(theirMixin)`), with one small helper per file. Files transformed
 * by earlier versions (a `withTraceMixin(pino(…))` wrapper setting `pino.symbols.mixinSym`) are moved over. See
 * docs/codemods/pino-mixin.md for the generated code, the reasons for its shape, and its limits.
 */
import type { Transform } from 'jscodeshift';
import { walk, type Node } from '../src/codemod/ast.js';
import { FileBindings } from '../src/codemod/bindings.js';
import { openFile, type CodemodFile } from '../src/codemod/codemod-file.js';
import { addHelperAtEnd } from '../src/codemod/generated-code.js';
import { isIgnoredIn } from '../src/codemod/ignore.js';
import { NO_MODULE_SYNTAX_NOTE, useApiNames } from '../src/codemod/otel-import.js';
import { skipWhenCovered } from '../src/codemod/project-check.js';
import type { CodemodMeta, PackageJson, PackageVerdict } from '../src/codemod/types.js';
import { LOG_TRACE_ID_KEY, PINO_INSTRUMENTATION_PACKAGES, TRACE_API } from '../src/otel/api.js';
import { CallPlanner, type CallPlan } from './pino-mixin/call-plan.js';
import { findExistingHelper, findSymbolHelper, HELPER_BASE_NAME, helperSource } from './pino-mixin/helper.js';
import { findPinoFile, PINO_MODULE, type PinoCall, type PinoFile } from './pino-mixin/pino-calls.js';

const NAME = 'pino-mixin';

export const meta: CodemodMeta = {
  name: NAME,
  description: 'Stamp trace_id, span_id and trace_flags from the active span on every pino log line.',
  options: [
    {
      flags: '--force-mixin',
      key: 'forceMixin',
      kind: 'boolean',
      default: false,
      description: 'Add the mixin even when the project already has the pino instrumentation (it writes the same fields)',
    },
  ],
  // A package that lists no @opentelemetry/api does not use OpenTelemetry: its files are left as they are.
  withoutApiDependency: 'skip',
  // A logger comes from an import or require of 'pino': the module name as a quoted string.
  mayContainTarget: (source) => source.includes(`'${PINO_MODULE}'`) || source.includes(`"${PINO_MODULE}"`),
  checkPackage(dependencies: PackageJson, options): PackageVerdict | undefined {
    return skipWhenCovered(dependencies, {
      packages: PINO_INSTRUMENTATION_PACKAGES,
      forced: Boolean(options.forceMixin),
      flag: '--force-mixin',
      already: 'already stamps trace_id, span_id and trace_flags on pino lines',
      anyway: 'adding the mixin anyway',
    });
  },
};

const transform: Transform = (info, api) => {
  if (!meta.mayContainTarget(info.source, {})) return undefined;
  const file = openFile(info, api);
  const names = new FileBindings(file.program, null, file.source);
  const pino = findPinoFile(file, names);
  if (pino.calls.length === 0) return undefined;

  const existing = findExistingHelper(file.program, file.source);
  const helper = existing ?? file.freshName(HELPER_BASE_NAME);
  const planner = new CallPlanner(file, names, helper);
  const symbolHelper = findSymbolHelper(file.program, file.source);
  let helperUses = 0;
  const apply = (call: PinoCall, plan: CallPlan): void => {
    if (plan.kind === 'edit') {
      plan.apply();
      helperUses++;
    } else if (plan.kind === 'hand-written') {
      file.report(call.node, `pino logger left unchanged: its mixin already writes ${LOG_TRACE_ID_KEY}`);
    } else if (plan.kind === 'skip') {
      file.report(call.node, `pino logger left unchanged: ${plan.reason}`);
    }
  };

  const wrapped: Wrapped[] = [];
  for (const call of pino.calls) {
    if (isIgnoredIn(call, NAME)) continue;
    const wrapper = symbolHelper ? wrapperOf(call, functionName(symbolHelper)) : null;
    if (wrapper) wrapped.push({ call, wrapper, plan: planner.plan(call.node) });
    else apply(call, planner.plan(call.node));
  }
  // Calls are wrapped only when the file has the old helper.
  const replaced = symbolHelper && wrapped.length > 0 ? migrate(file, pino, symbolHelper, wrapped, apply) : null;

  if (helperUses > 0 && !existing) {
    const refs = useApiNames(file, [TRACE_API, 'isSpanContextValid'] as const);
    // Loggers are found through an import or require of pino, so such a file has module syntax; null is for the type.
    if (!refs) {
      api.report(NO_MODULE_SYNTAX_NOTE);
      return undefined;
    }
    const code = helperSource(helper, refs, file.style);
    if (replaced) file.edits.replace(replaced.start, replaced.end, code);
    else addHelperAtEnd(file, code);
  } else if (replaced) {
    file.edits.remove(replaced.removeFrom, replaced.end);
  }
  return file.output();
};
export default transform;

interface Wrapped {
  call: PinoCall;
  /** `withTraceMixin(pino(…))`. */
  wrapper: Node;
  plan: CallPlan;
}

/** `withTraceMixin(<call>)`: the call is the old helper's only argument. */
function wrapperOf({ node, ancestors }: PinoCall, helperName: string): Node | null {
  const parent = ancestors.at(-1);
  if (parent?.type !== 'CallExpression') return null;
  const callee = parent.callee as Node;
  const args = parent.arguments as Node[];
  const isWrapper = callee.type === 'Identifier' && callee.name === helperName && args.length === 1 && args[0] === node;
  return isWrapper ? parent : null;
}

/** A function declaration's name. */
const functionName = (fn: Node): string => (fn.id as Node).name as string;

/**
 * Moves loggers off the `pino.symbols` helper of earlier versions: each `withTraceMixin(pino(…))` becomes `pino(…)`
 * with the mixin option, and the old helper goes (the new one takes its place) when nothing else uses it. All or
 * nothing: when one of its loggers cannot get the option, the file keeps the old helper, which still works.
 * Returns the old helper's range when it is to be replaced.
 */
function migrate(
  file: CodemodFile,
  pino: PinoFile,
  oldHelper: Node,
  wrapped: readonly Wrapped[],
  apply: (call: PinoCall, plan: CallPlan) => void,
): { start: number; end: number; removeFrom: number } | null {
  const oldName = functionName(oldHelper);
  const blocked = wrapped.filter((w) => w.plan.kind === 'skip');
  if (blocked.length > 0) {
    for (const w of blocked) {
      const reason = (w.plan as { reason: string }).reason;
      file.report(w.wrapper, `pino logger left on ${oldName} (the pino.symbols helper of earlier versions): ${reason}`);
    }
    return null;
  }
  for (const { call, wrapper, plan } of wrapped) {
    file.edits.remove(wrapper.start, call.node.start);
    file.edits.remove(call.node.end, wrapper.end);
    apply(call, plan);
  }
  const moved = wrapped.length === 1 ? 'one logger' : `${String(wrapped.length)} loggers`;
  file.report(oldHelper, `moved ${moved} from ${oldName} (pino.symbols) to pino's mixin option`);

  // The old helper goes only when the wrappers were all that used it.
  const statement = (file.program.body as Node[]).find((s) => s === oldHelper);
  if (!statement || references(file.program, oldName, oldHelper) !== wrapped.length) return null;
  const comments = ((statement.leadingComments as Node[] | undefined) ?? []).filter((c) => c.end <= statement.start);
  const start = comments.length > 0 ? comments[0].start : statement.start;
  let removeFrom = start;
  while (removeFrom > 0 && /\s/.test(file.source[removeFrom - 1])) removeFrom--;
  removeSymbolsImport(file, pino, statement);
  return { start, end: statement.end, removeFrom };
}

/** Identifiers named `name` outside `except` (the declaration itself). */
function references(program: Node, name: string, except: Node): number {
  let count = 0;
  walk(program, (node) => {
    if (node === except) return false;
    if (node.type === 'Identifier' && node.name === name) count++;
    return undefined;
  });
  return count;
}

/** `import { pino, symbols } from 'pino'` → `import { pino } from 'pino'`, when only the old helper read `symbols`. */
function removeSymbolsImport(file: CodemodFile, pino: PinoFile, oldHelper: Node): void {
  const imported = pino.symbolsImport;
  if (!imported) return;
  let used = 0;
  walk(file.program, (node) => {
    if (node === oldHelper || node === imported.declaration) return false;
    if (node.type === 'Identifier' && node.name === imported.local) used++;
    return undefined;
  });
  if (used > 0) return;
  const specifiers = imported.declaration.specifiers as Node[];
  const index = specifiers.indexOf(imported.specifier);
  if (specifiers.length === 1) return; // `import { symbols } from 'pino'` alone: left for the user's linter
  if (index > 0) file.edits.remove(specifiers[index - 1].end, imported.specifier.end);
  else file.edits.remove(imported.specifier.start, specifiers[1].start);
}
