/**
 * otel/no-deprecated-semconv: deprecated @opentelemetry/semantic-conventions exports (`SEMATTRS_*`,
 * `SEMRESATTRS_*`, `SemanticAttributes.X`, the `*VALUES_*` constants, `ATTR_*` constants whose key was renamed)
 * and deprecated attribute keys written as strings where they are span or resource attribute keys. The renames
 * come from src/otel/semconv-map.generated.ts, which the `semconv` codemod reads too.
 */
import { AST_NODE_TYPES, ASTUtils, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  attributeKeyLiterals,
  attributeKeys,
  deprecatedExport,
  deprecatedKey,
  exportValue,
  isSemconvModule,
  keyText,
  moduleOf,
  type SemconvDecision,
} from '../src/otel/semconv.js';
import { createRule } from '../src/util/create-rule.js';

export type MessageIds = 'sameKey' | 'renamedKey' | 'noReplacement' | 'deprecatedKey' | 'deprecatedKeyNoReplacement' | 'useExport' | 'useKey';

const KEY_CHANGE = 'Changing it changes the emitted key: dashboards and alerts that query the old key need the new one';

export default createRule<[], MessageIds>({
  name: 'no-deprecated-semconv',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow deprecated semantic-convention exports and attribute keys',
      recommended: false,
    },
    hasSuggestions: true,
    messages: {
      sameKey: "'{{name}}' is deprecated: use {{replacement}} from '{{module}}', which emits the same key '{{value}}'.",
      renamedKey: "'{{name}}' is deprecated: its key '{{value}}' was renamed to '{{newValue}}' ({{replacement}} from '{{module}}'). " + KEY_CHANGE + '.',
      noReplacement: "'{{name}}' is deprecated with no one-to-one replacement: {{reason}}",
      deprecatedKey: "Attribute key '{{key}}' is deprecated: it was renamed to '{{to}}'. " + KEY_CHANGE + '.',
      deprecatedKeyNoReplacement: "Attribute key '{{key}}' is deprecated with no one-to-one replacement: {{reason}}",
      useExport: "Use {{replacement}} from '{{module}}'.",
      useKey: "Use '{{to}}'.",
    },
    schema: [],
  },
  create(context) {
    const sourceCode = context.sourceCode;
    const text = sourceCode.text;
    // Exports are imported from the package by name; keys sit in calls that set attributes or build resources.
    const mayImport = text.includes('semantic-conventions');
    const mayHaveKeys = /setAttributes?\s*\(|addEvent\s*\(|attributes\s*:|resourceFromAttributes|Resource\s*\(/.test(text);
    if (!mayImport && !mayHaveKeys) return {};

    /** Reports one deprecated export (or member) at `node`; `rename` writes the suggestion's edit, when one is local. */
    const reportExport = (node: TSESTree.Node, name: string, decision: SemconvDecision, rename: ((replacement: string) => TSESLint.ReportFixFunction) | null): void => {
      const value = decision.value === undefined ? '' : String(decision.value);
      if (decision.rename) {
        const replacement = decision.rename.name;
        const module = moduleOf(decision.rename);
        context.report({
          node,
          messageId: 'sameKey',
          data: { name, replacement, module, value },
          suggest: rename ? [{ messageId: 'useExport', data: { replacement, module }, fix: rename(replacement) }] : [],
        });
      } else if (decision.valueRename) {
        const replacement = decision.valueRename.name;
        const module = moduleOf(decision.valueRename);
        context.report({
          node,
          messageId: 'renamedKey',
          data: { name, value, newValue: decision.valueRename.value, replacement, module },
          suggest: rename ? [{ messageId: 'useExport', data: { replacement, module }, fix: rename(replacement) }] : [],
        });
      } else {
        context.report({ node, messageId: 'noReplacement', data: { name, reason: decision.reason ?? 'see the package documentation' } });
      }
    };

    /** A local rename is possible when the replacement comes from the module the name is imported from. */
    const sameModule = (decision: SemconvDecision, module: string): boolean => {
      const target = decision.rename ?? decision.valueRename;
      return target !== undefined && moduleOf(target) === module;
    };

    /** `{ OLD }` / `{ OLD as x }` / `{ OLD: x }`: the imported name and, when not aliased, every reference. */
    const renameBinding =
      (imported: TSESTree.Node, variable: TSESLint.Scope.Variable | undefined, aliased: boolean) =>
      (replacement: string): TSESLint.ReportFixFunction =>
      (fixer) => {
        const fixes = [fixer.replaceText(imported, replacement)];
        if (aliased) return fixes;
        for (const reference of variable?.references ?? []) {
          const id = reference.identifier;
          if (id.range[0] === imported.range[0]) continue;
          const parent = id.parent as TSESTree.Node | undefined;
          // `{ OLD }` in an object literal keeps its key.
          if (parent?.type === AST_NODE_TYPES.Property && parent.shorthand && parent.value === id) fixes.push(fixer.replaceText(parent, `${id.name}: ${replacement}`));
          else if (parent?.type === AST_NODE_TYPES.ExportSpecifier && parent.local === id) fixes.push(fixer.replaceText(parent, `${replacement} as ${id.name}`));
          else fixes.push(fixer.replaceText(id, replacement));
        }
        return fixes;
      };

    /** Uses of a deprecated object (`SemanticAttributes.HTTP_METHOD`) through its local binding. */
    const checkObjectUses = (variable: TSESLint.Scope.Variable | undefined, name: string, decision: SemconvDecision): void => {
      for (const reference of variable?.references ?? []) {
        // The require's own write to the binding is no use.
        if (reference.init) continue;
        const member = memberName(reference.identifier);
        const memberDecision = member && Object.hasOwn(decision.members ?? {}, member.name) ? decision.members?.[member.name] : undefined;
        if (member && memberDecision) reportExport(member.node, `${name}.${member.name}`, memberDecision, null);
        else reportExport(reference.identifier, name, { reason: 'use the ATTR_* and *_VALUE_* constants that replace its members' }, null);
      }
    };

    const checkNamed = (imported: string, importedNode: TSESTree.Node, variable: TSESLint.Scope.Variable | undefined, aliased: boolean, module: string): void => {
      const decision = deprecatedExport(imported);
      if (!decision) return;
      if (decision.members) {
        checkObjectUses(variable, imported, decision);
        return;
      }
      reportExport(importedNode, imported, decision, sameModule(decision, module) ? renameBinding(importedNode, variable, aliased) : null);
    };

    /** `ns.OLD` (and `ns.SemanticAttributes.X`) through a namespace import or a whole require. */
    const checkNamespace = (declared: TSESTree.Node, module: string): void => {
      const variable = sourceCode.getDeclaredVariables(declared)[0] as TSESLint.Scope.Variable | undefined;
      for (const reference of variable?.references ?? []) {
        const member = memberName(reference.identifier);
        const decision = member ? deprecatedExport(member.name) : undefined;
        if (!member || !decision) continue;
        if (decision.members) {
          const inner = memberName(member.node);
          const memberDecision = inner && Object.hasOwn(decision.members, inner.name) ? decision.members[inner.name] : undefined;
          if (inner && memberDecision) reportExport(inner.node, `${member.name}.${inner.name}`, memberDecision, null);
          continue;
        }
        const property = member.property;
        const rename = sameModule(decision, module) ? (replacement: string): TSESLint.ReportFixFunction => (fixer) => fixer.replaceText(property, replacement) : null;
        reportExport(member.node, member.name, decision, rename);
      }
    };

    /** Attribute key literals by the function (or program) they are in; judged at the end, when every key is known. */
    const keyLiterals: { literal: TSESTree.Node; scope: TSESTree.Node | null }[] = [];
    /** Keys written through the package's constants (`[ATTR_DB_SYSTEM_NAME]: s`), by function: they count as written. */
    const constantKeys: { key: string; scope: TSESTree.Node | null }[] = [];
    const collectKeys = (node: TSESTree.CallExpression | TSESTree.NewExpression): void => {
      const keys = attributeKeys(node as never) as unknown as TSESTree.Node[];
      if (keys.length === 0) return;
      const literals = new Set(attributeKeyLiterals(node as never) as unknown as TSESTree.Node[]);
      let scope: TSESTree.Node | null = null;
      for (const ancestor of sourceCode.getAncestors(node)) if (ancestor.type.includes('Function')) scope = ancestor;
      for (const key of keys) {
        if (literals.has(key)) keyLiterals.push({ literal: key, scope });
        else if (key.type === AST_NODE_TYPES.Identifier) {
          const value = importedSemconvValue(key);
          if (value !== undefined) constantKeys.push({ key: value, scope });
        }
      }
    };
    /** What `ATTR_X` emits when it is imported from the package (not a project's own constant of the same name). */
    const importedSemconvValue = (id: TSESTree.Identifier): string | undefined => {
      const variable = ASTUtils.findVariable(sourceCode.getScope(id), id);
      const definition = variable?.defs[0];
      if (definition?.type !== TSESLint.Scope.DefinitionType.ImportBinding || definition.parent.type !== AST_NODE_TYPES.ImportDeclaration || !isSemconvModule(definition.parent.source.value)) return undefined;
      const node = definition.node;
      if (node.type !== AST_NODE_TYPES.ImportSpecifier) return undefined;
      const value = exportValue(node.imported.type === AST_NODE_TYPES.Identifier ? node.imported.name : node.imported.value);
      return typeof value === 'string' ? value : undefined;
    };
    const checkKeys = (): void => {
      const written = new Map<TSESTree.Node | null, Set<string>>();
      for (const { literal, scope } of keyLiterals) written.set(scope, (written.get(scope) ?? new Set()).add(keyText(literal as never)));
      for (const { key, scope } of constantKeys) written.set(scope, (written.get(scope) ?? new Set()).add(key));
      for (const { literal, scope } of keyLiterals) {
        const key = keyText(literal as never);
        const decision = deprecatedKey(key);
        if (!decision) continue;
        if ('reason' in decision) {
          context.report({ node: literal, messageId: 'deprecatedKeyNoReplacement', data: { key, reason: decision.reason } });
          continue;
        }
        // The same function writes the new key too: both are emitted on purpose (a migration keeping old dashboards).
        if (written.get(scope)?.has(decision.to)) continue;
        const quote = text[literal.range[0]];
        context.report({
          node: literal,
          messageId: 'deprecatedKey',
          data: { key, to: decision.to },
          suggest: [{ messageId: 'useKey', data: { to: decision.to }, fix: (fixer) => fixer.replaceText(literal, `${quote}${decision.to}${quote}`) }],
        });
      }
    };

    // Only the listeners the file can use: ESLint calls none for a selector no rule registers.
    const imports: TSESLint.RuleListener = {
      ImportDeclaration(node) {
        if (!isSemconvModule(node.source.value)) return;
        for (const specifier of node.specifiers) {
          if (specifier.type === AST_NODE_TYPES.ImportSpecifier) {
            const imported = specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
            const variable = sourceCode.getDeclaredVariables(specifier)[0] as TSESLint.Scope.Variable | undefined;
            checkNamed(imported, specifier.imported, variable, imported !== specifier.local.name, node.source.value);
          } else {
            checkNamespace(specifier, node.source.value);
          }
        }
      },
      // `export { OLD } from 'semconv'`: a re-export hands the deprecated name on; the suggestion keeps the exported name.
      ExportNamedDeclaration(node) {
        if (node.source === null || !isSemconvModule(node.source.value)) return;
        const module = node.source.value;
        for (const specifier of node.specifiers) {
          const local = specifier.local;
          const imported = local.type === AST_NODE_TYPES.Identifier ? local.name : local.value;
          const decision = deprecatedExport(imported);
          if (!decision) continue;
          if (decision.members) {
            reportExport(local, imported, { reason: 'use the ATTR_* and *_VALUE_* constants that replace its members' }, null);
            continue;
          }
          const aliased = specifier.range[0] !== local.range[0] || specifier.range[1] !== local.range[1];
          const rename = (replacement: string): TSESLint.ReportFixFunction => (fixer) => fixer.replaceText(local, aliased ? replacement : `${replacement} as ${imported}`);
          reportExport(local, imported, decision, sameModule(decision, module) ? rename : null);
        }
      },
      VariableDeclarator(node) {
        const module = requiredModule(node.init);
        if (module === null || !isSemconvModule(module)) return;
        if (node.id.type === AST_NODE_TYPES.Identifier) {
          checkNamespace(node, module);
          return;
        }
        if (node.id.type !== AST_NODE_TYPES.ObjectPattern) return;
        for (const property of node.id.properties) {
          if (property.type !== AST_NODE_TYPES.Property || property.computed || property.key.type !== AST_NODE_TYPES.Identifier || property.value.type !== AST_NODE_TYPES.Identifier) continue;
          const aliased = !property.shorthand;
          const local = property.value.name;
          const variable = sourceCode.getDeclaredVariables(node).find((v) => v.name === local);
          checkNamed(property.key.name, aliased ? property.key : property.value, variable, aliased, module);
        }
      },
    };
    const keys: TSESLint.RuleListener = { CallExpression: collectKeys, NewExpression: collectKeys, 'Program:exit': checkKeys };
    return { ...(mayImport ? imports : {}), ...(mayHaveKeys ? keys : {}) };
  },
});

/** `x.NAME` around `node` (also `typeof x.NAME` in a type): the member, its property and the name. */
function memberName(node: TSESTree.Node): { node: TSESTree.Node; property: TSESTree.Node; name: string } | null {
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === node) {
    if (!parent.computed && parent.property.type === AST_NODE_TYPES.Identifier) return { node: parent, property: parent.property, name: parent.property.name };
    if (parent.computed && parent.property.type === AST_NODE_TYPES.Literal && typeof parent.property.value === 'string') {
      return { node: parent, property: parent.property, name: parent.property.value };
    }
    return null;
  }
  if (parent?.type === AST_NODE_TYPES.TSQualifiedName && parent.left === node) return { node: parent, property: parent.right, name: parent.right.name };
  return null;
}

/** `require('m')` → 'm'. */
function requiredModule(node: TSESTree.Expression | null): string | null {
  if (node?.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'require') return null;
  const [first] = node.arguments;
  return node.arguments.length === 1 && first.type === AST_NODE_TYPES.Literal && typeof first.value === 'string' ? first.value : null;
}
