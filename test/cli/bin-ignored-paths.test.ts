/**
 * A path named on the command line that an ignore pattern leaves out is said on stderr, with the pattern and where
 * it is written, and `--no-ignore` takes it in; the exit code is what it would be without the message.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runBin, tempDir, type TempDir } from './helpers.js';

let temp: TempDir;
afterEach(() => temp?.remove());

function project(): TempDir {
  const dir = tempDir('ignored-paths');
  dir.write('package.json', JSON.stringify({ name: 'shop', dependencies: { '@opentelemetry/api': '^1.9.0' }, 'otel-codemod': { ignore: ['src/generated/'] } }));
  dir.write('.gitignore', 'node_modules\nvendor-copy/\n');
  dir.write('vendor-copy/client.ts', "export const load = () => fetch('/api/orders');\n");
  dir.write('src/generated/api.ts', "export const ping = () => fetch('/api/ping');\n");
  dir.write('src/app.ts', 'export const a = 1;\n');
  return dir;
}

describe('named paths that an ignore pattern leaves out', { timeout: 120_000 }, () => {
  it('a codemod says which pattern in which file ignores each one, and changes nothing there', async () => {
    temp = project();
    const result = await runBin(['inject-propagation', '--dry', 'vendor-copy/', 'src/generated/api.ts'], temp.dir);
    expect(result.stderr.split('\n').filter(Boolean)).toEqual([
      'otel-codemod: vendor-copy/ is ignored by "vendor-copy/" (.gitignore:2); use --no-ignore to include it',
      'otel-codemod: src/generated/api.ts is ignored by "src/generated/" (package.json "otel-codemod"); use --no-ignore to include it',
    ]);
    expect(result.stdout).toMatch(/0 changed/);
    expect(result.status).toBe(0);
  });

  it('--no-ignore takes them in', async () => {
    temp = project();
    const result = await runBin(['inject-propagation', '--dry', '--no-ignore', 'vendor-copy/', 'src/generated/api.ts'], temp.dir);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/would change vendor-copy\/client\.ts/);
    expect(result.stdout).toMatch(/would change src\/generated\/api\.ts/);
    expect(result.status).toBe(0);
  });

  it('lint names an --ignore pattern the same way and keeps its exit code', async () => {
    temp = project();
    const result = await runBin(['lint', '--ignore', 'src/app.ts', 'src/app.ts'], temp.dir);
    expect(result.stderr).toBe('otel-codemod: src/app.ts is ignored by "src/app.ts" (--ignore); use --no-ignore to include it\n');
    expect(result.status).toBe(0);
  });
});
