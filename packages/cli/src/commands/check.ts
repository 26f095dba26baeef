import { Command, Option } from 'commander';
import { colorsFor, noColors } from '../colors.js';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-code.js';
import { expandInputs } from '../files/expand.js';
import { FORMATTERS, FORMAT_NAMES, type FormatName } from '../formatters/index.js';
import { checkFiles, readSources, type Summary } from '../load.js';

interface CheckOptions {
    readonly format: FormatName;
    readonly strict?: boolean;
}

export function exitCodeFor(summary: Summary, strict: boolean): ExitCode {
    return summary.errors > 0 || (strict && summary.warnings > 0) ? ExitCode.ModelErrors : ExitCode.Success;
}

export function registerCheck(program: Command, context: CommandContext): void {
    const formats = FORMAT_NAMES.map(name => `  ${name.padEnd(6)} ${FORMATTERS[name].description}`).join('\n');
    program
        .command('check')
        .description('Check .arch models and print their diagnostics.')
        .argument('<files...>', 'files, folders (every *.arch below, except node_modules and dot-folders) or globs')
        .addOption(new Option('--format <format>', 'output format').choices(FORMAT_NAMES).default('text'))
        .option('--strict', 'fail on warnings too')
        .addHelpText(
            'after',
            `
Formats:
${formats}

Diagnostics and the summary line go to stdout, as 'file:line:col severity code message'
(colour only on a TTY, never with NO_COLOR set or --format json). Errors about the
command line or unreadable files go to stderr, one line each.

Exit codes: 0 no errors, 1 errors (or warnings with --strict), 2 usage or I/O error.`
        )
        .action(async (inputs: string[], options: CheckOptions) => {
            context.exitCode = await check(inputs, options, context);
        });
}

async function check(inputs: readonly string[], options: CheckOptions, { io, deps }: CommandContext): Promise<ExitCode> {
    const files = await expandInputs(inputs, io.cwd);
    const checker = await deps.createChecker();
    const report = await checkFiles(await readSources(files, io.cwd, checker), checker, io.cwd);
    const formatter = FORMATTERS[options.format];
    const colors = formatter.colored ? colorsFor(io.stdoutIsTTY, io.env) : noColors;
    io.stdout.write(formatter.format(report, { colors }));
    return exitCodeFor(report.summary, options.strict === true);
}
