/**
 * Bundles the compiled CLI (dist/, from tsc) into dist/cli/: the executable, the worker threads' entry and the
 * transform registry, with the code they share in chunks beside them. Node 20 loads each ES module of a program
 * separately (resolve, read, compile, link): the CLI's ~100 modules took about 35 ms of every run, which a pre-commit
 * hook on a few files pays in full. Dependencies stay in node_modules; only this package's own modules are bundled.
 *
 * Run after tsc (`npm run build`). The tests and the bench run the bundle, as users do.
 */
import { rmSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const out = join(dist, 'cli');

/** The entries, by output name: worker-pool.ts starts `./worker.js` and registry-location.ts names `./transforms.js`. */
const input = {
  'otel-codemod': join(dist, 'src/app/cli/bin.js'),
  worker: join(dist, 'src/app/runner/worker.js'),
  transforms: join(dist, 'transforms/index.js'),
};

/**
 * registry-location.js, as it reads from the bundle: the registry is the `transforms` entry beside every chunk. A
 * bundle without it would look for dist/transforms/ from dist/cli/ and fail every run: the build fails instead.
 */
let registryReplaced = false;
const registryLocation = {
  name: 'registry-location',
  load(id) {
    if (!id.replaceAll('\\', '/').endsWith('/dist/src/app/registry-location.js')) return null;
    registryReplaced = true;
    return "export const REGISTRY_URL = new URL('./transforms.js', import.meta.url);\n";
  },
  buildEnd() {
    if (!registryReplaced) throw new Error('bundle-cli: dist/src/app/registry-location.js was not bundled, so the bundle would not find its registry');
  },
};

rmSync(out, { recursive: true, force: true });
const bundle = await rolldown({
  input,
  platform: 'node',
  // Packages (bare specifiers) and Node's own modules are imported at run time, as from the unbundled build.
  external: (id) => !id.startsWith('.') && !isAbsolute(id),
  plugins: [registryLocation],
});
await bundle.write({
  dir: out,
  format: 'esm',
  // One folder: a chunk's `new URL('./worker.js', import.meta.url)` must find the worker's entry.
  entryFileNames: '[name].js',
  chunkFileNames: '[name]-[hash].js',
});
await bundle.close();
