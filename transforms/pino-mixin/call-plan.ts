/**
 * How one `pino(…)` call gets the trace mixin through pino's public `mixin` option, decided from what the call's
 * arguments show:
 *
 *   pino()                          → pino({ mixin: traceMixin() })
 *   pino({ level })                 → pino({ level, mixin: traceMixin() })
 *   pino({ mixin: own })            → pino({ mixin: traceMixin(own) })           (a mixin method becomes a function)
 *   pino({ ...base, level })        → pino({ ...base, level, mixin: traceMixin(base.mixin) })   when base may have one
 *   pino(options, destination)      → pino({ ...options, mixin: traceMixin(options.mixin) }, destination)
 *   pino(destination)               → pino({ mixin: traceMixin() }, destination)
 *
 * An options object in a variable is spread into a new literal (what pino itself copies: own enumerable properties)
 * only when that is safe: a local `const` object literal the codemod can read and nothing changes later, or in
 * JavaScript the first of two arguments (always options). In TypeScript, options of a type the codemod cannot see
 * may have no `mixin` property to read, so such calls are left alone and reported. So is a first argument that may be
 * options or a destination, and options built by a call.
 */
import { isIdentifier, propertyKeyName, skipTypeWrappers, staticPropertyName, walk, type Node } from '../../src/codemod/ast.js';
import type { FileBindings } from '../../src/codemod/bindings.js';
import type { CodemodFile } from '../../src/codemod/codemod-file.js';
import { appendToList } from '../../src/codemod/generated-code.js';
import { walkNear } from '../../src/codemod/node-paths.js';
import { LOG_TRACE_ID_KEY } from '../../src/otel/api.js';

export type CallPlan =
  /** The logger's mixin is the helper already. */
  | { kind: 'done' }
  /** The logger's mixin writes `trace_id` itself: someone stamps the trace fields by hand. */
  | { kind: 'hand-written' }
  | { kind: 'skip'; reason: string }
  /** Adds the call's edits to the file. */
  | { kind: 'edit'; apply(): void };

const skip = (reason: string): CallPlan => ({ kind: 'skip', reason });

/** Methods whose result is a pino destination: `pino.destination()`, `pino.transport()`, `fs.createWriteStream()`… */
const DESTINATION_METHODS = new Set(['destination', 'transport', 'multistream', 'createWriteStream']);
const DESTINATION_CLASS = /(Stream|^Writable|^PassThrough|^Duplex|^Transform|SonicBoom)$/;
const DESTINATION_TYPE = /\b(DestinationStream|Writable|WriteStream|WritableStream|Duplex|PassThrough|Transform|SonicBoom|ThreadStream)\b/;
const OPTIONS_TYPE = /\bLoggerOptions\b/;

export class CallPlanner {
  constructor(
    private readonly file: CodemodFile,
    private readonly names: FileBindings,
    /** The helper's name in this file. */
    private readonly helper: string,
  ) {}

  plan(call: Node): CallPlan {
    // Every name the plan reads is read where the call is.
    const scope: Scope = { names: this.names, at: call.start };
    const args = call.arguments as Node[];
    const { helper } = this;
    if (args.length > 2 || args.some((a) => a.type === 'SpreadElement')) return skip('its arguments are spread, or more than pino takes');
    if (args.length === 0) return this.insert(call.end - 1, `{ mixin: ${helper}() }`);
    const first = args[0];
    const expression = skipTypeWrappers(first);
    if (expression.type === 'ObjectExpression') return this.planLiteral(scope, expression);
    if (isIdentifier(expression, 'undefined') && !isDeclared(scope, 'undefined')) {
      return this.replace(first, `{ mixin: ${helper}() }`);
    }
    const kind = this.kindOf(scope, first, args.length);
    if (kind.kind === 'destination') {
      if (args.length > 1) return skip('its first argument looks like a destination, but a second one follows');
      return this.insert(outerStart(first), `{ mixin: ${helper}() }, `);
    }
    if (kind.kind === 'unknown') return skip(kind.reason);
    return this.planVariable(scope, first, kind);
  }

