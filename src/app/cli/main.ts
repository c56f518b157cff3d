/**
 * The command line, derived from the registries: one command per codemod (its own options from meta.options plus
 * the shared flags), `lint` and `check`. Returns the exit code; only bin.ts touches the process.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { codemods } from '../../../transforms/index.js';
import { findConfig, validateFound, type LoadedConfig } from '../config/index.js';
import { REGISTRY_URL } from '../registry-location.js';
import { UserError } from '../user-error.js';
import { packageInfo } from '../../util/package-info.js';
import { runCodemodCommand, type CodemodFlags } from './codemod-command.js';
import { addCodemodOptions, mergeCodemodOptions, optionsFromCommandLine } from './codemod-options.js';
import { TOOL_NAME, type CliIo } from './io.js';
import { REPORT_FORMATS } from './formats.js';
import type { LintFlags } from './lint-command.js';
import { TYPED_LINT_DEFAULT } from './typed-lint.js';

/** Long flags every codemod command has; a codemod's own options must not reuse them. */
export const SHARED_CODEMOD_FLAGS = [
  '--dry',
  '--diff',
  '--check',
  '--json',
  '--jobs',
  '--ignore',
  '--force',
  '--config',
  '--help',
];
export const BUILT_IN_COMMANDS = ['lint', 'check', 'help'];

const EXIT_CODES_HELP = `
Exit codes:
  0  nothing to report
  1  lint findings, or pending changes under --check / check
  2  a file failed (parse error, transform error), or bad input (unknown flag, missing path, bad configuration)`;

/**
 * Finds and validates the configuration. The rule registry (which loads ESLint and the TypeScript parser, most of
 * the start-up time) is imported only when the configuration has rule settings to check, so codemod commands stay
 * quick in pre-commit hooks.
 */
