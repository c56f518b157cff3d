/**
 * What the codemods need to know about React code, in the terms React's own lint rules use
 * (eslint-plugin-react-hooks' rules-of-hooks): hooks are named `use` + a capital or digit, components are
 * capitalised, and a module whose directive prologue says 'use client' runs in the browser.
 */
import type { Node } from './ast.js';
import { skipTrivia } from './text.js';

const HOOK_NAME = /^use[A-Z0-9]/;
const COMPONENT_NAME = /^[A-Z]/;

/** `useState`, `useOrders`: rules-of-hooks' test for a hook's name. */
const isHookName = (name: string): boolean => HOOK_NAME.test(name);

/** `OrderList`: React calls a capitalised function that returns JSX a component. */
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
  if (object.type !== 'Identifier' || !isComponentName(object.name as string) || property.type !== 'Identifier') return null;
  return isHookName(property.name as string) ? `${String(object.name)}.${String(property.name)}` : null;
}

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
