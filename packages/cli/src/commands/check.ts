import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { colorsFor, noColors } from '../colors.js';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-code.js';
import { compareStrings, expandInputs } from '../files/expand.js';
import { FORMATTERS, FORMAT_NAMES, type FormatName } from '../formatters/index.js';
import { isInside } from '../formatters/paths.js';
import { withLeanHeap } from '../lean-heap.js';
import { checkFiles, readSources, type CheckReport, type Summary } from '../load.js';
import { loadRule, RULES_DIR, type RuleDoc } from '../rules.js';

interface CheckOptions {
    readonly format: FormatName;
    readonly strict?: boolean;
    readonly maxWarnings?: number;
}

/** What decides the exit code besides errors. */
export interface FailOn {
    /** Any warning fails. */
    readonly strict?: boolean;
    /** More warnings than this fail (`--max-warnings`), with or without `strict`. */
    readonly maxWarnings?: number;
}

export function exitCodeFor(summary: Summary, { strict = false, maxWarnings }: FailOn = {}): ExitCode {
    const failed =
        summary.errors > 0 || (strict && summary.warnings > 0) || (maxWarnings !== undefined && summary.warnings > maxWarnings);
    return failed ? ExitCode.ModelErrors : ExitCode.Success;
}

/** `--max-warnings <count>`: a whole number, 0 or more; anything else is a usage error (exit 2). */
export function parseMaxWarnings(value: string): number {
    const count = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(count)) throw new InvalidArgumentError('expected a whole number of warnings, 0 or more.');
    return count;
}

/**
 * The folder `sarif` and `github` output is relative to: the GitHub workspace
 * (the repository root) when archgen runs in a workflow below it, since GitHub
 * resolves annotation and SARIF paths against the repository root; else the working folder.
 */
export function outputRoot(cwd: string, env: Readonly<Record<string, string | undefined>>): string {
    const workspace = env['GITHUB_WORKSPACE'];
    return workspace && path.isAbsolute(workspace) && isInside(path.resolve(workspace), cwd) ? path.resolve(workspace) : cwd;
}

/**
 * The rule page of every code in the report that has a readable, well-formed
 * one. Pages are written alongside the rules, so a code may have none yet, or
 * one that does not parse: its entry is then left out, never an error.
 */
export async function ruleDocsFor(report: CheckReport, dir = RULES_DIR): Promise<Map<string, RuleDoc>> {
    const codes = [...new Set(report.files.flatMap(f => f.diagnostics.map(d => d.code)))].sort(compareStrings);
    const pages = await Promise.all(codes.map(code => loadRule(code, dir).catch(() => undefined)));
    return new Map(pages.flatMap(page => (page ? [[page.code, page] as const] : [])));
}

export function registerCheck(program: Command, context: CommandContext): void {
    const width = Math.max(...FORMAT_NAMES.map(name => name.length));
    const formats = FORMAT_NAMES.map(name => `  ${name.padEnd(width)}  ${FORMATTERS[name].description}`).join('\n');
    program
        .command('check')
        .description('Check .arch models and print their diagnostics.')
        .argument('<files...>', 'files, folders (every *.arch below, except node_modules and dot-folders) or globs')
        .addOption(new Option('--format <format>', 'output format').choices(FORMAT_NAMES).default('text'))
        .option('--strict', 'fail on warnings too')
        .addOption(
            new Option('--max-warnings <count>', 'fail when there are more than <count> warnings (with or without --strict)').argParser(
                parseMaxWarnings
            )
        )
        .addHelpText(
            'after',
            `
Formats:
${formats}

Diagnostics and the summary line go to stdout: with --format text as
'file:line:col severity code message' (colour only on a TTY, never with NO_COLOR
set or a machine format). Errors about the command line or unreadable files, and
the note that --max-warnings was exceeded, go to stderr, one line each.
sarif and github name files relative to the working folder, or to
GITHUB_WORKSPACE in a GitHub workflow run below it (GitHub resolves paths
against the repository root). CI set-up: docs/ci.md.

Exit codes: 0 no errors, 1 errors (or warnings with --strict, or more warnings
than --max-warnings), 2 usage or I/O error.`
        )
        .action(async (inputs: string[], options: CheckOptions) => {
            context.exitCode = await check(inputs, options, context);
        });
}

async function check(inputs: readonly string[], options: CheckOptions, { io, deps }: CommandContext): Promise<ExitCode> {
    const files = await expandInputs(inputs, io.cwd);
    const checker = await deps.createChecker();
    // A check only reports: no IR. It keeps every syntax tree until then, so the heap grows lean (lean-heap.ts).
    const report = await withLeanHeap(async () => checkFiles(await readSources(files, io.cwd, checker), checker, io.cwd, { model: false }));
    const formatter = FORMATTERS[options.format];
    const colors = formatter.colored ? colorsFor(io.stdoutIsTTY, io.env) : noColors;
    const rules = formatter.usesRules ? await ruleDocsFor(report) : new Map<string, RuleDoc>();
    io.stdout.write(formatter.format(report, { colors, root: outputRoot(io.cwd, io.env), rules }));
    const { warnings } = report.summary;
    if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
        io.stderr.write(`archgen: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${options.maxWarnings} allows\n`);
    }
    return exitCodeFor(report.summary, { strict: options.strict === true, maxWarnings: options.maxWarnings });
}
