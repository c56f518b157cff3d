/** pathsTo: the paths `root.find` gives, for the nodes a test picks, without visiting the tree with ast-types. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ASTPath } from 'jscodeshift';
import type { Node } from '../../src/codemod/ast.js';
import { pathsTo } from '../../src/codemod/node-paths.js';
import { open } from '../helpers/codemod-file.js';

const isCall = (node: Node): boolean => node.type === 'CallExpression' || node.type === 'OptionalCallExpression';

/** Each path as its node's position and the types of its ancestors, to compare two lists of paths. */
const describePath = (path: ASTPath): string => {
  const types: string[] = [];
  for (let current: ASTPath | null = path; current; current = current.parent as ASTPath | null) types.push(current.node.type);
  const node = path.node as unknown as Node;
  return `${String(node.start)}-${String(node.end)} ${types.join('<')}`;
};

function sameAsFind(path: string, source: string): void {
  const byFind = open(path, source);
  const found = byFind.root.find(byFind.j.CallExpression).paths().map(describePath);
  const picked = pathsTo(open(path, source), isCall).map(describePath);
  expect(picked).toEqual(found);
  expect(picked.length).toBeGreaterThan(0);
}

describe('pathsTo', () => {
  it('finds the calls root.find finds, in its order, with the same ancestors', () => {
    sameAsFind(
      'a.ts',
      [
        `@decorate(make()) class A<T = ReturnType<typeof f>> extends mix(B) { @log() m(x = d()) { return g(h(1), i?.()); } }`,
        `const { a = one() } = two(three());`,
        'tag`${inner()}`(outer());',
        `for (const x of list()) try { run(x); } catch { retry(); } finally { done(); }`,
        `export default (a ? b() : c())(d());`,
        `label: while (next()) if (check()) break label;`,
      ].join('\n'),
    );
    sameAsFind('b.jsx', `const el = <Item onClick={() => click(id)} {...props()}>{render(child())}</Item>;\nrun?.().then(done);`);
  });

  it('gives the same scopes as the paths root.find makes', () => {
    const source = `const fetch = make();\nfunction f() { fetch('/a'); }\nfunction g(fetch) { fetch('/b'); }\nfetch('/c');`;
    const file = open('a.js', source);
    const paths = pathsTo(file, (node) => isCall(node) && (node.callee as Node).name === 'fetch');
    const declaringLine = (path: ASTPath): number | undefined => {
      const scope = (path as unknown as { scope: { lookup(name: string): { node: Node } | null } }).scope.lookup('fetch');
      return scope ? source.slice(0, scope.node.start).split('\n').length : undefined;
    };
    expect(paths.map(declaringLine)).toEqual([1, 3, 1]);
  });

  it('walks only around a word when told every node it picks has it, and finds the same nodes', () => {
    const source = [
      `import { helper } from './helper';`,
      `export async function load(id: string) { const r = await fetch(\`/items/\${id}\`, { headers: h() }); return r.json(); }`,
      `class Api { get = () => globalThis.fetch(url(), init()); other() { return fetchLike(); } }`,
      `window.fetch?.('/a'); self.fetch('/b').then((r) => fetch(r.url));`,
    ].join('\n');
    const isFetchCall = (node: Node): boolean => {
      if (!isCall(node)) return false;
      const callee = node.callee as Node;
      return callee.type === 'Identifier' ? callee.name === 'fetch' : (callee.property as Node | undefined)?.name === 'fetch';
    };
    const everywhere = pathsTo(open('a.ts', source), isFetchCall).map(describePath);
    expect(pathsTo(open('a.ts', source), isFetchCall, 'fetch').map(describePath)).toEqual(everywhere);
    expect(everywhere).toHaveLength(5);
    expect(pathsTo(open('a.ts', source), isFetchCall, 'nowhere')).toEqual([]);
  });

  it('takes a word only where it is a whole name, and several words at once', () => {
    const source = [
      `const fetchParams = prefetch(fetching);`,
      `export function send(fetchLike) { return fetchLike(fetchParams); }`,
      `export const viaFetch = () => fetch('/a');`,
      `export const named = log$fetch(); export const other = pino();`,
    ].join('\n');
    const calledAs = (names: string[]) => (node: Node): boolean => isCall(node) && names.includes((node.callee as Node).name as string);
    const starts = (near: string | string[], names: string[]) =>
      pathsTo(open('a.js', source), calledAs(names), near).map((path) => (path.node as unknown as Node).start);
    // `prefetch`, `fetching`, `fetchLike`, `log$fetch` do not hold the word: the walk does not go there.
    expect(starts('fetch', ['fetch', 'prefetch', 'fetchLike', 'log$fetch'])).toEqual([source.indexOf("fetch('/a')")]);
    expect(starts(['fetch', 'pino'], ['fetch', 'pino'])).toEqual([source.indexOf("fetch('/a')"), source.indexOf('pino()')]);
    // A name spelled with escapes is found by what it decodes to; escapes elsewhere (in strings) change nothing.
    const escaped = [
      `const a = f\\u0065tch('/b'), b = \\u{66}etch('/c');`,
      `const c = "\\u001b[31m", d = prefetch('\\u0041'), e = f\\u0065tchLike('/d');`,
    ].join('\n');
    const escapedStarts = pathsTo(open('b.js', escaped), calledAs(['fetch', 'prefetch', 'fetchLike']), 'fetch').map(
      (path) => (path.node as unknown as Node).start,
    );
    expect(escapedStarts).toEqual([escaped.indexOf('f\\u0065tch('), escaped.indexOf('\\u{66}etch(')]);
  });

  it('matches root.find on a real file of this project', () => {
    const path = fileURLToPath(new URL('../../transforms/inject-propagation.ts', import.meta.url));
    sameAsFind(path, readFileSync(path, 'utf8'));
  });
});
