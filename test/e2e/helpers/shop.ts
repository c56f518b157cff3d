/**
 * Copies fixtures/shop to a temporary folder and runs its three services as real node processes, each with
 * `--import ./instrumentation.mjs`, on ephemeral loopback ports, capturing their pino lines (stdout).
 *
 * Layout of a copy: `<tmp>/otel-shop-XXXX/shop/...` plus `<tmp>/otel-shop-XXXX/node_modules` → the repo's
 * node_modules. ES modules ignore NODE_PATH, but they do walk up to a parent node_modules folder, and keeping the
 * link outside shop/ means the CLI never even sees it when pointed at shop/.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_NODE_MODULES, REPO_ROOT } from './cli.js';

export const SHOP_FIXTURE = join(REPO_ROOT, 'fixtures/shop');

/** Downstream first: each service needs the URL of the one it calls. */
export const SERVICES = ['payments', 'orders', 'gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface ShopCopy {
  /** The copied app (what the CLI is pointed at). */
  dir: string;
  remove(): void;
}

export function copyShop(label: string): ShopCopy {
  const root = mkdtempSync(join(tmpdir(), `otel-shop-${label}-`));
  const dir = join(root, 'shop');
  cpSync(SHOP_FIXTURE, dir, { recursive: true, filter: (source) => !source.includes('node_modules') });
  symlinkSync(REPO_NODE_MODULES, join(root, 'node_modules'), 'dir');
  return { dir, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export type LogLine = Record<string, unknown> & { msg?: string };

export interface ServiceOutput {
  /** Every stdout line, parsed (pino writes one JSON object per line). */
  logs: LogLine[];
  /** stdout lines that were not JSON (should be none). */
  otherStdout: string[];
  stderr: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningShop {
  gatewayUrl: string;
  /** SIGTERM to every service (the instrumentation flushes spans on it), then their captured output. */
  stop(): Promise<Record<ServiceName, ServiceOutput>>;
}

/** Every child this module started and that has not exited yet, for `killStrays()` in afterAll. */
const liveChildren = new Set<ChildProcessWithoutNullStreams>();

export function killStrays(): void {
  for (const child of liveChildren) child.kill('SIGKILL');
  liveChildren.clear();
}

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 15_000;

export async function startShop(dir: string, otlpEndpoint: string): Promise<RunningShop> {
  const started: StartedService[] = [];
  try {
    const payments = await startService(dir, 'payments', otlpEndpoint, {});
    started.push(payments);
    const orders = await startService(dir, 'orders', otlpEndpoint, { PAYMENTS_URL: payments.url });
    started.push(orders);
    const gateway = await startService(dir, 'gateway', otlpEndpoint, { ORDERS_URL: orders.url });
    started.push(gateway);
  } catch (error) {
    await Promise.all(started.map((service) => service.stop()));
    throw error;
  }
  const [payments, orders, gateway] = started as [StartedService, StartedService, StartedService];
  return {
    gatewayUrl: gateway.url,
    async stop() {
      const [gatewayOut, ordersOut, paymentsOut] = await Promise.all([gateway.stop(), orders.stop(), payments.stop()]);
      return { gateway: gatewayOut, orders: ordersOut, payments: paymentsOut };
    },
  };
}

interface StartedService {
  url: string;
  stop(): Promise<ServiceOutput>;
}

function startService(
  dir: string,
  name: ServiceName,
  otlpEndpoint: string,
  extraEnv: Record<string, string>,
): Promise<StartedService> {
  const env: NodeJS.ProcessEnv = {};
  // The test runner's own OTEL_* settings (a traces endpoint, an exporter choice) would redirect the services.
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('OTEL_')) env[key] = value;
  Object.assign(env, {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    OTEL_SERVICE_NAME: name,
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
    ...extraEnv,
  });
  const child = spawn(process.execPath, ['--import', './instrumentation.mjs', `services/${name}.js`], {
    cwd: dir,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  liveChildren.add(child);
  const output: ServiceOutput = { logs: [], otherStdout: [], stderr: '', exitCode: null, signal: null };
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      output.exitCode = code;
      output.signal = signal;
      liveChildren.delete(child);
      resolve();
    }),
  );
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));

  return new Promise((resolve, reject) => {
    const failure = (problem: string) =>
      new Error(`${name}: ${problem}\nstdout:\n${output.logs.map((l) => JSON.stringify(l)).join('\n')}\nstderr:\n${output.stderr}`);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(failure(`did not log "listening" within ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    void exited.then(() => {
      clearTimeout(timer);
      reject(failure(`exited before listening (code ${output.exitCode}, signal ${output.signal})`));
    });

    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        const parsed = parseLogLine(line);
        if (!parsed) {
          output.otherStdout.push(line);
          continue;
        }
        output.logs.push(parsed);
        if (parsed.msg === 'listening' && typeof parsed.port === 'number') {
          clearTimeout(timer);
          resolve({ url: `http://127.0.0.1:${parsed.port}`, stop });
        }
      }
    });

    async function stop(): Promise<ServiceOutput> {
      if (output.exitCode === null && output.signal === null) {
        child.kill('SIGTERM');
        let timedOut = false;
        const killer = setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(killer);
        if (timedOut) throw failure(`did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM`);
      }
      if (pending.trim()) output.otherStdout.push(pending);
      pending = '';
      return output;
    }
  });
}

function parseLogLine(line: string): LogLine | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as LogLine) : undefined;
  } catch {
    return undefined;
  }
}
