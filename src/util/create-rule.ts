import { ESLintUtils } from '@typescript-eslint/utils';

export interface OtelRuleDocs {
  /** Enabled in `configs.recommended`. */
  recommended: boolean;
  /** Uses type information when the parser provides a program; never requires it. */
  usesTypeInformation?: boolean;
}

export const REPOSITORY_URL = 'https://github.com/otel-codemod/otel-codemod';

export const docsUrl = (name: string): string => `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`;

export const codemodDocsUrl = (name: string): string => `${REPOSITORY_URL}/blob/main/docs/codemods/${name}.md`;

const namedRule = ESLintUtils.RuleCreator<OtelRuleDocs>(docsUrl);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

/**
 * typescript-eslint's RuleCreator, except that a rule's options merged with its defaults are kept per configured
 * options object instead of being cloned and merged again for every file and rule (a `structuredClone` each time,
 * a measurable part of linting a small file). The merged options are frozen: rules only read them.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  rule: Readonly<ESLintUtils.RuleWithMetaAndName<Options, MessageIds, OtelRuleDocs>>,
): ReturnType<typeof namedRule<Options, MessageIds>> {
  const created = namedRule(rule);
  const defaults = (rule.meta.defaultOptions ?? []) as Options;
  let unconfigured: Options | undefined;
  const configured = new WeakMap<object, Options>();
  const merged = (options: Options): Options => deepFreeze(ESLintUtils.applyDefault<Options, Options>(defaults, options));
  const optionsFor = (options: Options): Options => {
    if (options.length === 0) return (unconfigured ??= merged(options));
    const first = options[0];
    if (options.length !== 1 || typeof first !== 'object' || first === null) return merged(options);
    let found = configured.get(first);
    if (!found) {
      found = merged(options);
      configured.set(first, found);
    }
    return found;
  };
  return { ...created, create: (context) => rule.create(context, optionsFor(context.options)) };
}
