import { realpath, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import type { ArchDiagnostic } from '@archgen/language';
import { colorsFor } from '../colors.js';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-code.js';
import { expandInputs } from '../files/expand.js';
import { formatDiagnostic } from '../formatters/text.js';
import { CliError, describeFsError } from '../io.js';
import { readSources, type SourceFile } from '../load.js';
import { writeFileAtomic } from '../write/atomic.js';

interface FmtOptions {
    readonly check?: boolean;
}

/** What fmt found for one file. */
type Outcome =
    | { readonly kind: 'canonical'; readonly file: SourceFile }
    | { readonly kind: 'changed'; readonly file: SourceFile; readonly formatted: string }
    | { readonly kind: 'syntax-errors'; readonly file: SourceFile; readonly errors: readonly ArchDiagnostic[] };

export function registerFmt(program: Command, context: CommandContext): void {
    program
        .command('fmt')
        .description('Rewrite .arch files in the canonical layout (the editor\'s formatting).')
        .argument('<files...>', 'files, folders (every *.arch below, except node_modules and dot-folders) or globs')
        .option('--check', 'write nothing; list the files that are not in the canonical layout')
        .addHelpText(
            'after',
            `
Prints the files it rewrote (with --check, the files it would rewrite), then a
summary line. Files are rewritten atomically. A file with syntax errors is left
as it is and its errors are printed as 'file:line:col error code message'.

Exit codes: 0 every file is (now) canonical, 1 a file has syntax errors or, with
--check, is not canonical, 2 usage or I/O error.`
        )
        .action(async (inputs: string[], options: FmtOptions) => {
            context.exitCode = await fmt(inputs, options, context);
        });
}

async function fmt(inputs: readonly string[], options: FmtOptions, { io, deps }: CommandContext): Promise<ExitCode> {
    const check = options.check === true;
    const files = await expandInputs(inputs, io.cwd);
    const checker = await deps.createChecker();
    const sources = await readSources(files, io.cwd, checker);
    // Syntax errors first: the formatter must not touch a file it cannot fully parse.
    const results = await checker.check(sources.map(({ uri, text }) => ({ uri, text })), { model: false });
    const syntaxErrors = new Map(results.map(r => [r.uri, r.diagnostics.filter(isSyntaxError)] as const));
    const formatter = await deps.createFormatter();

    const outcomes: Outcome[] = [];
    for (const file of sources) {
        const errors = syntaxErrors.get(file.uri) ?? [];
        if (errors.length > 0) {
            outcomes.push({ kind: 'syntax-errors', file, errors });
            continue;
        }
        const formatted = await formatter.format({ uri: file.uri, text: file.text });
        outcomes.push(formatted === file.text ? { kind: 'canonical', file } : { kind: 'changed', file, formatted });
    }

    const colors = colorsFor(io.stdoutIsTTY, io.env);
    for (const outcome of outcomes) {
        if (outcome.kind === 'changed') {
            if (!check) await rewrite(outcome.file, outcome.formatted);
            io.stdout.write(`${outcome.file.display}\n`);
        } else if (outcome.kind === 'syntax-errors') {
            for (const error of outcome.errors) io.stdout.write(`${formatDiagnostic(outcome.file.display, error, colors)}\n`);
        }
    }
    io.stdout.write(`${summary(outcomes, check)}\n`);

    const failed = outcomes.some(o => o.kind === 'syntax-errors' || (check && o.kind === 'changed'));
    return failed ? ExitCode.ModelErrors : ExitCode.Success;
}

function isSyntaxError(diagnostic: ArchDiagnostic): boolean {
    return diagnostic.severity === 'error' && diagnostic.code.startsWith('syntax/');
}

/**
 * Replaces the file's content atomically, through a symbolic link to the file
 * it points at, keeping the file's permissions.
 */
async function rewrite(file: SourceFile, content: string): Promise<void> {
    try {
        const target = await realpath(file.absolutePath);
        const { mode } = await stat(target);
        await writeFileAtomic(target, content, mode & 0o777);
    } catch (error) {
        throw new CliError(`cannot write '${file.display}': ${describeFsError(error)}`);
    }
}

function plural(count: number, word: string): string {
    return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `Formatted 2 files; 7 already canonical.`, `3 files would be reformatted.`, `9 files already canonical.` */
function summary(outcomes: readonly Outcome[], check: boolean): string {
    const count = (kind: Outcome['kind']) => outcomes.filter(o => o.kind === kind).length;
    const [changed, canonical, broken] = [count('changed'), count('canonical'), count('syntax-errors')];
    const parts: string[] = [];
    if (changed > 0) parts.push(check ? `${plural(changed, 'file')} would be reformatted` : `formatted ${plural(changed, 'file')}`);
    if (canonical > 0) parts.push(parts.length === 0 ? `${plural(canonical, 'file')} already canonical` : `${canonical} already canonical`);
    if (broken > 0) parts.push(`${plural(broken, 'file')} with syntax errors left as ${broken === 1 ? 'it is' : 'they are'}`);
    const text = parts.join('; ');
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
