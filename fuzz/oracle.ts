/**
 * What must hold for every input, however broken:
 *
 * - `checkSources` returns (no exception escapes) and every diagnostic is
 *   coded (a known issue code, never `internal/check-failed`) and located
 *   (its range, and the ranges of its related information, inside the text);
 * - a model without errors has an IR whose `source` ranges are inside the
 *   text, and `generate()` for every target of `TARGETS` does not throw and
 *   writes only relative paths;
 * - `formatText` does not throw; on a file without syntax errors it is
 *   idempotent and keeps the token sequence (whitespace aside); a file with
 *   syntax errors comes back unchanged;
 * - the parser gives the same AST, CST and errors as the Langium parser alone
 *   (archgen parses a file without syntax errors with a hand-written parser,
 *   see packages/language/src/parser/fast-parser.ts), and a parse without the
 *   CST, once its CST is read, the same trees again (parser/lazy-cst.ts);
 * - a check that builds the CST only when it is read (as `archgen check`
 *   does) gives the same diagnostics and IR as one that builds it at once;
 * - no operation on an input (the check, one generate(), one format) takes
 *   more than `limitMs` (checked by `examine`).
 */
import { EmptyFileSystem, type ParserOptions } from 'langium';
import { ALL_ISSUE_CODES, checkSources, createArchgenServices, formatText, type ArchDiagnostic, type CheckedDocument } from '@archgen/language';
import { generate, type TargetId } from '@archgen/generator';
import { isDeepStrictEqual } from 'node:util';
import { createArchParser } from '../packages/language/src/parser/arch-parser.js';
import { trees } from '../packages/language/src/test-support/trees.js';
import type { FuzzFile } from './corpus.js';

export const TARGETS: readonly TargetId[] = ['compose', 'k8s'];

export type FindingKind =
    | 'check-threw' | 'internal-error' | 'uncoded' | 'unlocated' | 'ir-unlocated' | 'generate-threw' | 'generate-path'
    | 'format-threw' | 'format-not-idempotent' | 'format-changed-tokens' | 'format-changed-invalid' | 'parser-differs' | 'lazy-cst-differs'
    | 'slow';

export interface Finding {
    readonly kind: FindingKind;
    readonly file?: string;
    readonly message: string;
}

export interface Verdict {
    readonly findings: readonly Finding[];
    /** The whole oracle, all operations. */
    readonly ms: number;
    /** The slowest single operation: `check`, `generate compose`, `format model.arch`, ... */
    readonly slowest: { readonly phase: string; readonly ms: number };
    /** Some file has an error diagnostic. */
    readonly hasErrors: boolean;
    /** Some file has a syntax error. */
    readonly syntaxErrors: boolean;
    /** How many models were generated (for the statistics). */
    readonly generated: number;
}

const KNOWN_CODES = new Set<string>(ALL_ISSUE_CODES.filter(c => c !== 'internal/check-failed'));

export type Services = ReturnType<typeof createArchgenServices>;
type Token = ReturnType<Services['archgen']['parser']['Lexer']['tokenize']>['tokens'][number];

export function freshServices(): Services {
    return createArchgenServices(EmptyFileSystem);
}

export function uriOf(file: FuzzFile): string {
    return `file:///fuzz/${encodeURIComponent(file.name)}`;
}

export class Oracle {
    /** Langium's parser without archgen's hand-written one: the reference the parser is compared with. */
    private readonly reference;

    constructor(readonly services: Services = freshServices()) {
        this.reference = createArchParser(services.archgen, { fast: false });
    }

    async run(files: readonly FuzzFile[]): Promise<Verdict> {
        const started = performance.now();
        const findings: Finding[] = [];
        let slowest = { phase: 'check', ms: 0 };
        const timed = async <T>(phase: string, work: () => T | Promise<T>): Promise<T> => {
            const t = performance.now();
            try {
                return await work();
            } finally {
                const ms = performance.now() - t;
                if (ms > slowest.ms) slowest = { phase, ms };
            }
        };
        const texts = new Map(files.map(f => [uriOf(f), f] as const));
        let results: CheckedDocument[] = [];
        try {
            results = await timed('check', () => checkSources(this.services, files.map(f => ({ uri: uriOf(f), text: f.text }))));
        } catch (error) {
            findings.push({ kind: 'check-threw', message: describeError(error) });
        }
        let generated = 0;
        for (const result of results) {
            const file = texts.get(result.uri);
            const name = file?.name ?? result.uri;
            for (const d of result.diagnostics) findings.push(...diagnosticFindings(d, name, texts));
            if (result.model) {
                generated++;
                findings.push(...irFindings(result.model, texts).map(message => ({ kind: 'ir-unlocated' as const, file: name, message })));
                for (const target of TARGETS) {
                    try {
                        const model = result.model;
                        const output = await timed(`generate ${target} ${name}`, () => generate(model, { target }));
                        const bad = output.files.find(f => f.path.startsWith('/') || f.path.split('/').includes('..') || f.path === '');
                        if (bad) findings.push({ kind: 'generate-path', file: name, message: `target ${target}: path '${bad.path}'` });
                    } catch (error) {
                        findings.push({ kind: 'generate-threw', file: name, message: `target ${target}: ${describeError(error)}` });
                    }
                }
            }
        }
        if (results.length > 0) findings.push(...(await this.lazyFindings(files, results, timed)));
        const syntaxByUri = new Map(results.map(r => [r.uri, r.diagnostics.some(d => d.code.startsWith('syntax/'))] as const));
        for (const file of files) findings.push(...(await this.formatFindings(file, syntaxByUri.get(uriOf(file)), timed)));
        for (const file of files) findings.push(...this.parserFindings(file));
        return {
            findings,
            ms: performance.now() - started,
            slowest,
            hasErrors: results.some(r => r.hasErrors),
            syntaxErrors: [...syntaxByUri.values()].some(Boolean),
            generated
        };
    }

