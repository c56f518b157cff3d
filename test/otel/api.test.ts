import { describe, expect, it } from 'vitest';
import { isOtelModule, packageSpecifier } from '../../src/otel/api.js';

describe('module specifiers', () => {
  it('reads Deno npm: and CDN specifiers as the package Node would resolve', () => {
    expect(packageSpecifier('npm:@opentelemetry/api@1.9.0')).toBe('@opentelemetry/api');
    expect(packageSpecifier('npm:@opentelemetry/api')).toBe('@opentelemetry/api');
    expect(packageSpecifier('https://esm.sh/@opentelemetry/api@1.9.0')).toBe('@opentelemetry/api');
    expect(packageSpecifier('npm:@opentelemetry/sdk-trace-base@2.0.1/build/src/index.js')).toBe('@opentelemetry/sdk-trace-base/build/src/index.js');
    expect(packageSpecifier('npm:pino@9')).toBe('pino');
    expect(packageSpecifier('https://cdn.jsdelivr.net/npm/@opentelemetry/api@1.9.0/+esm')).toBe('@opentelemetry/api');
    expect(packageSpecifier('https://esm.sh/@opentelemetry/api?target=deno')).toBe('@opentelemetry/api');
    expect(packageSpecifier('https://esm.sh/v135/@opentelemetry/api@1.9.0')).toBe('@opentelemetry/api');
    // Node specifiers are left as written: a version-like `@` is part of no Node package path.
    expect(packageSpecifier('@opentelemetry/api')).toBe('@opentelemetry/api');
    expect(packageSpecifier('./otel@2.ts')).toBe('./otel@2.ts');
  });

  it('counts those as OpenTelemetry modules, and nothing else', () => {
    expect(isOtelModule('npm:@opentelemetry/api@1.9.0')).toBe(true);
    expect(isOtelModule('@opentelemetry/core')).toBe(true);
    expect(isOtelModule('npm:@opentelemetry-community/api')).toBe(false);
    expect(isOtelModule('https://example.com/@opentelemetry/api')).toBe(false);
    expect(isOtelModule('./opentelemetry/api')).toBe(false);
  });
});
