import path from 'node:path';
import { Option, type Command } from 'commander';
import type { ChalkInstance } from 'chalk';
import { colorsFor } from '../colors.js';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-code.js';
import { CliError } from '../io.js';
import { loadRule, rulePath, type RuleDoc } from '../rules.js';

const FORMATS = ['text', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

type Suggest = (word: string, candidates: Iterable<string>) => string | undefined;

interface ExplainOptions {
    readonly format: Format;
    readonly list?: boolean;
}

/**
 * `archgen explain <code>`: the page of a diagnostic code (docs/rules/<code>.md),
 * as plain text for a terminal or as its markdown; `--list` names every code.
 */
export function registerExplain(program: Command, context: CommandContext): void {
    program
        .command('explain')
        .description('Explain a diagnostic code: the rule, why it exists, a wrong and a right model, how to fix it.')
        .argument('[code]', "a code such as 'connector/self-loop', or its part after '/' when no other code shares it")
        .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('text'))
        .option('--list', 'list every code with its title')
        .addHelpText('after', '\nExit codes: 0 the page was printed, 2 unknown code or usage error.')
        .action(async (code: string | undefined, options: ExplainOptions) => {
            context.exitCode = await explain(code, options, context);
        });
}

async function explain(code: string | undefined, options: ExplainOptions, { io }: CommandContext): Promise<ExitCode> {
    const { ALL_ISSUE_CODES, suggest } = await import('@archgen/language');
    const codes = [...ALL_ISSUE_CODES].sort();
    const colors = colorsFor(io.stdoutIsTTY && options.format === 'text', io.env);
    if (options.list === true) {
        if (code !== undefined) throw new CliError('explain: give a code or --list, not both.', ExitCode.UsageOrIo);
        io.stdout.write(await listing(codes, options.format, colors));
        return ExitCode.Success;
    }
    if (code === undefined) {
        throw new CliError('explain: name a code (archgen explain connector/self-loop), or list them with --list.', ExitCode.UsageOrIo);
    }
    const resolved = resolveCode(code, codes, suggest);
    const rule = await loadRule(resolved);
    if (!rule) throw new CliError(`explain: the page of '${resolved}' is missing (${rulePath(resolved)}).`, ExitCode.UsageOrIo);
    io.stdout.write(options.format === 'markdown' ? withNewline(rule.markdown) : renderRule(rule, colors));
    return ExitCode.Success;
}

/**
 * The code a user means: the code itself (case, `_` and spaces forgiven), or
 * the part after `/` when only one code has it (`self-loop`). Otherwise one
 * usage error naming the candidates, or the closest code.
 */
export function resolveCode(input: string, codes: readonly string[], suggest: Suggest): string {
    const wanted = input.trim().toLowerCase().replace(/[\s_]+/g, '-');
    if (codes.includes(wanted)) return wanted;
    if (wanted === '') throw new CliError('explain: the code is empty.', ExitCode.UsageOrIo);
    if (!wanted.includes('/')) {
        const byName = codes.filter(c => c.slice(c.indexOf('/') + 1) === wanted);
        if (byName.length === 1) return byName[0]!;
        const inArea = codes.filter(c => c.startsWith(`${wanted}/`));
        const candidates = byName.length > 0 ? byName : inArea;
        if (candidates.length > 0) {
            throw new CliError(`explain: '${input}' names several codes: ${candidates.join(', ')}. Give one of them.`, ExitCode.UsageOrIo);
        }
    }
    const closest = suggest(wanted, codes) ?? (wanted.includes('/') ? undefined : closestByName(wanted, codes, suggest));
    const hint = closest ? ` Did you mean '${closest}'?` : " Run 'archgen explain --list' for every code.";
    throw new CliError(`explain: unknown code '${input}'.${hint}`, ExitCode.UsageOrIo);
}

/** For a code written without its area: the code whose part after `/` is closest, when that part is unique. */
function closestByName(word: string, codes: readonly string[], suggest: Suggest): string | undefined {
    const name = suggest(word, new Set(codes.map(c => c.slice(c.indexOf('/') + 1))));
    const matches = codes.filter(c => c.endsWith(`/${name}`));
    return name !== undefined && matches.length === 1 ? matches[0] : undefined;
}

