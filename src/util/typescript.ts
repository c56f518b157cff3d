/**
 * TypeScript, loaded with `require` on first use, never as an ES module import: Node's ES module loader reads a
 * CommonJS package's source to find its named exports, and typescript.js is 9 MB: that took about 135 ms of every
 * `lint` and `check` run (typescript-eslint requires it anyway, which costs nothing more once it is loaded).
 */
import { createRequire } from 'node:module';
import type * as TS from 'typescript';

export type Ts = typeof TS;

let loaded: Ts | undefined;

export const loadTypeScript = (): Ts => (loaded ??= createRequire(import.meta.url)('typescript') as Ts);