  /** Options written in the call. */
  private planLiteral(scope: Scope, literal: Node): CallPlan {
    const sources = this.mixinSources(scope, literal);
    if ('reason' in sources) return skip(sources.reason);
    const properties = literal.properties as Node[];
    const append = (value: string): CallPlan =>
      this.edit(() => {
        appendToList(this.file, { open: literal.start, close: literal.end - 1, last: properties[properties.length - 1] ?? null }, [`mixin: ${value}`]);
      });
    if (sources.length === 0) return append(`${this.helper}()`);
    const last = sources[sources.length - 1];
    if (last.kind === 'own') return this.planOwn(scope, last.property);
    if (sources.some((s) => s.kind === 'own')) return skip('a spread after its mixin may replace it');
    const settled = this.settled(scope, last);
    if (settled) return settled;
    if (this.file.typescript && sources.some((s) => s.kind === 'spread' && !s.definite)) {
      return skip('its options spread an object whose type may not have a `mixin` property');
    }
    // The latest spread first; a spread that surely has a mixin drops those before it (see mixinSources).
    const chain = [...sources].reverse().map((s) => (s as Spread).expression);
    return append(`${this.helper}(${chain.join(' ?? ')})`);
  }

  /** Options in a variable (or any re-readable expression), spread into a new literal with the mixin. */
  private planVariable(scope: Scope, first: Node, kind: { literal: Node | null; typed: boolean }): CallPlan {
    const text = this.text(first);
    // `options as LoggerOptions`: parenthesized before a member access, which would otherwise bind to the type.
    const object = skipTypeWrappers(first) === first ? text : `(${text})`;
    const replace = (mixinOf: string | null): CallPlan => this.replace(first, `{ ...${text}, mixin: ${this.helper}(${mixinOf ?? ''}) }`);
    if (!kind.literal) {
      if (this.file.typescript && !kind.typed) return skip(`its options \`${text}\` have a type that may not have a \`mixin\` property`);
      return replace(`${object}?.mixin`);
    }
    // kind.literal is only found for a name (`opts`, `opts as LoggerOptions`): the name is what is written to.
    if (isChanged(this.file, skipTypeWrappers(first).name as string)) return skip(`its options \`${text}\` are changed after they are created`);
    if ((kind.literal.properties as Node[]).some((p) => propertyKeyName(p) === '__proto__')) return skip(`its options \`${text}\` set a prototype`);
    const sources = this.mixinSources(scope, kind.literal);
    if ('reason' in sources) return skip(sources.reason);
    if (sources.length === 0) return replace(null);
    const settled = this.settled(scope, sources[sources.length - 1]);
    if (settled) return settled;
    if (this.file.typescript && sources[sources.length - 1].kind === 'spread' && !(sources[sources.length - 1] as Spread).definite) {
      return skip(`its options \`${text}\` spread an object whose type may not have a \`mixin\` property`);
    }
    return replace(`${object}.mixin`);
  }

  /** The mixin written in the options themselves: its value goes through the helper. */
  private planOwn(scope: Scope, property: Node): CallPlan {
    const settled = this.settled(scope, { kind: 'own', property });
    if (settled) return settled;
    const edits = this.file.edits;
    if (property.type === 'ObjectMethod') {
      if (property.kind !== 'method' || property.async || property.generator || property.computed) return skip('its mixin is not a plain method');
      if (usesThis(property)) return skip('its mixin method uses `this` or `super`');
      // `mixin(a, b) { … }` → `mixin: traceMixin(function (a, b) { … })`: pino calls its mixin without a receiver either way.
      return this.edit(() => {
        edits.insert((property.key as Node).end, `: ${this.helper}(function `);
        edits.insert(property.end, ')');
      });
    }
    if (property.shorthand) return this.replace(property, `mixin: ${this.helper}(mixin)`);
    const value = property.value as Node;
    return this.edit(() => {
      edits.insert(value.start, `${this.helper}(`);
      edits.insert(value.end, ')');
    });
  }

  /** Done or hand-written, for the mixin that wins; null when it still needs the helper. */
  private settled(scope: Scope, source: Source): CallPlan | null {
    const { property } = source;
    if (!property) return null;
    const value = (property.type === 'ObjectMethod' ? property : property.value) as Node;
    if (value.type === 'CallExpression' && isIdentifier(value.callee, this.helper)) return { kind: 'done' };
    let text = this.text(value);
    if (value.type === 'Identifier') {
      // `mixin: traceFields`: read the function (or variable) it names, when the file declares it.
      const declared = declarationOf(scope, value.name as string);
      if (declared) text = this.text(declared.node);
    }
    return text.includes(LOG_TRACE_ID_KEY) ? { kind: 'hand-written' } : null;
  }

