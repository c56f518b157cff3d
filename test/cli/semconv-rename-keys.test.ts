/** `otel-codemod semconv --rename-keys` through the built bin: each changed key is a note, and the summary warns. */
import { afterEach, describe, expect, it } from 'vitest';
import { runBin, tempDir, type TempDir } from './helpers.js';

let temps: TempDir[] = [];
afterEach(() => {
  for (const temp of temps) temp.remove();
  temps = [];
});

const SOURCE = [
  "import { SEMATTRS_HTTP_METHOD } from '@opentelemetry/semantic-conventions';",
  '',
  'export function tag(span, method, target) {',
  '  span.setAttribute(SEMATTRS_HTTP_METHOD, method);',
  "  span.setAttributes({ 'db.statement': 'SELECT 1', 'http.target': target });",
  '}',
  '',
].join('\n');

describe('semconv through the bin', { timeout: 120_000 }, () => {
  it('--rename-keys names every emitted key that changes and warns in the summary', async () => {
    const temp = tempDir('semconv');
    temps.push(temp);
    temp.write('package.json', '{ "name": "app", "type": "module" }\n');
    temp.write('src/tag.js', SOURCE);

    const result = await runBin(['semconv', '--rename-keys', '--force', 'src'], temp.dir);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('changed src/tag.js\n');
    expect(result.stdout).toContain(
      "note src/tag.js: line 1: SEMATTRS_HTTP_METHOD → ATTR_HTTP_REQUEST_METHOD: the emitted key changes from 'http.method' to 'http.request.method'\n",
    );
    expect(result.stdout).toContain("note src/tag.js: line 5: attribute key 'db.statement' → 'db.query.text' (the emitted key changes)\n");
    expect(result.stdout).toContain("note src/tag.js: line 5: attribute key 'http.target' left unchanged: Split to `url.path` and `url.query`.\n");
    expect(result.stdout).toMatch(/^semconv: warning: --rename-keys changes emitted attribute keys/m);
    expect(temp.read('src/tag.js')).toBe(
      SOURCE.replace('SEMATTRS_HTTP_METHOD } from', 'ATTR_HTTP_REQUEST_METHOD } from')
        .replace('setAttribute(SEMATTRS_HTTP_METHOD', 'setAttribute(ATTR_HTTP_REQUEST_METHOD')
        .replace("'db.statement'", "'db.query.text'"),
    );
  });

  it('without --rename-keys keeps every emitted key and prints no warning', async () => {
    const temp = tempDir('semconv');
    temps.push(temp);
    temp.write('package.json', '{ "name": "app", "type": "module" }\n');
    temp.write('src/tag.js', SOURCE);

    const result = await runBin(['semconv', '--force', 'src'], temp.dir);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).not.toContain('warning');
    expect(temp.read('src/tag.js')).toBe(
      SOURCE.replace(
        "import { SEMATTRS_HTTP_METHOD } from '@opentelemetry/semantic-conventions';",
        "import { ATTR_HTTP_METHOD } from '@opentelemetry/semantic-conventions/incubating';",
      ).replace('setAttribute(SEMATTRS_HTTP_METHOD', 'setAttribute(ATTR_HTTP_METHOD'),
    );
  });
});
