/**
 * What `--exported` leaves alone as React code (docs/codemods/wrap-spans.md, "Choosing functions"): the rule on a
 * parsed function, and the same rule read from a file's text, which spares parsing the many component files of a
 * React app.
 */
import { importsReact, isCapitalized, isComponentName, isHookName } from '../../src/codemod/react.js';
import { continuesExpression, skipTrivia } from '../../src/codemod/text.js';
import type { ReactUse } from './ast.js';
import type { FunctionSite } from './select.js';

/** A file where JSX is written: there a PascalCase function is a component whatever it returns. */
const isJsxPath = (path: string): boolean => /\.(tsx|jsx)$/i.test(path);

/**
 * Next.js server files that may be .tsx and write JSX for an image: route handlers (`route.tsx`, `pages/api/…`) and
 * metadata images (`opengraph-image.tsx`, `export default function Image()`). There a name says nothing.
 */
const SERVER_JSX_FILE = /(?:^|[\\/])(?:route|opengraph-image|twitter-image|icon|apple-icon)\.(?:tsx|jsx)$|[\\/]pages[\\/]api[\\/]/i;

const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The first hook the function calls, where the call is React's: in React code (a JSX file, or one that imports React
 * or a module of React's), or in a function itself named like a hook (hooks call hooks). Elsewhere a `use…` call is
 * something else: a test's `useContainer` fixture helper, Nuxt's auto-imported `useStorage`.
 */
export function reactHookCalled(use: ReactUse, name: string | undefined, source: string, path: string): string | null {
  const first = use.hooks[0] as ReactUse['hooks'][number] | undefined;
  if (!first) return null;
  return isReactCode(source, path) || (name !== undefined && isHookName(name)) ? first.name : null;
}

const isReactCode = (source: string, path: string): boolean => isJsxPath(path) || importsReact(source);

/**
 * Why `--exported` alone would leave this function alone as React code, or null: a hook by its name (in React code)
 * or because it calls one (reactHookCalled); a component by a PascalCase name in a JSX file (`GET` and `POST` are not),
 * or because it returns JSX and is capitalised (`QR`) or nameless.
 */
export function reactRole(site: FunctionSite, use: ReactUse, source: string, path: string): 'hook' | 'component' | null {
  const name = site.matchNames[0] as string | undefined;
  // A name alone makes a hook only in React code: Playwright's fixtures and helpers are called `use…` too.
  if (name !== undefined && isHookName(name) && isReactCode(source, path)) return 'hook';
  if (reactHookCalled(use, name, source, path) !== null) return 'hook';
  if (name !== undefined && HTTP_METHODS.has(name)) return null;
  if (name !== undefined && isComponentName(name) && isJsxPath(path) && !SERVER_JSX_FILE.test(path)) return 'component';
  return use.returnsJsx && (name === undefined || isCapitalized(name)) ? 'component' : null;
}

/**
 * What, from its text alone, a file exports that `--exported` could wrap. 'values': every `export` in it is a type, a
 * class or a re-export, or exports a lowercase value that is no function (`export const metadata = { … }`,
 * `export const columns = [ … ]`, `export const dynamic = 'force-dynamic'`, `export const schema = z.object(…)`,
 * `export const GET = withAuth(async (req) => …)`: the wrapped handler is an argument, not an exported function).
 * 'react': the same, but some exports of a .tsx or .jsx file name a component or a hook (`export function OrderList`,
 * `export const useCart = …`, `export { Header, useTheme }`, `export default Page`). null: some other `export` (a
 * function, an anonymous default export, one it cannot read), or the text says `exports`: the file is parsed.
 */
export function exportsFromText(source: string, path: string): 'values' | 'react' | null {
  if (/\bexports\b/.test(source)) return null;
  // In a JSX file a PascalCase or `use…` name is React's; elsewhere, and in a server file that writes JSX, it is a function.
  const reactNames = isJsxPath(path) && !SERVER_JSX_FILE.test(path);
  const seen = { react: false };
  const isReact = (name: string): boolean => {
    if (!reactNames || !isReactName(name)) return false;
    seen.react = true;
    return true;
  };
  EXPORT.lastIndex = 0;
  for (let match = EXPORT.exec(source); match !== null; match = EXPORT.exec(source)) {
    if (!isReactOrValueExport(source, match.index + match[0].length, isReact)) return null;
  }
  return seen.react ? 'react' : 'values';
}

const EXPORT = /\bexport\b/g;
/** Characters read after `export` for a declaration's head. */
const READ_AHEAD = 400;

