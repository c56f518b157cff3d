/**
 * A minimal OTLP/HTTP trace receiver on 127.0.0.1: accepts JSON `ExportTraceServiceRequest`s on POST /v1/traces
 * (the JSON encoding writes trace and span ids as hex strings) and flattens them into one list of spans,
 * each tagged with its resource's `service.name`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** OTLP `Span.SpanKind` values. */
export const SpanKind = { INTERNAL: 1, SERVER: 2, CLIENT: 3 } as const;
/** OTLP `Status.StatusCode` values. */
export const StatusCode = { UNSET: 0, OK: 1, ERROR: 2 } as const;

export type AttributeValue = string | number | boolean | undefined;

export interface ReceivedEvent {
  name: string;
  attributes: Record<string, AttributeValue>;
}

export interface ReceivedSpan {
  service: string;
  scope: string;
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  /** Undefined for a root span. */
  parentSpanId: string | undefined;
  statusCode: number;
  statusMessage: string | undefined;
  attributes: Record<string, AttributeValue>;
  events: ReceivedEvent[];
}

export interface OtlpReceiver {
  /** For OTEL_EXPORTER_OTLP_ENDPOINT (the exporter appends /v1/traces). */
  endpoint: string;
  spans: ReceivedSpan[];
  /** Requests that were not valid JSON trace exports; a test should expect none. */
  rejected: string[];
  close(): Promise<void>;
}

interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
}
interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  attributes?: OtlpKeyValue[];
  events?: { name: string; attributes?: OtlpKeyValue[] }[];
  status?: { code?: number; message?: string };
}
interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: OtlpKeyValue[] };
    scopeSpans?: { scope?: { name?: string }; spans?: OtlpSpan[] }[];
  }[];
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const rejected: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const problem = acceptExport(req.method, req.url, req.headers, Buffer.concat(chunks), spans);
      if (problem) {
        rejected.push(problem);
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ message: problem }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    rejected,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Appends the export's spans; returns a problem description instead when the request is not a JSON trace export. */
function acceptExport(
  method: string | undefined,
  url: string | undefined,
  headers: Record<string, string | string[] | undefined>,
  raw: Buffer,
  into: ReceivedSpan[],
): string | undefined {
  if (method !== 'POST' || url !== '/v1/traces') return `unexpected ${method} ${url}`;
  const type = String(headers['content-type'] ?? '');
  if (!type.startsWith('application/json')) return `not the JSON encoding: content-type ${type}`;
  let payload: OtlpExport;
  try {
    const body = headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
    payload = JSON.parse(body.toString('utf8')) as OtlpExport;
  } catch (error) {
    return `unreadable export: ${(error as Error).message}`;
  }
  for (const resourceSpans of payload.resourceSpans ?? []) {
    const service = String(attributeMap(resourceSpans.resource?.attributes)['service.name'] ?? '');
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        into.push({
          service,
          scope: scopeSpans.scope?.name ?? '',
          name: span.name,
          kind: span.kind ?? 0,
          traceId: span.traceId,
          spanId: span.spanId,
          // The JSON encoding omits the field (or writes "") for a root span.
          parentSpanId: span.parentSpanId ? span.parentSpanId : undefined,
          statusCode: span.status?.code ?? StatusCode.UNSET,
          statusMessage: span.status?.message,
          attributes: attributeMap(span.attributes),
          events: (span.events ?? []).map((event) => ({ name: event.name, attributes: attributeMap(event.attributes) })),
        });
      }
    }
  }
  return undefined;
}

function attributeMap(list: OtlpKeyValue[] | undefined): Record<string, AttributeValue> {
  const map: Record<string, AttributeValue> = {};
  for (const { key, value } of list ?? []) {
    map[key] = value?.stringValue ?? value?.boolValue ?? (value?.intValue === undefined ? value?.doubleValue : Number(value.intValue));
  }
  return map;
}