  /**
   * Where the mixin of an options literal may come from, in order (a later one wins): its own `mixin` property, and
   * spreads of objects that have or may have one. A reason instead when a spread cannot be read again.
   */
  private mixinSources(scope: Scope, literal: Node, depth = 0): Source[] | { reason: string } {
    let sources: Source[] = [];
    for (const property of literal.properties as Node[]) {
      if (property.type !== 'SpreadElement') {
        if (propertyKeyName(property) === 'mixin') sources = [{ kind: 'own', property }];
        continue;
      }
      const argument = skipTypeWrappers(property.argument as Node);
      const text = this.text(property.argument as Node);
      const visible = argument.type === 'Identifier' && depth < 5 ? visibleLiteral(scope, argument.name as string) : null;
      if (visible) {
        const inner = this.mixinSources(scope, visible, depth + 1);
        if ('reason' in inner) return inner;
        if (inner.length === 0) continue;
        const last = inner[inner.length - 1];
        const definite = last.kind === 'own';
        const spread: Spread = { kind: 'spread', expression: `${text}.mixin`, definite, property: last.property };
        sources = definite ? [spread] : [...sources, spread];
      } else if (isRereadable(argument)) {
        sources.push({ kind: 'spread', expression: `${text}?.mixin`, definite: false, property: null });
      } else {
        return { reason: `its options spread \`${short(text)}\`, which the codemod cannot read again` };
      }
    }
    return sources;
  }

  /** What a first argument that is not an object literal holds. */
  private kindOf(scope: Scope, first: Node, count: number): { kind: 'destination' } | { kind: 'unknown'; reason: string } | { kind: 'options'; literal: Node | null; typed: boolean } {
    const expression = skipTypeWrappers(first);
    const castType = first !== expression ? this.text(first.typeAnnotation as Node) : '';
    if (isDestination(expression) || DESTINATION_TYPE.test(castType)) return { kind: 'destination' };
    if (OPTIONS_TYPE.test(castType) && isRereadable(expression)) return { kind: 'options', literal: null, typed: true };
    const text = short(this.text(first));
    if (expression.type === 'Identifier') {
      const declared = declarationOf(scope, expression.name as string);
      if (declared?.constInit && isDestination(skipTypeWrappers(declared.constInit))) return { kind: 'destination' };
      const literal = visibleLiteral(scope, expression.name as string);
      if (literal) return { kind: 'options', literal, typed: true };
      const annotation = declared?.annotation ? this.text(declared.annotation) : '';
      if (DESTINATION_TYPE.test(annotation)) return { kind: 'destination' };
      if (OPTIONS_TYPE.test(annotation)) return { kind: 'options', literal: null, typed: true };
    }
    if (count === 2 && isRereadable(expression)) return { kind: 'options', literal: null, typed: false };
    if (count === 1 && isRereadable(expression)) return { kind: 'unknown', reason: `its argument \`${text}\` may be options or a destination` };
    return { kind: 'unknown', reason: `its options are built by \`${text}\`, which the codemod cannot see into` };
  }

  private edit(apply: () => void): CallPlan {
    return { kind: 'edit', apply };
  }

  private insert(at: number, text: string): CallPlan {
    return this.edit(() => {
      this.file.edits.insert(at, text);
    });
  }

  /** Replaces `node`'s text. */
  private replace(node: Node, text: string): CallPlan {
    return this.edit(() => {
      this.file.edits.replace(node.start, node.end, text);
    });
  }

  private text(node: Node): string {
    return this.file.source.slice(node.start, node.end);
  }
}

type Spread = { kind: 'spread'; expression: string; definite: boolean; property: Node | null };
type Source = { kind: 'own'; property: Node } | Spread;

/** babel's note on a parenthesized expression. */
type Extra = { parenthesized: true; parenStart: number } | { parenthesized?: false };

/** Where an argument starts, an opening parenthesis around it included. */
function outerStart(node: Node): number {
  const extra = node.extra as Extra | undefined;
  return extra?.parenthesized ? extra.parenStart : node.start;
}

/** A path string, a standard stream, `pino.destination(…)` and kin, `new Writable(…)` and kin. */
function isDestination(node: Node): boolean {
  if (node.type === 'StringLiteral' || node.type === 'TemplateLiteral') return true;
  if (node.type === 'MemberExpression' && !node.computed && isIdentifier(node.object, 'process')) {
    return isIdentifier(node.property, 'stdout') || isIdentifier(node.property, 'stderr');
  }
  if (node.type === 'CallExpression') {
    const callee = node.callee as Node;
    return callee.type === 'MemberExpression' && !callee.computed && DESTINATION_METHODS.has(staticPropertyName(callee) ?? '');
  }
  return node.type === 'NewExpression' && isIdentifier(node.callee) && DESTINATION_CLASS.test(node.callee.name);
}