const NOT_A_FUNCTION =
  /^\s+(?:type|interface|enum|declare|namespace|module|(?:abstract\s+)?class)\b|^\s+default\s+(?:interface|(?:abstract\s+)?class)\b|^\s*\*|^\s*(?:type\s*)?\{[^}]*\}\s*from\b/;
const FUNCTION_DECLARATION = /^\s+(?:default\s+)?(?:async\s+)?function\s*\*?\s*([\w$]+)/;
const DEFAULT_NAME = /^\s+default\s+([\w$]+)\s*(?:;|\r?\n|$)/;
const DEFAULT_CALL = /^\s+default\s+(?!async\b|function\b)[\w$.]+\s*\(/;
const LOCAL_LIST = /^\s*\{([^}]*)\}(?!\s*from\b)/;
const SPECIFIER = /^(?:type\s+)?([\w$]+)(?:\s+as\s+[\w$]+)?$/;
const VARIABLE = /^\s+(?:const|let|var)\s+([\w$]+)\s*(?::[^=;]*)?=\s*/;
/** The start of an initializer that is no function: a literal, an object, an array, `new …`, a call or a member. */
const VALUE_START = /^(?:[{[\'"`\d!-]|new\b|true\b|false\b|null\b|undefined\b|(?!async\b|function\b)[\w$]+(?:\.[\w$]+)*\s*(?:[([`;]|\r?\n|$))/;

const isReactName = (name: string): boolean => isHookName(name) || isComponentName(name);

/** `at`: just after an `export`; `isReact` says whether a name is React code here (and notes that it was). */
function isReactOrValueExport(source: string, at: number, isReact: (name: string) => boolean): boolean {
  const after = source.slice(at, at + READ_AHEAD);
  if (NOT_A_FUNCTION.test(after) || DEFAULT_CALL.test(after)) return true;
  const declared = FUNCTION_DECLARATION.exec(after) ?? DEFAULT_NAME.exec(after);
  if (declared) return isReact(declared[1]);
  const list = LOCAL_LIST.exec(after);
  if (list) {
    return list[1].split(',').every((specifier) => {
      const local = SPECIFIER.exec(specifier.trim());
      return specifier.trim() === '' || (local !== null && isReact(local[1]));
    });
  }
  const variable = VARIABLE.exec(after);
  if (!variable) return false;
  // `export const a = 1, b = () => 2` declares more than its first name.
  const initializer = at + variable[0].length;
  if (!endsAlone(source, initializer)) return false;
  // `(` opens a parenthesized arrow function's parameters as often as an expression: only a name decides then.
  const value = source.slice(initializer, initializer + READ_AHEAD);
  return isReact(variable[1]) || (!value.startsWith('(') && VALUE_START.test(value));
}

/**
 * Whether the expression starting at `start` ends its statement without a comma at its own level: at a `;`, at a line
 * break the next line does not continue, or at the end of the text. Strings, templates and comments are skipped;
 * anything it cannot follow (an unclosed bracket) says no.
 */
function endsAlone(source: string, start: number): boolean {
  let depth = 0;
  for (let at = start; at < source.length; at++) {
    const char = source[at];
    if (char === "'" || char === '"' || char === '`') {
      at = closingQuote(source, at);
      if (at === -1) return false;
    } else if (char === '/' && source[at + 1] === '/') {
      // To the line break, which may end the statement.
      const lineBreak = source.indexOf('\n', at);
      if (lineBreak === -1) return depth === 0;
      at = lineBreak - 1;
    } else if (char === '/' && source[at + 1] === '*') {
      const close = source.indexOf('*/', at + 2);
      if (close === -1) return false;
      at = close + 1;
    } else if (char === '(' || char === '[' || char === '{') {
      depth++;
    } else if (char === ')' || char === ']' || char === '}') {
      if (--depth < 0) return false;
    } else if (depth === 0) {
      if (char === ',') return false;
      if (char === ';') return true;
      if (char === '\n') {
        const next = skipTrivia(source, at);
        if (next >= source.length || !continuesExpression(source[next])) return true;
      }
    }
  }
  return depth === 0;
}

/** The offset of the quote that closes the string or template opening at `open` (escapes skipped), or -1. */
function closingQuote(source: string, open: number): number {
  const quote = source[open];
  for (let at = open + 1; at < source.length; at++) {
    if (source[at] === '\\') at++;
    else if (source[at] === quote) return at;
    else if (source[at] === '\n' && quote !== '`') return -1;
  }
  return -1;
}