async function listing(codes: readonly string[], format: Format, colors: ChalkInstance): Promise<string> {
    const rules = await Promise.all(codes.map(async code => ({ code, rule: await loadRule(code) })));
    if (format === 'markdown') {
        const rows = rules.map(({ code, rule }) => `| [\`${code}\`](${code}.md) | ${rule?.title ?? '(no page)'} |`);
        return ['| Code | Title |', '| --- | --- |', ...rows, ''].join('\n');
    }
    const width = Math.max(...codes.map(c => c.length));
    return rules.map(({ code, rule }) => `${colors.cyan(code.padEnd(width))}  ${rule?.title ?? colors.dim('(no page)')}\n`).join('');
}

/** The page as plain text: headings emphasised (colour only on a TTY), code blocks indented, tables aligned. */
export function renderRule(rule: RuleDoc, colors: ChalkInstance): string {
    const out: string[] = [];
    const lines = rule.markdown.replace(/\r\n/g, '\n').trimEnd().split('\n');
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!;
        if (line.startsWith('```')) {
            for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) out.push(lines[i] ? `    ${colors.cyan(lines[i])}` : '');
        } else if (line.startsWith('|')) {
            const rows: string[][] = [];
            for (; i < lines.length && lines[i]!.startsWith('|'); i++) rows.push(cells(lines[i]!));
            i--;
            out.push(...table(rows.filter(r => !r.every(c => /^:?-+:?$/.test(c))), rule, colors));
        } else if (line === '') {
            out.push('');
        } else if (/^#{1,6} /.test(line)) {
            out.push(colors.bold(inline(line.replace(/^#+ /, ''), rule, colors)));
        } else {
            // A paragraph at once, so that emphasis and code spans may run over a line break.
            const paragraph: string[] = [];
            for (; i < lines.length && isProse(lines[i]!) && (paragraph.length === 0 || !lines[i]!.startsWith('- ')); i++) paragraph.push(lines[i]!);
            i--;
            out.push(inline(paragraph.join('\n'), rule, colors));
        }
    }
    return `${out.join('\n')}\n`;
}

/** A line of a paragraph: not empty, not a heading, a table row or a code fence. */
function isProse(line: string): boolean {
    return line !== '' && !/^(#{1,6} |\||```)/.test(line);
}

function cells(line: string): string[] {
    return line.replace(/^\|/, '').replace(/\|\s*$/, '').split('|').map(c => c.trim());
}

function table(rows: readonly string[][], rule: RuleDoc, colors: ChalkInstance): string[] {
    const plain = rows.map(row => row.map(c => inline(c, rule, colors)));
    const visible = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '').length; // eslint-disable-line no-control-regex
    const widths = plain[0]?.map((_, column) => Math.max(...plain.map(row => visible(row[column] ?? '')))) ?? [];
    return plain.map((row, index) => {
        const text = row.map((c, column) => c + ' '.repeat(Math.max(0, widths[column]! - visible(c)))).join('  ').trimEnd();
        return index === 0 ? colors.bold(text) : text;
    });
}

/** Inline markdown: code spans (kept in backquotes without colour), bold, italics, links with their target. */
function inline(text: string, rule: RuleDoc, colors: ChalkInstance): string {
    const linked = text.replace(/\[((?:[^\]`]|`[^`]*`)+)\]\(([^)\s]+)\)/g, (_, label: string, target: string) => `${label} (${linkTarget(target, rule)})`);
    return linked.split(/(`[^`]+`)/).map(part => {
        if (/^`[^`]+`$/.test(part)) return colors.level > 0 ? colors.cyan(part.slice(1, -1)) : part;
        return part
            .replace(/\*\*([^*]+)\*\*/g, (_, strong: string) => colors.bold(strong))
            .replace(/(^|[^*\w])\*([^*\s][^*]*)\*(?![*\w])/g, (_, before: string, emphasis: string) => before + colors.italic(emphasis));
    }).join('');
}

/** A link relative to the page becomes a path from the repository root: `docs/language.md#8-connectors`. */
function linkTarget(target: string, rule: RuleDoc): string {
    if (/^[a-z]+:/i.test(target) || target.startsWith('#')) return target;
    return path.posix.normalize(path.posix.join(path.posix.dirname(rule.path), target));
}

function withNewline(text: string): string {
    return text.endsWith('\n') ? text : `${text}\n`;
}
