import {
    AstUtils,
    GrammarUtils,
    type AstNode,
    type DiagnosticInfo,
    type ValidationAcceptor,
    type ValidationCheck,
    type ValidationSeverity
} from 'langium';
import type { DiagnosticRelatedInformation, Range } from 'vscode-languageserver-types';
import { parseDuration } from '../util/quantities.js';
import { IssueCodes, type ArchDiagnosticData, type IssueCode } from './issue-codes.js';

/**
 * Reports a diagnostic with its stable code, and the suggestion a quick fix
 * can apply. Every check reports through this, so no diagnostic lacks a code.
 */
export function report<N extends AstNode>(
    accept: ValidationAcceptor,
    severity: ValidationSeverity,
    code: IssueCode,
    message: string,
    info: Omit<DiagnosticInfo<N>, 'code' | 'data'>,
    suggestion?: string
): void {
    const data: ArchDiagnosticData = suggestion === undefined ? { code } : { code, suggestion };
    accept(severity, message, { ...info, code, data } as DiagnosticInfo<N>);
}

/** The checks `safely` made: they report their own exceptions (see ArchValidationRegistry). */
const safeChecks = new WeakSet<ValidationCheck>();

/** True for a check wrapped by `safely`. */
export function isSafe(check: ValidationCheck): boolean {
    return safeChecks.has(check);
}

/**
 * Wraps a check so that an exception in it becomes one diagnostic on the node
 * instead of silencing every other check of the document. Synchronous checks
 * stay synchronous: no promise per node and check.
 */
export function safely<T extends AstNode>(check: ValidationCheck<T>): ValidationCheck<T> {
    const fail = (node: T, accept: ValidationAcceptor, error: unknown): void => {
        const reason = (error instanceof Error ? error.message : String(error)).trim().replace(/[.\s]+$/, '');
        report(accept, 'error', IssueCodes.InternalError,
            `Internal error in check '${check.name || 'anonymous'}': ${reason}.`, { node });
    };
    const wrapped: ValidationCheck<T> = (node, accept, token) => {
        try {
            const result = check(node, accept, token);
            if (result instanceof Promise) return result.catch((error: unknown) => fail(node, accept, error));
        } catch (error) {
            fail(node, accept, error);
        }
        return undefined;
    };
    Object.defineProperty(wrapped, 'name', { value: check.name });
    safeChecks.add(wrapped as ValidationCheck);
    return wrapped;
}

/** The text range of a property of a node (or of the node when the property is missing). */
export function rangeOf(node: AstNode, property?: string, index?: number): Range | undefined {
    const cst = property ? GrammarUtils.findNodeForProperty(node.$cstNode, property, index) : undefined;
    return (cst ?? node.$cstNode)?.range;
}

/** The range of a keyword of a node, optionally through a second keyword (`on message`, `primary key`). */
export function keywordRange(node: AstNode, first: string, last?: string): Range | undefined {
    const start = GrammarUtils.findNodeForKeyword(node.$cstNode, first);
    if (!start) return undefined;
    const end = last ? GrammarUtils.findNodeForKeyword(node.$cstNode, last) : undefined;
    return { start: start.range.start, end: (end ?? start).range.end };
}

/** From the start of a node to the end of one of its properties: `connector http a -> b`. */
export function spanTo(node: AstNode, property: string): Range | undefined {
    const end = GrammarUtils.findNodeForProperty(node.$cstNode, property);
    const start = node.$cstNode?.range.start;
    return start && end ? { start, end: end.range.end } : node.$cstNode?.range;
}

/** `{ node, range }` when the range is known, else `{ node, property }` (the acceptor then finds the node). */
export function at<N extends AstNode>(node: N, range: Range | undefined): { node: N; range?: Range } {
    return range ? { node, range } : { node };
}

/**
 * 1-based line of a node, for messages that point at another declaration;
 * `12 of 'billing.arch'` when the node is in another file than `from`.
 */
export function lineOf(node: AstNode | undefined, from?: AstNode): string {
    const line = String((node?.$cstNode?.range.start.line ?? 0) + 1);
    if (!node || !from) return line;
    const uri = AstUtils.getDocument(node).uri;
    if (uri.toString() === AstUtils.getDocument(from).uri.toString()) return line;
    return `${line} of '${decodeURIComponent(uri.path.split('/').pop() ?? uri.path)}'`;
}

/** Related information pointing at (a property of) another node, in its own document. */
export function relatedAt(node: AstNode, message: string, where?: string | Range): DiagnosticRelatedInformation[] {
    const range = typeof where === 'object' ? where : rangeOf(node, where);
    if (!range) return [];
    return [{ location: { uri: AstUtils.getDocument(node).uri.toString(), range }, message }];
}

/** `'a', 'b' and 'c'`. */
export function quoteList(names: readonly string[]): string {
    const quoted = names.map(n => `'${n}'`);
    if (quoted.length <= 1) return quoted.join('');
    return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/** `a` or `an` before a kind: `an api_gateway`, `a backend`. */
export function article(word: string): string {
    return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}

/** Groups items by a key, keeping the first-seen order of keys and items. */
export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K | undefined): Map<K, T[]> {
    const groups = new Map<K, T[]>();
    for (const item of items) {
        const k = key(item);
        if (k === undefined) continue;
        const list = groups.get(k);
        if (list) list.push(item);
        else groups.set(k, [item]);
    }
    return groups;
}

/**
 * Reports a value that is not a duration (`30s`, `500ms`, `2m`, `1h`). `what`
 * names the value at the start of the message: `Delay`, `Health option 'interval'`.
 */
export function durationMustBeValid<N extends AstNode>(
    accept: ValidationAcceptor, node: N, property: string, value: string | number | undefined, what: string
): void {
    if (value === undefined || parseDuration(value) !== undefined) return;
    const text = String(value);
    const message = /^\d+(\.\d+)?$/.test(text)
        ? `${what} '${text}' has no unit: add a unit such as ${text}s.`
        : `${what} '${text}' is not a duration: write a number with the unit ms, s, m or h, such as 30s.`;
    const suggestion = /^\d+(\.\d+)?$/.test(text) ? `${text}s` : undefined;
    report(accept, 'error', IssueCodes.InvalidDuration, message,
        { node, property } as Omit<DiagnosticInfo<N>, 'code' | 'data'>, suggestion);
}