    /** The parser's trees against the reference parser's, and after a parse without the CST (read, so built). */
    private parserFindings(file: FuzzFile): Finding[] {
        const services = this.services.archgen;
        const findings: Finding[] = [];
        let theirs: ReturnType<typeof trees>;
        try {
            theirs = trees(this.reference.parse(file.text), services);
            const ours = trees(services.parser.LangiumParser.parse(file.text), services);
            if (!isDeepStrictEqual(ours, theirs)) {
                findings.push({ kind: 'parser-differs', file: file.name, message: `first difference at ${firstDifferentPath(ours, theirs, '')}` });
            }
        } catch (error) {
            return [{ kind: 'parser-differs', file: file.name, message: `a parser threw: ${describeError(error)}` }];
        }
        try {
            const lazy = trees(services.parser.LangiumParser.parse(file.text, { cst: 'lazy' } as ParserOptions), services);
            if (!isDeepStrictEqual(lazy, theirs)) {
                findings.push({ kind: 'lazy-cst-differs', file: file.name, message: `parse: first difference at ${firstDifferentPath(lazy, theirs, '')}` });
            }
        } catch (error) {
            findings.push({ kind: 'lazy-cst-differs', file: file.name, message: `the lazy parse threw: ${describeError(error)}` });
        }
        return findings;
    }

    /** The check again, building each CST only when read (as `archgen check` does): the same diagnostics and IR. */
    private async lazyFindings(
        files: readonly FuzzFile[], eager: readonly CheckedDocument[], timed: <T>(phase: string, work: () => Promise<T>) => Promise<T>
    ): Promise<Finding[]> {
        let lazy: CheckedDocument[];
        try {
            lazy = await timed('check, lazy CST', () => checkSources(this.services, files.map(f => ({ uri: uriOf(f), text: f.text })), { cst: 'lazy' }));
        } catch (error) {
            return [{ kind: 'lazy-cst-differs', message: `the check threw: ${describeError(error)}` }];
        }
        if (isDeepStrictEqual(lazy, eager)) return [];
        return [{ kind: 'lazy-cst-differs', message: `check: first difference at ${firstDifferentPath(lazy, eager, '')}` }];
    }

    /** `syntaxErrors` is undefined when the check did not say (it threw): then only exceptions count. */
    private async formatFindings(
        file: FuzzFile, syntaxErrors: boolean | undefined, timed: <T>(phase: string, work: () => Promise<T>) => Promise<T>
    ): Promise<Finding[]> {
        const input = { uri: uriOf(file), text: file.text };
        let once: string;
        try {
            once = await timed(`format ${file.name}`, () => formatText(this.services, input));
        } catch (error) {
            return [{ kind: 'format-threw', file: file.name, message: describeError(error) }];
        }
        if (syntaxErrors === undefined) return [];
        if (syntaxErrors) {
            return once === file.text ? [] : [{ kind: 'format-changed-invalid', file: file.name, message: 'a file with syntax errors was changed' }];
        }
        const findings: Finding[] = [];
        const before = this.tokens(file.text);
        const after = this.tokens(once);
        const at = firstDifference(before, after);
        if (at !== undefined) {
            findings.push({ kind: 'format-changed-tokens', file: file.name, message: `token ${at}: ${before[at] ?? '<end>'} became ${after[at] ?? '<end>'}` });
        }
        let twice: string;
        try {
            twice = await timed(`format ${file.name} again`, () => formatText(this.services, { ...input, text: once }));
        } catch (error) {
            return [...findings, { kind: 'format-threw', file: file.name, message: `on the formatted text: ${describeError(error)}` }];
        }
        if (twice !== once) {
            const i = firstDifferentChar(once, twice);
            findings.push({ kind: 'format-not-idempotent', file: file.name, message: `offset ${i}: ${JSON.stringify(once.slice(i, i + 40))} became ${JSON.stringify(twice.slice(i, i + 40))}` });
        }
        return findings;
    }

    /** The tokens of the language's own lexer, comments included, whitespace inside comments collapsed. */
    tokens(text: string): string[] {
        const lexed = this.services.archgen.parser.Lexer.tokenize(text);
        const all: Token[] = [...lexed.tokens, ...lexed.hidden].sort((a, b) => a.startOffset - b.startOffset);
        return all.map(t => `${t.tokenType.name}:${t.tokenType.name.endsWith('COMMENT') ? t.image.replace(/\s+/g, ' ') : t.image}`);
    }
}