async function loadCliConfig(cwd: string, explicitPath: string | undefined): Promise<LoadedConfig> {
  const found = findConfig(cwd, explicitPath);
  const hasRules = typeof found?.value === 'object' && found.value !== null && 'rules' in found.value;
  const ruleRegistry = hasRules ? await import('../../../rules/index.js') : undefined;
  return validateFound(found, cwd, {
    codemods: codemods.map((codemod) => codemod.meta),
    rules: ruleRegistry ? Object.keys(ruleRegistry.rules) : [],
    rulePrefix: ruleRegistry?.RULE_PREFIX ?? '',
  });
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2; // commander already printed the line
    if (error instanceof UserError) {
      io.stderr.write(`${TOOL_NAME}: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    io.stderr.write(`${TOOL_NAME}: internal error: ${message} (set OTEL_CODEMOD_DEBUG=1 for details)\n`);
    if (process.env.OTEL_CODEMOD_DEBUG && error instanceof Error) io.stderr.write(`${error.stack ?? error.message}\n`);
    return 2;
  }
}

function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command(TOOL_NAME);
  const configure = (command: Command): Command =>
    command
      .exitOverride()
      .showSuggestionAfterError(true)
      .configureOutput({
        writeOut: (text) => io.stdout.write(text),
        writeErr: (text) => io.stderr.write(text),
        // Commander's messages start with "error: " and put suggestions on a second line: make them one line.
        outputError: (text, write) => {
          write(`${TOOL_NAME}: ${oneLine(text.replace(/^error:\s*/, ''))}\n`);
        },
      });

  configure(program)
    .description('ESLint rules and codemods that keep OpenTelemetry instrumentation in Node.js code correct.')
    .version(packageInfo.version, '-V, --version')
    .addHelpText('after', EXIT_CODES_HELP);

  for (const codemod of codemods) {
    const { meta } = codemod;
    const command = configure(program.command(meta.name))
      .description(meta.description)
      .argument('<paths...>', 'files and folders to transform');
    addCodemodOptions(command, meta.options);
    command
      .option('--dry', 'write nothing; report what would change')
      .option('--diff', 'print unified diffs of what would change; write nothing (implies --dry)')
      .option('--check', 'write nothing; exit 1 when any file would change (for CI and pre-commit)')
      .option('--json', 'print a machine-readable report on stdout')
      .addOption(jobsOption())
      .addOption(ignoreOption())
      .addOption(noIgnoreOption())
      .option('--force', 'run even when the git work tree has uncommitted changes under the given paths')
      .addOption(configOption())
      .addHelpText('after', EXIT_CODES_HELP)
      .action(async (paths: string[], flags: CodemodFlags, self: Command) => {
        const config = await loadCliConfig(io.cwd, flags.config);
        const fromCommandLine = optionsFromCommandLine(self, meta.options);
        const options = mergeCodemodOptions(meta.options, config.config.codemods[meta.name], fromCommandLine);
        setExitCode(await runCodemodCommand({ codemod, paths, flags, options, config, registryUrl: REGISTRY_URL }, io));
      });
  }

  configure(program.command('lint'))
    .description('run the recommended lint rules (no ESLint configuration needed)')
    .argument('<paths...>', 'files and folders to lint')
    .addOption(formatOption())
    .addOption(ignoreOption())
    .addOption(noIgnoreOption())
    .addOption(configOption())
    .addOption(typesOption())
    .addOption(noTypesOption())
    .addOption(unusedDirectivesOption())
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (paths: string[], flags: LintFlags) => {
      const config = await loadCliConfig(io.cwd, flags.config);
      const { runLintCommand } = await import('./lint-command.js');
      setExitCode(await runLintCommand({ paths, flags, config, codemods, registryUrl: REGISTRY_URL }, io));
    });

  configure(program.command('check'))
    .description('run the lint rules and every codemod in check mode; writes nothing')
    .argument('<paths...>', 'files and folders to check')
    .addOption(formatOption())
    .addOption(jobsOption())
    .addOption(ignoreOption())
    .addOption(noIgnoreOption())
    .addOption(configOption())
    .addOption(typesOption())
    .addOption(noTypesOption())
    .addOption(unusedDirectivesOption())
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (paths: string[], flags: LintFlags) => {
      const config = await loadCliConfig(io.cwd, flags.config);
      const { runCheckCommand } = await import('./lint-command.js');
      setExitCode(await runCheckCommand({ paths, flags, config, codemods, registryUrl: REGISTRY_URL }, io));
    });

  return program;
}

function jobsOption(): Option {
  return new Option('--jobs <n>', 'worker threads (default: the number of cores)').argParser((value: string) => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < 1) {
      throw new InvalidArgumentError('Expected a positive integer.');
    }
    return Number(value);
  });
}

function ignoreOption(): Option {
  return new Option('--ignore <glob>', 'skip files matching this .gitignore-style pattern (repeatable)').argParser(
    (value: string, previous: string[] | false | undefined) => [...(previous || []), value],
  );
}

function noIgnoreOption(): Option {
  return new Option('--no-ignore', 'apply no ignore patterns: neither .gitignore nor the configuration\'s nor --ignore');
}

function configOption(): Option {
  return new Option(
    '--config <file>',
    'configuration file (default: otel-codemod.config.json or package.json "otel-codemod", nearest upward)',
  );
}

// No default value here: left out, `types` comes from the configuration, then TYPED_LINT_DEFAULT.
function typesOption(): Option {
  return new Option(
    '--types',
    `lint with type information from each file's nearest tsconfig.json (default: ${TYPED_LINT_DEFAULT ? 'on' : 'off'})`,
  );
}

function noTypesOption(): Option {
  return new Option('--no-types', 'lint without type information (overrides the configuration)');
}

function unusedDirectivesOption(): Option {
  return new Option(
    '--report-unused-disable-directives',
    'report eslint-disable comments naming otel/* rules that suppress nothing (directives for other tools are never reported)',
  );
}

function formatOption(): Option {
  return new Option('--format <format>', 'output format').choices(REPORT_FORMATS).default('stylish');
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
