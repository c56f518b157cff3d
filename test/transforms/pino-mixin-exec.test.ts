/**
 * pino-mixin outputs, run for real: the fixtures are transformed, written to a temporary folder (next to a link to
 * this project's node_modules), TypeScript outputs are type-checked with --strict and transpiled, and the loggers
 * they create write JSON lines (into an in-memory stream, a file, or a worker-thread transport) under the real
 * OpenTelemetry SDK. The trace fields come through pino's public `mixin` option only: no output reads `pino.symbols`
 * (the tests themselves look at pino's mixin slot in two places, to call a module-level logger's mixin directly).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { context, INVALID_SPAN_CONTEXT, trace, TraceFlags, type Span } from '@opentelemetry/api';
import pino from 'pino';
import ts from 'typescript';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import transform from '../../transforms/pino-mixin.js';
import { open } from '../helpers/codemod-file.js';
import { applyTransform } from '../helpers/fixture-pairs.js';
import { setupOtelSdk } from '../helpers/otel-sdk.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'fixtures', 'pino-mixin');
/** Fixture inputs whose transformed output is executed (they export logger factories taking a destination). */
const EXECUTED = [
  'esm-default-import.js',
  'named-import-alias.mjs',
  'options-variable.js',
  'cjs-require.cjs',
  'cjs-require-call.js',
  'inner-require.cjs',
  'tabs-otel-namespace.cjs',
  'destinations.mjs',
  'esm-named-import.ts',
  'existing-mixin.ts',
  'namespace-import.ts',
  'import-equals.cts',
  'options-variable-ts.ts',
  'old-symbols-helper-ts.ts',
] as const;
type ModuleName = (typeof EXECUTED)[number];
/** Every TypeScript fixture, input and output, must type-check with --strict. */
const TYPESCRIPT = [
  'esm-named-import.ts',
  'existing-mixin.ts',
  'namespace-import.ts',
  'import-equals.cts',
  'name-collisions.ts',
  'component.tsx',
  'options-variable-ts.ts',
  'old-symbols-helper-ts.ts',
] as const;

type LogLine = Record<string, unknown>;
type Logger = pino.Logger & { child(bindings: object): Logger };
type Factory = (destination: Writable, ...rest: unknown[]) => Logger;

const sdk = setupOtelSdk();
const tracer = trace.getTracer('pino-mixin-test');
let workDir: string;
const modules = new Map<ModuleName, Record<string, unknown>>();
const typeDiagnostics = new Map<string, string[]>();

/** A destination that parses each line pino writes. */
function memoryDestination(): { stream: Writable; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const text of String(chunk).split('\n')) if (text) lines.push(JSON.parse(text) as LogLine);
      done();
    },
  });
  return { stream, lines };
}

