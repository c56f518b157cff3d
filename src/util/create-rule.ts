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

export const createRule = ESLintUtils.RuleCreator<OtelRuleDocs>(docsUrl);
