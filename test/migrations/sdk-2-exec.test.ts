/**
 * The execution proof of `migrate-sdk-2` and `semconv` (issue 11): fixtures/migrate-sdk-2-app, an SDK 1.x service,
 * is built with tsc --strict and run against the real SDK 1.x packages, recording the spans and metrics it exports;
 * then the built CLI migrates a copy (`migrate-sdk-2`, then `semconv`), which is built and run against the 2.x
 * packages and must export the same spans (names, kinds, parents, scopes, attributes, statuses, events), the same
 * resource attributes and the same metric view results. `semconv --rename-keys` on the migrated copy must change the
 * deprecated attribute keys to their replacements and nothing else.
 *
 * Each run happens twice: with OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT=48 (the app reads it with `getEnv()`, so long
 * db statements are cut) and without it (the variable's default, no limit, must survive the `getEnv()` rewrite).
 */
import { diffLines } from 'diff';
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../e2e/helpers/cli.js';
import {
  type AppCopy,
  type AppReport,
  buildApp,
  type LogRecord,
  copyApp,
  installSdk,
  type MetricRecord,
  runApp,
  type SpanRecord,
} from './helpers/sdk-app.js';

const LIMITED = { OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '48' };
const SDK_VERSION = 'telemetry.sdk.version';

interface Runs {
  limited: AppReport;
  unlimited: AppReport;
}

async function runBoth(copy: AppCopy): Promise<Runs> {
  return { limited: await runApp(copy, LIMITED), unlimited: await runApp(copy) };
}

/** The resource attributes, without the SDK's own version (1.30.x before, 2.x after: the one expected change). */
function withoutSdkVersion(resource: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(resource).filter(([key]) => key !== SDK_VERSION));
}

function comparableSpans(spans: SpanRecord[]): SpanRecord[] {
  return spans.map((span) => ({ ...span, resource: withoutSdkVersion(span.resource) }));
}

function comparableMetrics(metrics: MetricRecord[]): MetricRecord[] {
  return metrics.map((metric) => ({ ...metric, resource: withoutSdkVersion(metric.resource) }));
}

function comparableLogs(logs: LogRecord[]): LogRecord[] {
  return logs.map((log) => ({ ...log, resource: withoutSdkVersion(log.resource) }));
}

function sdkVersions(report: AppReport): Set<unknown> {
  return new Set(
    [...report.spans, ...report.metrics, ...report.logs].map((record) => record.resource[SDK_VERSION]),
  );
}

/** `otel-codemod <codemod> --json`, as far as this test reads it. */
interface CodemodJson {
  files: { path: string; status: string; written: boolean; notes: string[] }[];
  project: { note?: string } | null;
  summary: { changed: number; failed: number };
  exitCode: number;
}

async function codemod(copy: AppCopy, args: string[]): Promise<CodemodJson> {
  const result = await runCli([...args, '--json', copy.dir], { cwd: copy.root, timeoutMs: 120_000 });
  try {
    return JSON.parse(result.stdout) as CodemodJson;
  } catch {
    throw new Error(`otel-codemod ${args.join(' ')} printed no JSON (exit ${String(result.status)}):\n${result.stderr}`);
  }
}

/**
 * The deprecated keys the app emits and the key `--rename-keys` must give each (the semantic conventions' own
 * "Replaced by" notes). `net.peer.name`, `net.peer.port` and `peer.service` depend on the span kind and `http.target`
 * splits in two: they must stay as they are (the codemod reports them for a person).
 */
const KEY_RENAMES: Record<string, string> = {
  'http.method': 'http.request.method',
  'http.status_code': 'http.response.status_code',
  'http.url': 'url.full',
  'db.system': 'db.system.name',
  'db.name': 'db.namespace',
  'db.statement': 'db.query.text',
  'deployment.environment': 'deployment.environment.name',
};
const KEPT_FOR_A_PERSON = ['net.peer.name', 'net.peer.port', 'peer.service', 'http.target'];

function renameKeys(attributes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attributes).map(([key, value]) => [KEY_RENAMES[key] ?? key, value]));
}

