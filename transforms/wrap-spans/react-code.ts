/**
 * What `--exported` leaves alone as React code (docs/codemods/wrap-spans.md, "Choosing functions"): the rule on a
 * parsed function, and the same rule read from a file's text, which spares parsing the many component files of a
 * React app.
 */
import { importsReact, isCapitalized, isComponentName, isHookName } from '../../src/codemod/react.js';
import type { ReactUse } from './ast.js';
import type { FunctionSite } from './select.js';

/** A file where JSX is written: there a capitalised function is a component whatever it returns. */
const isJsxPath = (path: string): boolean => /\.(tsx|jsx)$/i.test(path);

/**
 * Why `--exported` alone would leave this function alone as React code, or null: a hook by its name (in a JSX file or
 * one that imports React) or because it calls one; a component by a PascalCase name in a JSX file (`GET` and `POST` are route handlers there), or because it
 * writes JSX and is capitalised (`QR`) or nameless.
 */
export function reactRole(site: FunctionSite, use: ReactUse, source: string, path: string): 'hook' | 'component' | null {
  const name = site.matchNames[0] as string | undefined;
  // A name alone makes a hook only in React code: Playwright's fixtures and helpers are called `use…` too.
  if (name !== undefined && isHookName(name) && (isJsxPath(path) || importsReact(source))) return 'hook';
  if (use.hook !== null) return 'hook';
  if (name !== undefined && isComponentName(name) && isJsxPath(path)) return 'component';
  return use.jsx && (name === undefined || isCapitalized(name)) ? 'component' : null;
}


/**
 * Whether, from its text alone, a .tsx or .jsx file holds nothing `--exported` would wrap but React code: every
 * `export` in it is a type, a class or a re-export, or names a component or a hook (`export function OrderList`,
 * `export const useCart = …`, `export { Header, useTheme }`, `export default Page`), or exports a lowercase value that
 * is no function (`export const metadata = { … }`, `export const columns = [ … ]`, `export const dynamic = 'force-dynamic'`,
 * `export const schema = z.object(…)`), and nothing says `exports`. Any other `export` (a lowercase function, an
 * anonymous default export, one it cannot read) means the file is parsed.
 */
export function exportsOnlyReactCode(source: string, path: string): boolean {
  if (!isJsxPath(path) || /\bexports\b/.test(source)) return false;
  EXPORT.lastIndex = 0;
  for (let match = EXPORT.exec(source); match !== null; match = EXPORT.exec(source)) {
    const after = source.slice(match.index + match[0].length, match.index + match[0].length + READ_AHEAD);
    if (!isReactOrValueExport(after)) return false;
  }
  return true;
}

const EXPORT = /\bexport\b/g;
/** Characters read after `export`: enough for a declaration's head. */
const READ_AHEAD = 400;

const NOT_A_FUNCTION = /^\s+(?:default\s+)?(?:type|interface|enum|declare|namespace|module|(?:abstract\s+)?class)\b|^\s*\*|^\s*(?:type\s*)?\{[^}]*\}\s*from\b/;
const FUNCTION_DECLARATION = /^\s+(?:default\s+)?(?:async\s+)?function\s*\*?\s*([\w$]+)/;
const DEFAULT_NAME = /^\s+default\s+([\w$]+)\s*(?:;|\r?\n|$)/;
const DEFAULT_CALL = /^\s+default\s+(?!async\b|function\b)[\w$.]+\s*\(/;
const LOCAL_LIST = /^\s*\{([^}]*)\}(?!\s*from\b)/;
const VARIABLE = /^\s+(?:const|let|var)\s+([\w$]+)\s*(?::[^=;]*)?=\s*([^]*)/;
/** The start of an initializer that is no function: a literal, an object, an array, `new …`, a call or a member. */
const VALUE_START = /^(?:[{[\'"`\d!-]|new\b|true\b|false\b|null\b|undefined\b|(?!async\b|function\b)[\w$]+(?:\.[\w$]+)*\s*(?:[([`;]|\r?\n|$))/;

const isReactName = (name: string): boolean => isHookName(name) || isComponentName(name);

function isReactOrValueExport(after: string): boolean {
  if (NOT_A_FUNCTION.test(after) || DEFAULT_CALL.test(after)) return true;
  const declared = FUNCTION_DECLARATION.exec(after) ?? DEFAULT_NAME.exec(after);
  if (declared) return isReactName(declared[1]);
  const list = LOCAL_LIST.exec(after);
  if (list) {
    return list[1]
      .split(',')
      .map((specifier) => specifier.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0])
      .every((local) => local === '' || isReactName(local));
  }
  const variable = VARIABLE.exec(after);
  if (!variable) return false;
  // `(` opens a parenthesized arrow function's parameters as often as an expression: only a name decides then.
  return isReactName(variable[1]) || (!variable[2].startsWith('(') && VALUE_START.test(variable[2]));
}
