/**
 * README tables derived from the registries, so a list of rule or codemod names is never kept by hand.
 * `npm run docs` rewrites the marked sections; test/meta checks they are current.
 */
import { rules, RULE_PREFIX } from '../../rules/index.js';
import { codemods } from '../../transforms/index.js';

export function rulesTable(): string {
  const rows = Object.entries(rules).map(([name, rule]) => {
    const docs = rule.meta.docs;
    const fix = rule.meta.hasSuggestions ? '💡' : '';
    return `| [\`${RULE_PREFIX}/${name}\`](docs/rules/${name}.md) | ${docs?.description ?? ''} | ${docs?.recommended ? '✅' : ''} | ${fix} |`;
  });
  return ['| Rule | Description | Recommended | Suggestions |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export function codemodsTable(): string {
  const rows = codemods.map(({ meta }) => {
    const flags = meta.options.map((o) => `\`${o.flags.split(' ')[0]}\``).join(', ');
    return `| [\`${meta.name}\`](docs/codemods/${meta.name}.md) | ${meta.description} | ${flags} |`;
  });
  return ['| Codemod | What it does | Its own flags |', '| --- | --- | --- |', ...rows].join('\n');
}

const SECTIONS: Record<string, () => string> = { rules: rulesTable, codemods: codemodsTable };

/** Replaces each `<!-- NAME:start -->…<!-- NAME:end -->` section of the text with its generated table. */
export function renderReadme(readme: string): string {
  let output = readme;
  for (const [name, table] of Object.entries(SECTIONS)) {
    const pattern = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
    output = output.replace(pattern, (_m, start: string, end: string) => `${start}\n${table()}\n${end}`);
  }
  return output;
}
