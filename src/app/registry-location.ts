/**
 * Where the compiled transform registry is, for the runner to import in this thread and in its workers:
 * dist/transforms/index.js, two folders up from this module's dist/src/app/. The bundled CLI
 * (scripts/bundle-cli.mjs) puts the registry beside its own chunks and replaces this module with one that says so.
 */
export const REGISTRY_URL = new URL('../../transforms/index.js', import.meta.url);
