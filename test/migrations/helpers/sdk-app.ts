/**
 * fixtures/migrate-sdk-2-app (an SDK 1.x service) in a temporary folder, built with tsc --strict and run against the
 * real SDK 1.x or 2.x packages, reporting what its in-memory exporters received.
 *
 * Layout of a copy: `<root>/app/...` (what the CLI is pointed at) and `<root>/node_modules/` beside it, never seen by
 * the CLI. Node and tsc both walk up from `app/` to it.
 *
 * - SDK 2.x: `<root>/node_modules/@opentelemetry/<name>` are links to the repository's own 2.x packages (one
 *   deduplicated tree: sdk-trace-node, sdk-trace-base, core and resources at one version), and to the `otel2-*`
 *   aliases for the logs packages (their 0.201 line, with its own core and resources nested, as npm installs it).
 * - SDK 1.x: the repository has them as npm aliases (`otel1-sdk-trace-base` → `@opentelemetry/sdk-trace-base@1.30.x`,
 *   ...), each with its own nested copies of core and resources. Linked as they are, tsc would see two
 *   `sdk-trace-base` classes (the app's and the one nested under sdk-trace-node) and refuse to pass one for the other,
 *   which no deduplicated install of a real 1.x app does. So the 1.x packages are copied without their nested
 *   node_modules into a flat `@opentelemetry/` folder, the layout npm gives an app that depends on them by name.
 * - Both: `@opentelemetry/api` and `@opentelemetry/semantic-conventions` (the app's own, not the SDK's), `semver`
 *   (sdk-trace-node 1.x) and `@types/node` are links to the repository's.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { REPO_NODE_MODULES, REPO_ROOT } from '../../e2e/helpers/cli.js';

const APP_FIXTURE = join(REPO_ROOT, 'fixtures/migrate-sdk-2-app');

export type SdkLine = 1 | 2;

/** `@opentelemetry/<name>` → where the 1.x package is, under the repository's node_modules. */
const SDK_1_PACKAGES: Record<string, string> = {
  'api-logs': 'otel1-api-logs',
  core: 'otel1-core',
  resources: 'otel1-resources',
  'sdk-logs': 'otel1-sdk-logs',
  'sdk-metrics': 'otel1-sdk-metrics',
  'sdk-trace-base': 'otel1-sdk-trace-base',
  'sdk-trace-node': 'otel1-sdk-trace-node',
  // sdk-trace-node 1.x's own dependencies; no alias of their own needed, they are installed at 1.30.x already.
  'context-async-hooks': 'otel1-sdk-trace-node/node_modules/@opentelemetry/context-async-hooks',
  'propagator-b3': '@opentelemetry/propagator-b3',
  'propagator-jaeger': '@opentelemetry/propagator-jaeger',
};
/**
 * `@opentelemetry/<name>` → the 2.x package. The logs packages are the 0.201 line, what the migrated package.json
 * asks for (`^0.201.0`, which on a 0.x version stops before 0.202): later lines changed the API again (0.223's
 * SimpleLogRecordProcessor takes `{ exporter }`).
 */
const SDK_2_PACKAGES: Record<string, string> = {
  'api-logs': 'otel2-api-logs',
  core: '@opentelemetry/core',
  resources: '@opentelemetry/resources',
  'sdk-logs': 'otel2-sdk-logs',
  'sdk-metrics': '@opentelemetry/sdk-metrics',
  'sdk-trace-base': '@opentelemetry/sdk-trace-base',
  'sdk-trace-node': '@opentelemetry/sdk-trace-node',
  'context-async-hooks': '@opentelemetry/context-async-hooks',
};
const SHARED_LINKS = ['@opentelemetry/api', '@opentelemetry/semantic-conventions', 'semver', '@types/node'];

export interface AppCopy {
  root: string;
  /** The copied app: what the CLI is pointed at. */
  dir: string;
  remove(): void;
}

export function copyApp(label: string, from = APP_FIXTURE): AppCopy {
  const root = mkdtempSync(join(tmpdir(), `otel-sdk2-${label}-`));
  const dir = join(root, 'app');
  cpSync(from, dir, { recursive: true, filter: (source) => basename(source) !== 'dist' });
  return { root, dir, remove: () => rmSync(root, { recursive: true, force: true }) };
}

function packageJson(dir: string): { version: string; dependencies?: Record<string, string> } {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    version: string;
    dependencies?: Record<string, string>;
  };
}

