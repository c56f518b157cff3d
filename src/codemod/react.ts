/**
 * What the codemods need to know about React code, in the terms React's own lint rules use
 * (eslint-plugin-react-hooks' rules-of-hooks): hooks are named `use` + a capital or digit, components are
 * capitalised, and a module whose directive prologue says 'use client' runs in the browser.
 */
import type { Node } from './ast.js';
import { continuesExpression, skipTrivia } from './text.js';

const HOOK_NAME = /^use[A-Z0-9]/;
/** PascalCase: capitalised, with a lowercase letter (`GET`, `POST`: Next.js route handlers, and constants, are not). */
const COMPONENT_NAME = /^[A-Z][\w$]*[a-z]/;

/** `useState`, `useOrders`: rules-of-hooks' test for a hook's name. */
export const isHookName = (name: string): boolean => HOOK_NAME.test(name);

/** Capitalised: what React's rules read as a component's name (`QR` too), or a namespace (`React.useState`). */
export const isCapitalized = (name: string): boolean => /^[A-Z]/.test(name);

/** `OrderList`, `QRCode`: a component's name by React's convention, even without JSX to show it. */
export const isComponentName = (name: string): boolean => COMPONENT_NAME.test(name);

/** A hook call: the name to show (`useState`, `React.useMemo`) and the identifier its callee starts with. */
export interface HookCall {
  name: string;
  root: Node;
}

/**
 * The hook a call calls: `useState(…)`, or `React.useState(…)` (a capitalised namespace, as rules-of-hooks reads it);
 * null for any other call.
 */
export function calledHook(call: Node): HookCall | null {
  if (call.type !== 'CallExpression' && call.type !== 'OptionalCallExpression') return null;
  const callee = call.callee as Node;
  if (callee.type === 'Identifier') return isHookName(callee.name as string) ? { name: callee.name as string, root: callee } : null;
  if (callee.type !== 'MemberExpression' || callee.computed) return null;
  const object = callee.object as Node;
  const property = callee.property as Node;
  if (object.type !== 'Identifier' || !isCapitalized(object.name as string) || property.type !== 'Identifier') return null;
  return isHookName(property.name as string) ? { name: `${String(object.name)}.${String(property.name)}`, root: object } : null;
}

/**
 * Whether the text imports or requires React, Preact or a module of React's (`react-dom`, `@remix-run/react`,
 * `@tanstack/react-query`): React code, where a `useX` name means a hook.
 */
export const importsReact = (source: string): boolean => REACT_MODULE.test(source);

const REACT_MODULE = /(?:\bfrom\s*|\brequire\(\s*)['"](?:[^'"]*[/@-])?p?react(?:[/-][^'"]*)?['"]/;

/**
 * Whether the module's directive prologue (the string statements before any other code) holds 'use client': React's
 * mark for a module that runs in the browser.
 */
export function isClientModule(source: string): boolean {
  let at = skipTrivia(source, source.startsWith('#!') ? source.indexOf('\n') + 1 || source.length : 0);
  for (;;) {
    const quote = source[at];
    if (quote !== "'" && quote !== '"') return false;
    let end = at + 1;
    while (end < source.length && source[end] !== quote && source[end] !== '\n') end += source[end] === '\\' ? 2 : 1;
    if (source[end] !== quote) return false;
    // A directive is a whole statement: `'use client'.length` is an expression that starts with a string.
    const next = skipTrivia(source, end + 1);
    const endsStatement = next >= source.length || source[next] === ';' || (source.slice(end + 1, next).includes('\n') && !continuesExpression(source[next]));
    if (!endsStatement) return false;
    if (source.slice(at + 1, end) === 'use client') return true;
    at = source[next] === ';' ? skipTrivia(source, next + 1) : next;
  }
}