function diagnosticFindings(d: ArchDiagnostic, name: string, texts: ReadonlyMap<string, FuzzFile>): Finding[] {
    const findings: Finding[] = [];
    const where = `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`;
    if (d.code === 'internal/check-failed') findings.push({ kind: 'internal-error', file: name, message: `${where} ${d.message}` });
    else if (!KNOWN_CODES.has(d.code)) findings.push({ kind: 'uncoded', file: name, message: `${where} ${d.message}` });
    if (!d.message.trim()) findings.push({ kind: 'uncoded', file: name, message: `${where}: empty message` });
    const own = texts.get(d.uri);
    const problem = own ? rangeProblem(d.range, own.text) : `unknown file ${d.uri}`;
    if (problem) findings.push({ kind: 'unlocated', file: name, message: `${where}: ${problem} (${d.message})` });
    for (const r of d.related) {
        const target = texts.get(r.uri);
        const p = target ? rangeProblem(r.range, target.text) : `related information in unknown file ${r.uri}`;
        if (p) findings.push({ kind: 'unlocated', file: name, message: `${where} related '${r.message}': ${p}` });
    }
    return findings;
}

type Position = { readonly line: number; readonly character: number };

/** Why a range is not inside the text, or undefined when it is. */
export function rangeProblem(range: { readonly start: Position; readonly end: Position } | undefined, text: string): string | undefined {
    if (!range) return 'no range';
    const lines = text.split(/\r\n|\r|\n/);
    for (const [label, p] of [['start', range.start], ['end', range.end]] as const) {
        if (!Number.isInteger(p.line) || !Number.isInteger(p.character)) return `${label} ${JSON.stringify(p)} is not a position`;
        if (p.line < 0 || p.line >= lines.length) return `${label} line ${p.line + 1} outside 1..${lines.length}`;
        if (p.character < 0 || p.character > lines[p.line]!.length) return `${label} column ${p.character + 1} outside line ${p.line + 1} (length ${lines[p.line]!.length})`;
    }
    const { start, end } = range;
    if (start.line > end.line || (start.line === end.line && start.character > end.character)) return 'start after end';
    return undefined;
}

/** Every `source: { uri, range }` of the IR points into one of the files. */
function irFindings(model: unknown, texts: ReadonlyMap<string, FuzzFile>): string[] {
    const problems: string[] = [];
    const seen = new Set<unknown>();
    const visit = (value: unknown, path: string): void => {
        if (value === null || typeof value !== 'object' || seen.has(value) || problems.length > 3) return;
        seen.add(value);
        const source = (value as { source?: unknown }).source;
        if (source && typeof source === 'object' && 'uri' in source && 'range' in source) {
            const s = source as { uri: string; range: Parameters<typeof rangeProblem>[0] };
            const file = texts.get(s.uri);
            const problem = file ? rangeProblem(s.range, file.text) : `unknown file ${s.uri}`;
            if (problem) problems.push(`${path}.source: ${problem}`);
        }
        for (const [key, child] of Object.entries(value)) if (key !== 'source') visit(child, `${path}.${key}`);
    };
    visit(model, 'model');
    return problems;
}

function firstDifference(a: readonly string[], b: readonly string[]): number | undefined {
    for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return i;
    return undefined;
}

function firstDifferentChar(a: string, b: string): number {
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    return i;
}

export function describeError(error: unknown): string {
    if (error instanceof Error) {
        // The first frames, then the first few in the repository's own code (not in a dependency).
        const all = (error.stack ?? '').split('\n').slice(1).map(l => l.trim());
        const own = all.filter(l => /packages\/[a-z]+\/src\//.test(l) && !l.includes('node_modules'));
        const frames = [...new Set([...all.slice(0, 2), ...own.slice(0, 4)])].join(' | ');
        return `${error.name}: ${error.message}${frames ? ` [${frames}]` : ''}`;
    }
    return String(error);
}

/**
 * The verdict on an input. An operation over the limit is run again once
 * before it counts, so a moment of load on a shared machine does not fail it.
 */
export async function examine(oracle: Oracle, files: readonly FuzzFile[], limitMs: number): Promise<Verdict> {
    const verdict = await oracle.run(files);
    if (verdict.slowest.ms <= limitMs) return verdict;
    const again = await oracle.run(files);
    if (again.slowest.ms <= limitMs) return again;
    const took = (v: Verdict) => `${v.slowest.phase} ${Math.round(v.slowest.ms)} ms`;
    return { ...again, findings: [...again.findings, { kind: 'slow', message: `${took(verdict)}, then ${took(again)} (limit ${limitMs} ms per operation)` }] };
}

/** Where two plain values first differ, as a property path (`.cst.content.2.offset`). */
function firstDifferentPath(a: unknown, b: unknown, path: string): string {
    if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
        const x = (a as Record<string, unknown>)[key];
        const y = (b as Record<string, unknown>)[key];
        if (!isDeepStrictEqual(x, y)) return firstDifferentPath(x, y, `${path}.${key}`);
    }
    return path;
}