/**
 * Lays out `<root>/node_modules` for one SDK line. Returns the installed `@opentelemetry/*` versions, and throws when
 * a dependency of an installed package would not resolve inside the layout (a copy left out).
 */
export function installSdk(copy: AppCopy, line: SdkLine): Record<string, string> {
  const modules = join(copy.root, 'node_modules');
  rmSync(modules, { recursive: true, force: true });
  mkdirSync(join(modules, '@opentelemetry'), { recursive: true });
  mkdirSync(join(modules, '@types'), { recursive: true });
  for (const name of SHARED_LINKS) symlinkSync(join(REPO_NODE_MODULES, name), join(modules, name), 'dir');
  const versions: Record<string, string> = {};
  if (line === 1) {
    for (const [name, source] of Object.entries(SDK_1_PACKAGES)) {
      const from = join(REPO_NODE_MODULES, source);
      cpSync(from, join(modules, '@opentelemetry', name), {
        recursive: true,
        filter: (path) => !path.slice(from.length).split('/').includes('node_modules'),
      });
    }
  } else {
    for (const [name, source] of Object.entries(SDK_2_PACKAGES)) {
      symlinkSync(join(REPO_NODE_MODULES, source), join(modules, '@opentelemetry', name), 'dir');
    }
  }
  for (const name of [...Object.keys(line === 1 ? SDK_1_PACKAGES : SDK_2_PACKAGES), 'api']) {
    const installed = packageJson(join(modules, '@opentelemetry', name));
    versions[name] = installed.version;
    for (const dependency of Object.keys(installed.dependencies ?? {})) {
      // The 2.x links resolve from the repository's own tree, which npm laid out; the 1.x copies only from here.
      if (line === 1 && !existsSync(join(modules, dependency))) {
        throw new Error(`@opentelemetry/${name} ${installed.version} needs ${dependency}, not in the SDK 1.x layout`);
      }
    }
  }
  return versions;
}

/** `tsc -p app/tsconfig.json` (strict, NodeNext) into app/dist; the error lines, empty when it type-checks. */
export function buildApp(copy: AppCopy): string[] {
  rmSync(join(copy.dir, 'dist'), { recursive: true, force: true });
  const tsc = join(REPO_NODE_MODULES, 'typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(copy.dir, 'tsconfig.json'), '--pretty', 'false'], {
    cwd: copy.dir,
    encoding: 'utf8',
  });
  if (!existsSync(join(copy.dir, 'dist/main.js'))) throw new Error(`tsc emitted nothing:\n${result.stdout}`);
  return result.stdout
    .split('\n')
    .filter((line) => line.includes('error TS'))
    .map((line) => line.replace(`${copy.dir}/`, ''));
}

export interface SpanRecord {
  name: string;
  kind: number;
  parent: string | null;
  scope: string;
  attributes: Record<string, unknown>;
  status: { code: number; message?: string };
  events: { name: string; keys: string[] }[];
  resource: Record<string, unknown>;
}

export interface MetricRecord {
  scope: string;
  name: string;
  description: string;
  unit: string;
  dataPointType: number;
  dataPoints: { attributes: Record<string, unknown>; value: unknown }[];
  resource: Record<string, unknown>;
}

export interface LogRecord {
  body: unknown;
  severityNumber: number;
  severityText: string;
  attributes: Record<string, unknown>;
  scope: string;
  /** The name of the span the record was emitted in. */
  span: string | null;
  resource: Record<string, unknown>;
}

export interface AppReport {
  spans: SpanRecord[];
  metrics: MetricRecord[];
  logs: LogRecord[];
}

/**
 * Runs app/dist/main.js with a clean environment (no inherited OTEL_* variables) plus `env`: the deployment's
 * OTEL_RESOURCE_ATTRIBUTES always (the env detector's input).
 */
export function runApp(copy: AppCopy, env: Record<string, string> = {}): Promise<AppReport> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(copy.dir, 'dist/main.js')], {
      cwd: copy.dir,
      env: {
        PATH: process.env.PATH ?? '',
        OTEL_RESOURCE_ATTRIBUTES: 'team=payments,cloud.region=eu-west-1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the app timed out\n${stdout}\n${stderr}`));
    }, 30_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      if (status !== 0) {
        reject(new Error(`the app exited with ${String(status)}\n${stderr}`));
        return;
      }
      try {
        resolvePromise(JSON.parse(stdout) as AppReport);
      } catch {
        reject(new Error(`the app printed no JSON report\n${stdout}\n${stderr}`));
      }
    });
  });
}