function renamedSpans(spans: SpanRecord[]): SpanRecord[] {
  return comparableSpans(spans).map((span) => ({
    ...span,
    attributes: renameKeys(span.attributes),
    resource: renameKeys(span.resource),
  }));
}

function renamedLogs(logs: LogRecord[]): LogRecord[] {
  return comparableLogs(logs).map((log) => ({
    ...log,
    attributes: renameKeys(log.attributes),
    resource: renameKeys(log.resource),
  }));
}

function renamedMetrics(metrics: MetricRecord[]): MetricRecord[] {
  return comparableMetrics(metrics).map((metric) => ({
    ...metric,
    dataPoints: metric.dataPoints
      .map((point) => ({ ...point, attributes: renameKeys(point.attributes) }))
      .sort((a, b) => JSON.stringify(a.attributes).localeCompare(JSON.stringify(b.attributes))),
    resource: renameKeys(metric.resource),
  }));
}

const SOURCES = ['main.ts', 'orders.ts', 'sampler.ts', 'telemetry.ts'];
/** Every 1.x construct and deprecated export the app uses, and the codemod's flag. */
const LEFT_OVERS =
  /\bnew Resource\(|\bResource\.default\(|\baddSpanProcessor\(|\baddMetricReader\(|\bnew View\(|\bnew \w+Aggregation\(|\bgetEnv\(|\bparentSpanId\b|\binstrumentationLibrary\b|\bdetectResourcesSync\b|\benvDetectorSync\b|\bIResource\b|\bResourceAttributes\b|\bSEMATTRS_\w+|\bSEMRESATTRS_\w+|\bSemantic(Resource)?Attributes\b|\bDBSYSTEMVALUES_\w+|TODO\(otel-codemod\)/g;

const copies: AppCopy[] = [];
let original: AppCopy;
let before: Runs;

beforeAll(async () => {
  assertBuilt();
  original = copyApp('sdk1');
  copies.push(original);
  const versions = installSdk(original, 1);
  expect(versions['sdk-trace-base']).toMatch(/^1\.30\./);
  expect(buildApp(original)).toEqual([]);
  before = await runBoth(original);
}, 120_000);

afterAll(() => {
  for (const copy of copies) copy.remove();
});

describe('the SDK 1.x app, before any migration', () => {
  it('runs on SDK 1.30 and exports what the code asks for', () => {
    const { limited, unlimited } = before;
    expect(sdkVersions(limited)).toEqual(new Set(['1.30.1']));
    // The sampler drops the health check and the CORS preflight: only the orders requests and their children.
    expect(limited.spans.map((span) => span.name)).toEqual([
      'SELECT orders',
      'GET /orders/:id',
      'INSERT orders',
      'POST',
      'POST /orders',
      'INSERT orders',
      'POST',
      'POST /orders',
      'SELECT orders',
      'GET /orders/:id',
    ]);
    const [select, server] = limited.spans;
    expect(select?.parent).toBe('GET /orders/:id');
    expect(server?.attributes).toMatchObject({ 'http.method': 'GET', 'sampler.rule': 'drop-noise' });
    // getEnv().OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT reached the span limits; unset, nothing is cut.
    expect(select?.attributes['db.statement']).toHaveLength(48);
    expect(String(unlimited.spans[0]?.attributes['db.statement']).length).toBeGreaterThan(48);
    expect(select?.resource).toMatchObject({
      'service.name': 'checkout',
      'deployment.environment': 'staging',
      team: 'payments',
    });
    const declined = limited.spans[6];
    expect(declined?.status).toEqual({ code: 2, message: 'card ending 0002 declined' });
    expect(declined?.events.map((event) => event.name)).toEqual(['exception']);
    // The views: explicit buckets on the latency histogram, the counter renamed, the cache probes dropped.
    const names = limited.metrics.map((metric) => metric.name);
    expect(names.sort()).toEqual(['checkout.orders.placed', 'http.server.duration']);
    const duration = limited.metrics.find((metric) => metric.name === 'http.server.duration');
    expect(duration?.dataPoints[0]?.value).toMatchObject({
      buckets: { boundaries: [0, 10, 25, 50, 100, 250, 1000] },
    });
    // The log records, each in the span that was active when it was emitted.
    expect(limited.logs.map((log) => [log.body, log.span])).toEqual([
      ['order placed', 'POST /orders'],
      ['payment declined for globex', 'POST /orders'],
    ]);
    expect(limited.logs[1]?.attributes).toEqual({ 'http.status_code': 402, 'app.tenant': 'globex' });
  });

  it('does not build against SDK 2.x as it is: the migration is what makes it run there', () => {
    const unmigrated = copyApp('sdk1-on-2');
    copies.push(unmigrated);
    installSdk(unmigrated, 2);
    const errors = buildApp(unmigrated).join('\n');
    expect(errors).toContain("'addSpanProcessor' does not exist");
    expect(errors).toContain("no exported member 'View'");
    expect(errors).toContain("'parentSpanId' does not exist");
  });
});

describe('after migrate-sdk-2 and semconv, on SDK 2.x', () => {
  let migrated: AppCopy;
  let after: Runs;
  let migrateJson: CodemodJson;
  let semconvJson: CodemodJson;
  let diagnostics: string[];

  beforeAll(async () => {
    migrated = copyApp('sdk2');
    copies.push(migrated);
    migrateJson = await codemod(migrated, ['migrate-sdk-2']);
    semconvJson = await codemod(migrated, ['semconv']);
    expect(installSdk(migrated, 2)['sdk-trace-base']).toMatch(/^2\./);
    diagnostics = buildApp(migrated);
    after = await runBoth(migrated);
  }, 240_000);

  it('the codemods change the files and fail on none', () => {
    expect(migrateJson.summary.failed).toBe(0);
    expect(semconvJson.summary.failed).toBe(0);
    const changed = (json: CodemodJson): string[] =>
      json.files.filter((file) => file.written).map((file) => relative(migrated.dir, resolve(migrated.root, file.path)));
    expect(changed(migrateJson)).toEqual(
      expect.arrayContaining(['src/telemetry.ts', 'src/main.ts', 'package.json']),
    );
    expect(changed(semconvJson)).toEqual(
      expect.arrayContaining(['src/telemetry.ts', 'src/orders.ts', 'src/sampler.ts']),
    );
  });

  it('package.json asks for the 2.x line', () => {
    const { dependencies } = JSON.parse(readFileSync(join(migrated.dir, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    for (const name of ['core', 'resources', 'sdk-metrics', 'sdk-trace-base', 'sdk-trace-node']) {
      expect(dependencies[`@opentelemetry/${name}`], name).toMatch(/^\^2\./);
    }
    // The experimental packages' line that goes with SDK 2.x.
    for (const name of ['api-logs', 'sdk-logs']) {
      expect(dependencies[`@opentelemetry/${name}`], name).toMatch(/^\^0\.[2-9]\d\d\./);
    }
    expect(dependencies['@opentelemetry/api']).toBe('^1.9.0');
  });

  it('leaves nothing of the 1.x API or of the deprecated exports in the source, and no TODO: all of it had a rewrite', () => {
    for (const name of SOURCES) {
      const text = readFileSync(join(migrated.dir, 'src', name), 'utf8');
      expect(text.match(LEFT_OVERS) ?? [], name).toEqual([]);
    }
  });

  // The app's files keep to 120 columns, one import specifier per line once an import is wrapped: lines the codemods
  // add or lay out (imports, folded options) keep to that width. A rename inside a line the app already had
  // (`span.parentSpanId` → `span.parentSpanContext?.spanId` in main.ts lengthens a line of 108 to 122) is an edit in
  // place, as by hand, left to the project's formatter.
  it('writes new lines the way the file is written: none over the app’s 120 columns', () => {
    for (const name of SOURCES) {
      const before = readFileSync(join(original.dir, 'src', name), 'utf8');
      const after = readFileSync(join(migrated.dir, 'src', name), 'utf8');
      expect(longWrittenLines(before, after), name).toEqual([]);
    }
  });

  it('type-checks under --strict against the 2.x packages', () => {
    expect(diagnostics).toEqual([]);
  });

  it('runs on SDK 2.x', () => {
    for (const version of sdkVersions(after.limited)) expect(version).toMatch(/^2\./);
  });

  it('exports the same spans: names, kinds, parents, scopes, attributes, statuses, events, resources', () => {
    expect(comparableSpans(after.limited.spans)).toEqual(comparableSpans(before.limited.spans));
    expect(comparableSpans(after.unlimited.spans)).toEqual(comparableSpans(before.unlimited.spans));
  });

  it('exports the same metric view results', () => {
    expect(comparableMetrics(after.limited.metrics)).toEqual(comparableMetrics(before.limited.metrics));
  });

  // The logs packages at the line the migrated package.json asks for (^0.201.0; at ^0.200.0, as migrate-sdk-2 first
  // wrote, the LoggerProvider had no processors option: tsc refused it, and at run time no record was exported).
  it('emits the same log records, in the same spans, with the same resource', () => {
    expect(comparableLogs(after.limited.logs)).toEqual(comparableLogs(before.limited.logs));
  });

  describe('then semconv --rename-keys', () => {
    let renamed: AppCopy;
    let renameJson: CodemodJson;
    let runs: Runs;

    beforeAll(async () => {
      renamed = copyApp('keys', migrated.dir);
      copies.push(renamed);
      renameJson = await codemod(renamed, ['semconv', '--rename-keys']);
      installSdk(renamed, 2);
      expect(buildApp(renamed)).toEqual([]);
      runs = await runBoth(renamed);
    }, 240_000);

    it('fails on no file', () => {
      expect(renameJson.summary.failed).toBe(0);
    });

    it('emits the new keys and changes nothing else', () => {
      expect(comparableSpans(runs.limited.spans)).toEqual(renamedSpans(before.limited.spans));
      expect(comparableSpans(runs.unlimited.spans)).toEqual(renamedSpans(before.unlimited.spans));
      expect(comparableMetrics(runs.limited.metrics)).toEqual(renamedMetrics(before.limited.metrics));
    });

    it('emits the log records with the new keys', () => {
      expect(comparableLogs(runs.limited.logs)).toEqual(renamedLogs(before.limited.logs));
    });

    it('leaves the keys that split or depend on span kind as they were, and says so', () => {
      const emitted = new Set(runs.limited.spans.flatMap((span) => Object.keys(span.attributes)));
      const notes = renameJson.files.flatMap((file) => file.notes).join('\n');
      for (const key of KEPT_FOR_A_PERSON) {
        expect(emitted, key).toContain(key);
        expect(notes, key).toContain(`(emits '${key}') left unchanged`);
      }
    });

    it('names every emitted key it changed, and only those', () => {
      const notes = renameJson.files.flatMap((file) => file.notes);
      const changes = new Set(
        notes.flatMap((note) => {
          const match = /the emitted key changes from '([^']+)' to '([^']+)'/.exec(note);
          return match ? [`${match[1] ?? ''} → ${match[2] ?? ''}`] : [];
        }),
      );
      expect(changes).toEqual(new Set(Object.entries(KEY_RENAMES).map(([from, to]) => `${from} → ${to}`)));
      expect(renameJson.project?.note).toMatch(/changes emitted attribute keys/);
    });
  });
});

/** Lines over 120 columns that the change wrote, other than one-for-one edits of lines the file had. */
function longWrittenLines(before: string, after: string): string[] {
  const long: string[] = [];
  const changes = diffLines(before, after);
  changes.forEach((change, index) => {
    if (!change.added) return;
    const previous = changes[index - 1] as (typeof changes)[number] | undefined;
    if (previous?.removed && previous.count === change.count) return;
    long.push(...change.value.split('\n').filter((line) => line.length > 120));
  });
  return long;
}