/** `x`, `this.x`, `a.b.c`: reading it again reads the same object. */
function isRereadable(node: Node): boolean {
  if (node.type === 'Identifier' || node.type === 'ThisExpression') return true;
  return node.type === 'MemberExpression' && !node.computed && isRereadable(node.object as Node);
}

const short = (text: string): string => {
  const line = text.split('\n')[0];
  return line.length > 40 || line !== text ? `${line.slice(0, 40)}…` : line;
};

/** Where the names a plan reads are read. */
interface Scope {
  names: FileBindings;
  at: number;
}

const isDeclared = ({ names, at }: Scope, name: string): boolean => names.declarationsAt(name, at).length > 0;

interface Declared {
  /** The declarator, function declaration or parameter that binds the name. */
  node: Node;
  /** The initial value of a `const`. */
  constInit: Node | null;
  /** The binding's type annotation (TypeScript). */
  annotation: Node | null;
}

/** How `name` is bound where the scope reads it (its first declaration there). */
function declarationOf(scope: Scope, name: string): Declared | null {
  const declaration = scope.names.declarationsAt(name, scope.at).at(0);
  if (!declaration) return null;
  const { id, owner, variableKind } = declaration;
  const annotation = ((id.typeAnnotation as Node | undefined)?.typeAnnotation as Node | undefined) ?? null;
  if (owner.type === 'VariableDeclarator' && owner.id === id) {
    return { node: owner, constInit: variableKind === 'const' ? (owner.init as Node | null) : null, annotation };
  }
  if (owner.type === 'FunctionDeclaration' && owner.id === id) return { node: owner, constInit: null, annotation: null };
  // A parameter: the function's own params (or a default value's left side).
  const isParameter = (param: Node): boolean => param === id || (param.type === 'AssignmentPattern' && param.left === id);
  if ((owner.params as Node[] | undefined)?.some(isParameter)) return { node: id, constInit: null, annotation };
  return null;
}

/** A `const` whose value is an object literal the codemod can read (also inside `Object.freeze(…)`). */
function visibleLiteral(scope: Scope, name: string): Node | null {
  let init = declarationOf(scope, name)?.constInit ?? null;
  if (init) init = skipTypeWrappers(init);
  if (init?.type === 'CallExpression' && isObjectMethodCall(init, 'freeze')) {
    const args = init.arguments as Node[];
    if (args.length === 1) init = skipTypeWrappers(args[0]);
  }
  return init?.type === 'ObjectExpression' ? init : null;
}

/** `Object.<method>(…)`, for a call node. */
function isObjectMethodCall(call: Node, method: string | ReadonlySet<string>): boolean {
  const callee = call.callee as Node;
  if (callee.type !== 'MemberExpression' || !isIdentifier(callee.object, 'Object') || !isIdentifier(callee.property)) return false;
  return typeof method === 'string' ? callee.property.name === method : method.has(callee.property.name);
}

const MUTATORS: ReadonlySet<string> = new Set(['assign', 'defineProperty', 'defineProperties', 'setPrototypeOf']);

/** Anything in the file that writes into an object named `name` (by that name in any scope, to err on the safe side). */
function isChanged(file: CodemodFile, name: string): boolean {
  const isTarget = (node: Node | undefined): boolean =>
    (node?.type === 'MemberExpression' || node?.type === 'OptionalMemberExpression') && isIdentifier(node.object, name);
  let changed = false;
  // Each such write names the object: only the parts of the file that hold the name are walked.
  walkNear(file, name, (node) => {
    if (changed) return false;
    if (node.type === 'AssignmentExpression' && isTarget(node.left as Node)) changed = true;
    if (node.type === 'UpdateExpression' && isTarget(node.argument as Node)) changed = true;
    if (node.type === 'UnaryExpression' && node.operator === 'delete' && isTarget(node.argument as Node)) changed = true;
    if (node.type === 'CallExpression' && isObjectMethodCall(node, MUTATORS) && isIdentifier((node.arguments as Node[])[0], name)) changed = true;
    return undefined;
  });
  return changed;
}

/** `this` or `super` in a method's own code (arrow functions included, other functions not). */
function usesThis(method: Node): boolean {
  let found = false;
  walk(method.body as Node, (node) => {
    if (node.type === 'ThisExpression' || node.type === 'Super') found = true;
    return !found && !/^(FunctionExpression|FunctionDeclaration|ObjectMethod|ClassMethod|ClassPrivateMethod)$/.test(node.type);
  });
  return found;
}
