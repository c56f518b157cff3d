/** Span names: the `@traced` tag's name, else the template (`{class}.{function}` by default). */
import { basename } from 'node:path';
import type { FunctionSite } from './select.js';

export interface NameContext {
  template: string;
  filePath: string;
  /** The file's path relative to its package, for `{path}`. */
  packagePath: string;
}

/** The span name, or null when the function has no name to use (an anonymous callback without a tag name). */
export function spanNameFor(site: FunctionSite, context: NameContext): string | null {
  if (site.tag?.spanName) return site.tag.spanName;
  if (!site.name) return null;
  return applyTemplate(context.template, {
    class: site.owner ?? '',
    function: site.name,
    file: basename(context.filePath).replace(/\.[^.]+$/, ''),
    path: context.packagePath,
  });
}

/**
 * Fills `{class}`, `{function}`, `{file}` and `{path}`. An empty placeholder takes one separator next to it along
 * (`{class}.{function}` for a plain function is `load`, not `.load`).
 */
export function applyTemplate(template: string, values: Record<string, string>): string {
  let result = template;
  for (const [key, value] of Object.entries(values)) {
    const placeholder = `{${key}}`;
    if (value) {
      result = result.split(placeholder).join(value);
      continue;
    }
    result = result
      .replace(new RegExp(`\\{${key}\\}[.:#/ -]`, 'g'), '')
      .replace(new RegExp(`[.:#/ -]\\{${key}\\}`, 'g'), '')
      .split(placeholder)
      .join('');
  }
  return result;
}

/** `code.function.name`: the qualified name (`OrdersService.load`), whatever the span is called. */
export function qualifiedName(site: FunctionSite): string {
  return site.owner ? `${site.owner}.${site.name ?? ''}` : (site.name ?? '');
}
