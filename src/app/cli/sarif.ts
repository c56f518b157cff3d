/**
 * SARIF 2.1.0 for code-scanning uploads (GitHub, GitLab, Azure DevOps). One run; the driver lists every rule the
 * tool can report (the lint rules and one `codemod/<name>` rule per codemod); files that failed to parse go to the
 * invocation's notifications, not to results. Artifact URIs are relative to %SRCROOT%, the working directory.
 */
import { pathToFileURL } from 'node:url';
import { RULE_PREFIX } from '../../../rules/index.js';
import { codemodDocsUrl, docsUrl, REPOSITORY_URL } from '../../util/create-rule.js';
import { packageInfo } from '../../util/package-info.js';
import type { Failure, Finding, FindingsReport } from './findings.js';
import { CODEMOD_RULE_PREFIX } from './findings.js';
import { displayPath, toPosix } from './paths.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface RuleDescriptor {
  id: string;
  description: string;
  helpUri: string;
}

/** Every rule the tool can report, from the two registries. */
export function ruleDescriptors(
  lintRules: Record<string, { meta: { docs?: { description?: string; url?: string } } }>,
  codemods: readonly { meta: { name: string; description: string } }[],
): RuleDescriptor[] {
  return [
    ...Object.entries(lintRules).map(([name, rule]) => ({
      id: `${RULE_PREFIX}/${name}`,
      description: rule.meta.docs?.description ?? name,
      helpUri: rule.meta.docs?.url ?? docsUrl(name),
    })),
    ...codemods.map(({ meta }) => ({
      id: `${CODEMOD_RULE_PREFIX}/${meta.name}`,
      description: meta.description,
      helpUri: codemodDocsUrl(meta.name),
    })),
  ];
}

export function toSarif(report: FindingsReport, rules: readonly RuleDescriptor[], cwd: string): object {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const baseUri = pathToFileURL(cwd.endsWith('/') ? cwd : `${cwd}/`).href;
  const artifact = (path: string) => {
    const shown = displayPath(path, cwd);
    return shown === path ? { uri: pathToFileURL(path).href } : { uri: toPosix(shown), uriBaseId: '%SRCROOT%' };
  };
  const result = (finding: Finding) => ({
    ruleId: finding.ruleId,
    ...(ruleIndex.has(finding.ruleId) ? { ruleIndex: ruleIndex.get(finding.ruleId) } : {}),
    level: finding.severity === 2 ? 'error' : 'warning',
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifact(finding.path),
          region: {
            startLine: finding.line,
            startColumn: finding.column,
            ...(finding.endLine === undefined ? {} : { endLine: finding.endLine }),
            ...(finding.endColumn === undefined ? {} : { endColumn: finding.endColumn }),
          },
        },
      },
    ],
  });
  const failureRegion = (failure: Failure) =>
    failure.line === undefined
      ? {}
      : {
          region: {
            startLine: failure.line,
            ...(failure.column === undefined ? {} : { startColumn: failure.column }),
          },
        };
  const notification = (failure: Failure) => ({
    level: 'error',
    message: { text: `${failure.source === 'lint' ? '' : `${failure.source}: `}${failure.message}` },
    locations: [
      {
        physicalLocation: { artifactLocation: artifact(failure.path), ...failureRegion(failure) },
      },
    ],
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: packageInfo.name,
            version: packageInfo.version,
            semanticVersion: packageInfo.version,
            informationUri: REPOSITORY_URL,
            rules: rules.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.description },
              helpUri: rule.helpUri,
              defaultConfiguration: { level: 'error' },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: baseUri } },
        invocations: [
          {
            executionSuccessful: report.failures.length === 0,
            toolExecutionNotifications: report.failures.map(notification),
          },
        ],
        results: report.findings.map(result),
      },
    ],
  };
}
