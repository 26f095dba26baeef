/**
 * Prints a tree of declarations as `.arch` text in a random layout: the
 * canonical one, blocks kept on one line, the whole model on one line, or a
 * messy mix of tabs, blank lines, CRLF and comments between words.
 */
import type { Rng } from './rng.js';

/** A declaration or member: its words, an optional `{ ... }` block, an optional doc string. */
export interface Decl {
    readonly words: readonly string[];
    readonly block?: readonly Decl[];
    readonly doc?: string;
}

export interface Layout {
    readonly indent: string;
    readonly newline: string;
    /** Everything on one line (comments become block comments). */
    readonly oneLine: boolean;
    /** Probability that a one-member block stays on one line. */
    readonly compact: number;
    /** Probability of an odd separator between two words. */
    readonly messy: number;
    /** Probability of a comment before or after a line. */
    readonly comments: number;
}

export function randomLayout(rng: Rng): Layout {
    const kind = rng.weighted<'canonical' | 'compact' | 'oneLine' | 'messy'>([[5, 'canonical'], [2, 'compact'], [1, 'oneLine'], [2, 'messy']]);
    return {
        indent: kind === 'messy' ? rng.pick(['\t', '  ', ' ', '', '        ']) : '    ',
        newline: rng.chance(0.1) ? '\r\n' : rng.chance(0.02) ? '\r' : '\n',
        oneLine: kind === 'oneLine',
        compact: kind === 'compact' ? 0.9 : kind === 'canonical' ? 0.3 : 0.5,
        messy: kind === 'messy' ? 0.15 : 0,
        comments: rng.pick([0, 0, 0.05, 0.2])
    };
}

const TIGHT = new Set([',', '(', ')', '.', ':', '->', '=', '*', '{', '}']);
const NO_SPACE_BEFORE = new Set([',', ')', '.', ':', '(']);
const NO_SPACE_AFTER = new Set(['(', '.']);
const COMMENT_WORDS = ['note', 'TODO', 'the', 'service', 'ñandú', '注意', '"quoted"', "it's", 'a -> b', '{', '}', '/*', '//', '*', '**', '@see', '#1'];

export function printModel(rng: Rng, layout: Layout, header: readonly string[], headerDoc: string | undefined, body: readonly Decl[]): string {
    const out: string[] = [];
    const nl = layout.oneLine ? ' ' : layout.newline;
    if (rng.chance(layout.comments)) out.push(comment(rng, layout, false) + nl);
    if (headerDoc !== undefined) out.push(docString(headerDoc, layout, '') + nl);
    out.push(words(rng, layout, header, ''));
    for (const decl of body) {
        if (!layout.oneLine && rng.chance(0.15)) out.push(layout.newline);
        out.push(nl + printDecl(rng, layout, decl, 1));
    }
    if (rng.chance(layout.comments)) out.push(nl + comment(rng, layout, false));
    if (!layout.oneLine && rng.chance(0.8)) out.push(layout.newline);
    return out.join('');
}

function printDecl(rng: Rng, layout: Layout, decl: Decl, depth: number): string {
    const pad = layout.oneLine ? '' : layout.indent.repeat(depth);
    const nl = layout.oneLine ? ' ' : layout.newline;
    const parts: string[] = [];
    if (rng.chance(layout.comments)) parts.push(pad + comment(rng, layout, false) + nl);
    if (decl.doc !== undefined) parts.push(pad + docString(decl.doc, layout, pad) + nl);
    let line = pad + words(rng, layout, decl.words, pad);
    if (decl.block) {
        const inline = layout.oneLine || (decl.block.length <= 1 && rng.chance(layout.compact) && !decl.block.some(d => d.block));
        if (decl.block.length === 0) {
            line += rng.pick([' {}', ' { }', '{}', ' {' + nl + pad + '}']);
        } else if (inline) {
            line += ' { ' + decl.block.map(d => printDecl(rng, { ...layout, oneLine: true }, d, 0)).join(' ') + ' }';
        } else {
            line += ' {';
            for (const member of decl.block) {
                if (rng.chance(0.05)) line += layout.newline;
                line += nl + printDecl(rng, layout, member, depth + 1);
            }
            line += nl + pad + '}';
        }
    }
    if (!layout.oneLine && rng.chance(layout.comments)) line += rng.pick([' ', '  ', '\t']) + comment(rng, layout, true);
    parts.push(line);
    return parts.join('');
}

/** The words of a line, mostly one space apart. */
function words(rng: Rng, layout: Layout, list: readonly string[], pad: string): string {
    let text = '';
    list.forEach((word, i) => {
        if (i > 0) text += separator(rng, layout, list[i - 1]!, word, pad);
        text += word;
    });
    return text;
}

function separator(rng: Rng, layout: Layout, before: string, after: string, pad: string): string {
    const tight = TIGHT.has(before) || TIGHT.has(after);
    if (!rng.chance(layout.messy)) return NO_SPACE_BEFORE.has(after) || NO_SPACE_AFTER.has(before) ? (rng.chance(0.9) ? '' : ' ') : ' ';
    return rng.weighted<string>([
        [3, '  '],
        [2, '\t'],
        [2, layout.oneLine ? ' ' : layout.newline + pad + layout.indent],
        [1, ' /* ' + rng.pick(COMMENT_WORDS).replace(/\*\/|\/\*/g, '') + ' */ '],
        [tight ? 3 : 0, ''],
        [1, layout.oneLine ? ' ' : layout.newline + layout.newline]
    ]);
}

function comment(rng: Rng, layout: Layout, trailing: boolean): string {
    const text = Array.from({ length: rng.int(0, 6) }, () => rng.pick(COMMENT_WORDS)).join(' ');
    if (layout.oneLine || (!trailing && rng.chance(0.3))) return '/* ' + text.replace(/\*\//g, '* /') + ' */';
    return '//' + (rng.chance(0.8) ? ' ' : '') + text;
}

function docString(doc: string, layout: Layout, pad: string): string {
    const body = doc.replace(/\*\//g, '* /');
    if (layout.oneLine || !body.includes('\n')) return `/** ${body} */`;
    return '/**' + layout.newline + body.split('\n').map(l => `${pad} * ${l}`).join(layout.newline) + layout.newline + pad + ' */';
}
