/**
 * What the codemods need to know about React code, in the terms React's own lint rules use
 * (eslint-plugin-react-hooks' rules-of-hooks): hooks are named `use` + a capital or digit, components are
 * capitalised, and a module whose directive prologue says 'use client' runs in the browser.
 */
import type { Node } from './ast.js';
import { skipTrivia } from './text.js';

const HOOK_NAME = /^use[A-Z0-9]/;
/** PascalCase: capitalised, with a lowercase letter (`GET`, `POST`: Next.js route handlers, and constants, are not). */
const COMPONENT_NAME = /^[A-Z][\w$]*[a-z]/;

/** `useState`, `useOrders`: rules-of-hooks' test for a hook's name. */
export const isHookName = (name: string): boolean => HOOK_NAME.test(name);

/** Capitalised: what React's rules read as a component's name (`QR` too), or a namespace (`React.useState`). */
export const isCapitalized = (name: string): boolean => /^[A-Z]/.test(name);

/** `OrderList`, `QRCode`: a component's name by React's convention, even without JSX to show it. */
export const isComponentName = (name: string): boolean => COMPONENT_NAME.test(name);

/**
 * The hook a call calls: `useState(…)`, or `React.useState(…)` (a capitalised namespace, as rules-of-hooks reads it);
 * null for any other call.
 */
export function calledHook(call: Node): string | null {
  if (call.type !== 'CallExpression' && call.type !== 'OptionalCallExpression') return null;
  const callee = call.callee as Node;
  if (callee.type === 'Identifier') return isHookName(callee.name as string) ? (callee.name as string) : null;
  if (callee.type !== 'MemberExpression' || callee.computed) return null;
  const object = callee.object as Node;
  const property = callee.property as Node;
  if (object.type !== 'Identifier' || !isCapitalized(object.name as string) || property.type !== 'Identifier') return null;
  return isHookName(property.name as string) ? `${String(object.name)}.${String(property.name)}` : null;
}

/** Whether the text imports or requires React (or Preact): where a `useX` name means a hook. */
export const importsReact = (source: string): boolean => /\bfrom\s*['"](?:p?react)['"]|\brequire\(\s*['"]p?react['"]\s*\)/.test(source);

/**
 * Whether the module's directive prologue (the string statements before any other code) holds 'use client': React's
 * mark for a module that runs in the browser.
 */
export function isClientModule(source: string): boolean {
  let at = skipTrivia(source, source.startsWith('#!') ? source.indexOf('\n') + 1 || source.length : 0);
  for (;;) {
    const quote = source[at];
    if (quote !== "'" && quote !== '"') return false;
    const end = source.indexOf(quote, at + 1);
    if (end === -1) return false;
    if (source.slice(at + 1, end) === 'use client') return true;
    at = skipTrivia(source, end + 1);
    if (source[at] === ';') at = skipTrivia(source, at + 1);
  }
}