/** Lets the destination receive what pino wrote (a Writable may call back on a later tick). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function inSpan<T>(fn: (span: Span) => T): { span: Span; result: T } {
  return tracer.startActiveSpan('log inside', (span) => {
    try {
      return { span, result: fn(span) };
    } finally {
      span.end();
    }
  });
}

const TRACE_KEYS = ['trace_id', 'span_id', 'trace_flags'];
const traceFieldsOf = (line: LogLine | undefined) => Object.fromEntries(TRACE_KEYS.filter((k) => line && k in line).map((k) => [k, line![k]]));
const idsOf = (span: Span) => ({ trace_id: span.spanContext().traceId, span_id: span.spanContext().spanId, trace_flags: '01' });

function factory(module: ModuleName, name: string): Factory {
  const exported = modules.get(module)?.[name];
  if (typeof exported !== 'function') throw new Error(`${module} exports no function ${name}`);
  return exported as Factory;
}

async function transformed(file: string): Promise<string> {
  const [, base, ext] = /^(.+)\.(\w+)$/.exec(file)!;
  const source = readFileSync(join(FIXTURES, `${base}.input.${ext}`), 'utf8');
  const { output } = await applyTransform(transform, source, join(FIXTURES, file));
  if (output === undefined) throw new Error(`pino-mixin left ${file} unchanged`);
  return output;
}

function write(path: string, text: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** Runs JS as it is (CommonJS under a .cjs name); TypeScript transpiled to .mjs, or .cjs for a .cts file. */
async function load(file: ModuleName, code: string): Promise<Record<string, unknown>> {
  const typescript = /\.[cm]?tsx?$/.test(file);
  const commonjs = file.endsWith('.cts') || (!typescript && open(file, code).style.module === 'cjs');
  const js = typescript
    ? ts.transpileModule(code, {
        fileName: file,
        compilerOptions: { module: commonjs ? ts.ModuleKind.CommonJS : ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      }).outputText
    : code;
  const path = write(join(workDir, 'run', file.replace(/\.\w+$/, commonjs ? '.cjs' : '.mjs')), js);
  if (commonjs) return createRequire(import.meta.url)(path) as Record<string, unknown>;
  return (await import(/* @vite-ignore */ pathToFileURL(path).href)) as Record<string, unknown>;
}

/** One --strict program over the TypeScript inputs, outputs and the control file; diagnostics by file. */
function typeCheck(files: string[]): void {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    jsx: ts.JsxEmit.Preserve,
    skipLibCheck: true,
    types: ['node'],
  });
  for (const file of files) {
    const sourceFile = program.getSourceFile(file)!;
    const diagnostics = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
    typeDiagnostics.set(
      file,
      diagnostics.map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`),
    );
  }
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'pino-mixin-exec-'));
  symlinkSync(join(ROOT, 'node_modules'), join(workDir, 'node_modules'), 'dir');
  write(join(workDir, 'package.json'), '{ "type": "module" }\n');
  // JSX needs some JSX namespace to type-check without React's types.
  write(join(workDir, 'jsx.d.ts'), 'declare namespace JSX {\n  interface Element {}\n  interface IntrinsicElements { [name: string]: object }\n}\n');

  const checked = [join(workDir, 'jsx.d.ts')];
  for (const file of TYPESCRIPT) {
    const [, base, ext] = /^(.+)\.(\w+)$/.exec(file)!;
    checked.push(write(join(workDir, 'input', file), readFileSync(join(FIXTURES, `${base}.input.${ext}`), 'utf8')));
    checked.push(write(join(workDir, 'output', file), await transformed(file)));
  }
  // Control: the custom levels are real types, not `any`: a level the options do not declare is an error.
  const namedImport = await transformed('esm-named-import.ts');
  checked.push(write(join(workDir, 'control', 'unknown-level.ts'), namedImport.replace('.audit(', '.notALevel(')));
  typeCheck(checked);

  for (const file of EXECUTED) modules.set(file, await load(file, await transformed(file)));
});

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

beforeEach(() => sdk.reset());

describe('pino-mixin output type-checks with --strict', () => {
  it.each(TYPESCRIPT.flatMap((file) => [`input/${file}`, `output/${file}`]))('%s', (file) => {
    expect(typeDiagnostics.get(join(workDir, file))).toEqual([]);
  });

  it('and the checker is really strict: the custom levels type the logger (a level not declared is an error)', () => {
    expect(typeDiagnostics.get(join(workDir, 'control', 'unknown-level.ts'))).toEqual([
      expect.stringMatching(/^TS2339: Property 'notALevel' does not exist on type 'Logger<"audit"/),
    ]);
  });
});

describe('the generated code uses public API only', () => {
  it('no output reads pino.symbols (except the file the codemod reports and leaves on the old helper)', async () => {
    for (const input of readdirSync(FIXTURES).filter((f) => f.includes('.input.') && !f.startsWith('old-symbols-helper-kept'))) {
      const output = readFileSync(join(FIXTURES, input.replace('.input.', '.output.')), 'utf8');
      expect(output, input).not.toMatch(/symbols|mixinSym/);
    }
  });
});

describe('every logger given the mixin stamps the active span ids, and nothing outside a span', () => {
  const cases: [ModuleName, string, ...unknown[]][] = [
    ['esm-default-import.js', 'createLogger'],
    ['esm-default-import.js', 'createStreamLogger'],
    ['esm-default-import.js', 'createRequestLogger', 'request-1'],
    ['esm-default-import.js', 'createNamedLogger'],
    ['esm-default-import.js', 'createMergingLogger'],
    ['named-import-alias.mjs', 'createLogger'],
    ['options-variable.js', 'createSharedLogger'],
    ['options-variable.js', 'createSpreadLogger'],
    ['cjs-require.cjs', 'createLogger'],
    ['cjs-require.cjs', 'createDefaultExportLogger'],
    ['cjs-require-call.js', 'createLogger'],
    ['inner-require.cjs', 'createLogger'],
    ['tabs-otel-namespace.cjs', 'createLogger'],
    ['destinations.mjs', 'createDefaultLogger'],
    ['esm-named-import.ts', 'createLogger'],
    ['esm-named-import.ts', 'createStreamLogger'],
    ['existing-mixin.ts', 'createLogger'],
    ['existing-mixin.ts', 'createWithMixin', () => ({ origin: 'caller' })],
    ['namespace-import.ts', 'createLogger'],
    ['namespace-import.ts', 'createDefaultLogger'],
    ['import-equals.cts', 'createLogger'],
    ['options-variable-ts.ts', 'createAuditLogger'],
    ['old-symbols-helper-ts.ts', 'createLogger'],
    ['old-symbols-helper-ts.ts', 'createServiceLogger'],
  ];

  it.each(cases)('%s %s', async (module, name, ...rest) => {
    const { stream, lines } = memoryDestination();
    const logger = factory(module, name)(stream, ...rest);
    logger.warn('before the span');
    const { span } = inSpan(() => {
      logger.warn('inside the span');
      logger.child({ part: 'child' }).warn('from a child logger');
    });
    logger.warn('after the span');
    await settle();

    expect(lines.map((line) => line.msg)).toEqual(['before the span', 'inside the span', 'from a child logger', 'after the span']);
    expect(traceFieldsOf(lines[0])).toEqual({});
    expect(traceFieldsOf(lines[1])).toEqual(idsOf(span));
    expect(traceFieldsOf(lines[2])).toEqual(idsOf(span));
    expect(lines[2].part).toBe('child');
    expect(traceFieldsOf(lines[3])).toEqual({});
  });

  it.each([
    ['options-variable.js', undefined],
    ['options-variable.js', { level: 'debug' }],
    ['options-variable-ts.ts', { customLevels: { audit: 35 } }],
  ] as const)('%s createLogger(options, destination) with options %j', async (module, options) => {
    const { stream, lines } = memoryDestination();
    const logger = (modules.get(module)!.createLogger as (o: unknown, d: Writable) => Logger)(options, stream);
    const { span } = inSpan(() => logger.warn('inside the span'));
    await settle();
    expect(traceFieldsOf(lines[0])).toEqual(idsOf(span));
  });

  it('module-level loggers created by pino() and require("pino")() have the mixin too', () => {
    const { mixinSym } = pino.symbols;
    for (const logger of [modules.get('esm-default-import.js')!.defaultLogger, modules.get('cjs-require-call.js')!.logger] as Logger[]) {
      const mixin = (logger as unknown as Record<symbol, (...args: unknown[]) => object>)[mixinSym];
      expect(mixin({}, 30, logger)).toEqual({});
      const { span, result } = inSpan(() => mixin({}, 30, logger));
      expect(result).toEqual(idsOf(span));
    }
  });

  it('a module-level logger writing to a stream the module creates', async () => {
    const destinations = modules.get('destinations.mjs')!;
    const logger = destinations.memoryLogger as Logger;
    const { span } = inSpan(() => logger.info('to memory'));
    await settle();
    const lines = (destinations.lines as string[]).map((line) => JSON.parse(line) as LogLine);
    expect(lines.map(traceFieldsOf)).toEqual([idsOf(span)]);
  });
});

describe('destinations and transports keep working', () => {
  const readLines = (path: string): LogLine[] =>
    readFileSync(path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogLine);

  it('pino(pino.destination(file)) gets options before the destination', () => {
    const path = join(workDir, 'logs', 'destination.log');
    mkdirSync(dirname(path), { recursive: true });
    const logger = (modules.get('destinations.mjs')!.createFileLogger as (p: string) => Logger)(path);
    const { span } = inSpan(() => logger.info('to a file'));
    logger.info('outside');
    expect(readLines(path).map(traceFieldsOf)).toEqual([idsOf(span), {}]);
  });

  it('a worker-thread transport (pino/file) gets lines stamped in the main thread', async () => {
    const path = join(workDir, 'logs', 'transport.log');
    const logger = (modules.get('destinations.mjs')!.createTransportLogger as (p: string) => Logger)(path);
    const { span } = inSpan(() => logger.info('through a transport'));
    for (let waited = 0; waited < 10_000 && !(existsSync(path) && readFileSync(path, 'utf8').includes('\n')); waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(readLines(path).map(traceFieldsOf)).toEqual([idsOf(span)]);
  });

  it('mixinMergeStrategy still decides: with this one the mixin fields win over the call fields', async () => {
    const { stream, lines } = memoryDestination();
    const merging = factory('esm-default-import.js', 'createMergingLogger')(stream);
    const plain = factory('esm-default-import.js', 'createLogger')(stream);
    const { span } = inSpan(() => {
      merging.info({ trace_id: 'set-by-the-call' }, 'strategy');
      plain.info({ trace_id: 'set-by-the-call' }, 'default');
    });
    await settle();
    expect(lines[0].trace_id).toBe(span.spanContext().traceId);
    expect(lines[1].trace_id).toBe('set-by-the-call');
  });
});

describe('the trace fields follow the span context', () => {
  const createLogger = () => {
    const { stream, lines } = memoryDestination();
    return { logger: factory('esm-default-import.js', 'createLogger')(stream), lines };
  };

  it('writes trace_flags as two hex digits: "00" for an unsampled span context', async () => {
    const { logger, lines } = createLogger();
    const unsampled = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.NONE };
    context.with(trace.setSpan(context.active(), trace.wrapSpanContext(unsampled)), () => logger.info('unsampled'));
    await settle();
    expect(traceFieldsOf(lines[0])).toEqual({ trace_id: unsampled.traceId, span_id: unsampled.spanId, trace_flags: '00' });
  });

  it('adds nothing for an invalid span context', async () => {
    const { logger, lines } = createLogger();
    context.with(trace.setSpan(context.active(), trace.wrapSpanContext(INVALID_SPAN_CONTEXT)), () => logger.info('invalid'));
    await settle();
    expect(lines).toHaveLength(1);
    expect(traceFieldsOf(lines[0])).toEqual({});
  });

  it('follows nested spans across awaits', async () => {
    const { logger, lines } = createLogger();
    const spans = await tracer.startActiveSpan('outer', async (outer) => {
      await settle();
      logger.info('outer');
      const inner = await tracer.startActiveSpan('inner', async (span) => {
        await settle();
        logger.info('inner');
        span.end();
        return span;
      });
      logger.info('outer again');
      outer.end();
      return [outer, inner];
    });
    await settle();
    expect(lines.map(traceFieldsOf)).toEqual([idsOf(spans[0]), idsOf(spans[1]), idsOf(spans[0])]);
    expect(spans[1].spanContext().traceId).toBe(spans[0].spanContext().traceId);
  });

  it('nests the fields under nestedKey, as pino nests every mixin field', async () => {
    const { stream, lines } = memoryDestination();
    const logger = factory('options-variable.js', 'createNestedLogger')(stream);
    const { span } = inSpan(() => logger.info({ orderId: 7 }, 'nested'));
    await settle();
    expect(traceFieldsOf(lines[0])).toEqual({});
    expect(lines[0].payload).toEqual({ orderId: 7, ...idsOf(span) });
  });
});

describe('an existing mixin keeps working', () => {
  interface MixinCall {
    mergeObject: object;
    level: number;
    logger: unknown;
  }

  it('runs with (mergeObject, level, logger) and its fields stay on the line', async () => {
    const { stream, lines } = memoryDestination();
    const calls: MixinCall[] = [];
    const logger = factory('existing-mixin.ts', 'createLogger')(stream, calls) as Logger & { audit: pino.LogFn };
    const order = { orderId: 'A100' };
    const child = logger.child({ requestId: 'r-1' }) as Logger & { audit: pino.LogFn };
    const { span } = inSpan(() => {
      logger.info(order, 'order paid');
      child.audit('audited');
    });
    await settle();

    expect(calls).toHaveLength(2);
    expect(calls[0].mergeObject).toBe(order);
    expect(calls[0].level).toBe(30);
    expect(calls[0].logger).toBe(logger);
    expect(calls[1].level).toBe(35);
    expect(calls[1].logger).toBe(child);
    expect(lines[0]).toMatchObject({ msg: 'order paid', orderId: 'A100', service: 'payments', levelName: 'info', ...idsOf(span) });
    expect(lines[1]).toMatchObject({ msg: 'audited', requestId: 'r-1', service: 'payments', levelName: 'audit', ...idsOf(span) });
  });

  it("wins over the trace fields on a conflict, and the log call's own fields still win over both", async () => {
    const { stream, lines } = memoryDestination();
    const options = { mixin: () => ({ trace_id: 'set-by-the-service', region: 'eu' }) };
    const logger = factory('options-variable.js', 'createLogger')(options as never, stream);
    const { span } = inSpan(() => {
      logger.info('mixin wins');
      logger.info({ span_id: 'set-by-the-call' }, 'call wins');
    });
    await settle();
    expect(lines[0]).toMatchObject({ trace_id: 'set-by-the-service', region: 'eu', span_id: span.spanContext().spanId, trace_flags: '01' });
    expect(lines[1]).toMatchObject({ trace_id: 'set-by-the-service', span_id: 'set-by-the-call' });
  });

  it('a logger whose options are built by a call is left alone (and reported): its own mixin still runs', async () => {
    const { stream, lines } = memoryDestination();
    const logger = factory('options-variable.js', 'createFactoryLogger')(stream);
    inSpan(() => logger.info('built'));
    await settle();
    expect(lines[0]).toMatchObject({ name: 'search', component: 'search' });
    expect(traceFieldsOf(lines[0])).toEqual({});
  });

  it('a mixin the caller passes in still runs', async () => {
    const { stream, lines } = memoryDestination();
    const logger = factory('existing-mixin.ts', 'createWithMixin')(stream, () => ({ origin: 'caller' }));
    const { span } = inSpan(() => logger.info('passed in'));
    await settle();
    expect(lines[0]).toMatchObject({ origin: 'caller', ...idsOf(span) });
  });

  it('returns a new object on every call, so a mixin returning one shared object is never written into', async () => {
    const { stream, lines } = memoryDestination();
    const shared = modules.get('existing-mixin.ts')!.sharedFields as object;
    const logger = factory('existing-mixin.ts', 'createSharedMixinLogger')(stream);
    inSpan(() => logger.info({ orderId: 1 }, 'first'));
    logger.info({ customerId: 2 }, 'second');
    await settle();
    expect(shared).toEqual({ team: 'checkout' });
    expect(lines[0]).toMatchObject({ team: 'checkout', orderId: 1 });
    expect(lines[1]).toMatchObject({ team: 'checkout', customerId: 2 });
    expect(lines[1]).not.toHaveProperty('orderId');

    const mixin = (logger as unknown as Record<symbol, (...args: unknown[]) => object>)[pino.symbols.mixinSym];
    const first = mixin({}, 30, logger);
    const second = mixin({}, 30, logger);
    expect(first).not.toBe(second);
    expect(first).not.toBe(shared);
    expect(inSpan(() => mixin({}, 30, logger)).result).not.toBe(inSpan(() => mixin({}, 30, logger)).result);
  });

  it('control: without the codemod, pino writes the line into a shared mixin object', () => {
    const shared = { team: 'checkout' };
    pino({ mixin: () => shared }, memoryDestination().stream).info({ orderId: 1 });
    expect(shared).toEqual({ team: 'checkout', orderId: 1 });
  });
});

describe('a test double standing in for pino', () => {
  /** A throwaway project whose `pino` is `doubleSource`, running the transformed `appSource`. */
  async function runWithDouble(doubleSource: string): Promise<unknown> {
    const project = mkdtempSync(join(workDir, 'double-'));
    write(join(project, 'node_modules', 'pino', 'index.js'), doubleSource);
    write(join(project, 'node_modules', 'pino', 'package.json'), '{ "name": "pino", "main": "index.js" }\n');
    symlinkSync(join(ROOT, 'node_modules', '@opentelemetry'), join(project, 'node_modules', '@opentelemetry'), 'dir');
    const app = "const pino = require('pino');\n\nmodule.exports = pino({ level: 'info' });\n";
    const { output } = await applyTransform(transform, app, 'app.cjs');
    return createRequire(import.meta.url)(write(join(project, 'app.cjs'), output!));
  }

  it('gets the options with the mixin, and nothing else changes', async () => {
    const double = (await runWithDouble('module.exports = (options) => ({ fake: true, options });\n')) as { options: { mixin(): object } };
    expect(double).toEqual({ fake: true, options: { level: 'info', mixin: expect.any(Function) } });
    expect(double.options.mixin()).toEqual({});
  });

  it('returning no logger (an automock) is fine', async () => {
    expect(await runWithDouble('module.exports = () => undefined;\n')).toBeUndefined();
  });
});
