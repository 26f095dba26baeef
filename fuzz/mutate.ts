/**
 * Mutators of `.arch` text: token- and line-level edits, splices from other
 * models, random bytes, truncation, near-miss and consistent renames. Each
 * takes the seeded random source, so a seed reproduces the mutation.
 */
import type { Rng } from './rng.js';
import * as V from './vocabulary.js';

export interface Token {
    readonly kind: 'ws' | 'comment' | 'string' | 'number' | 'word' | 'punct';
    readonly text: string;
    readonly start: number;
}

const TOKEN = /(\/\*[\s\S]*?(?:\*\/|$))|(\/\/[^\n\r]*)|("(?:\\[\s\S]|[^"\\])*"?|'(?:\\[\s\S]|[^'\\])*'?)|(-?\d+(?:\.\d+)?[a-zA-Z]*)|([\p{L}_][\p{L}\p{N}_\p{M}]*)|(\s+)|(->|[\s\S])/gu;

/** A rough lexer: good enough to find words, strings, numbers and punctuation to mutate. */
export function tokenize(text: string): Token[] {
    const tokens: Token[] = [];
    for (const m of text.matchAll(TOKEN)) {
        const kind = m[1] || m[2] ? 'comment' : m[3] ? 'string' : m[4] ? 'number' : m[5] ? 'word' : m[6] ? 'ws' : 'punct';
        tokens.push({ kind, text: m[0], start: m.index });
    }
    return tokens;
}

export type Mutator = (rng: Rng, text: string, donor: () => string) => string;

function solid(tokens: Token[]): number[] {
    return tokens.flatMap((t, i) => (t.kind === 'ws' ? [] : [i]));
}

function withTokens(text: string, edit: (tokens: Token[], solids: number[]) => Token[] | undefined): string {
    const tokens = tokenize(text);
    const solids = solid(tokens);
    if (solids.length === 0) return text;
    const edited = edit(tokens, solids);
    return edited ? edited.map(t => t.text).join('') : text;
}

function tok(text: string, kind: Token['kind'] = 'word'): Token {
    return { kind, text, start: -1 };
}

function lines(text: string): string[] {
    return text.split(/(?<=\n)/);
}

/** A random word of the language or of its values: keywords, kinds, types, odd names. */
function randomWord(rng: Rng): string {
    return rng.weighted<string>([
        [4, rng.pick(V.ALL_KEYWORDS)],
        [2, rng.pick([...V.COMPONENT_KINDS, ...V.CONNECTOR_KINDS, ...V.BAD_COMPONENT_KINDS.filter(Boolean)])],
        [2, rng.pick([...V.FIELD_TYPES, ...V.BAD_TYPES])],
        [1, rng.pick([...V.METHODS, ...V.STRATEGIES, ...V.BROKERS, ...V.TRIGGER_OPS, 'jwt', 'now', 'uuid'])],
        [1, rng.pick([...V.DURATIONS, ...V.SIZES, ...V.BAD_DURATIONS, '0', '-1', '65536', '99999999999999999999', '1.5', '-0.0'])],
        [1, rng.pick(['"/api/x"', '""', '"', "'a'", '"\\"', '"a.b"', '"*"', '"http://x"'])],
        [1, V.makeName(rng, 'mixed', new Set())]
    ]);
}

export const MUTATORS: Readonly<Record<string, Mutator>> = {
    deleteToken: (rng, text) => withTokens(text, (t, s) => t.filter((_, i) => i !== s[rng.index(s.length)])),

    duplicateToken: (rng, text) => withTokens(text, (t, s) => {
        const i = rng.pick(s);
        return [...t.slice(0, i + 1), tok(rng.chance(0.5) ? ' ' : ''), t[i]!, ...t.slice(i + 1)];
    }),

    swapTokens: (rng, text) => withTokens(text, (t, s) => {
        const a = rng.index(s.length);
        const b = rng.chance(0.7) ? Math.min(a + 1, s.length - 1) : rng.index(s.length);
        const copy = [...t];
        [copy[s[a]!], copy[s[b]!]] = [t[s[b]!]!, t[s[a]!]!];
        return copy;
    }),

    replaceToken: (rng, text) => withTokens(text, (t, s) => {
        const copy = [...t];
        copy[rng.pick(s)] = tok(rng.chance(0.8) ? randomWord(rng) : rng.pick(V.ODD_CHARS));
        return copy;
    }),

    insertToken: (rng, text) => withTokens(text, (t, s) => {
        const i = rng.pick(s);
        return [...t.slice(0, i), tok(randomWord(rng)), tok(' '), ...t.slice(i)];
    }),

    /** Shifts a number to an edge: 0, negative, huge, fractional. */
    mutateNumber: (rng, text) => withTokens(text, t => {
        const numbers = t.flatMap((x, i) => (x.kind === 'number' ? [i] : []));
        if (numbers.length === 0) return undefined;
        const copy = [...t];
        copy[rng.pick(numbers)] = tok(rng.pick(['0', '-1', '1', '65535', '65536', '101', '4294967297', '99999999999999999999', '1.5', '00', '0.0', '1e', '9'.repeat(400), '1s', '1mb', '1.5mb']), 'number');
        return copy;
    }),

    /** Replaces what a string holds: empty, odd paths, escapes, unterminated. */
    mutateString: (rng, text) => withTokens(text, t => {
        const strings = t.flatMap((x, i) => (x.kind === 'string' ? [i] : []));
        if (strings.length === 0) return undefined;
        const copy = [...t];
        copy[rng.pick(strings)] = tok(rng.pick(['""', "''", '"/"', '"/api/../x"', '"\\\\"', '"\\""', '"a\nb"', '"é"', '"' + 'x'.repeat(3000) + '"', '"', '"unterminated', '"./model.arch"', '"model.arch"', '"/etc/passwd.arch"', '"%00.arch"', '"a b.arch"', '"C:\\\\x.arch"', '"file:///x.arch"', '"http://x/y.arch"']), 'string');
        return copy;
    }),

    deleteLine: (rng, text) => {
        const l = lines(text);
        l.splice(rng.index(l.length), 1);
        return l.join('');
    },

    duplicateLine: (rng, text) => {
        const l = lines(text);
        const i = rng.index(l.length);
        l.splice(rng.index(l.length + 1), 0, l[i]!.endsWith('\n') ? l[i]! : l[i]! + '\n');
        return l.join('');
    },

    swapLines: (rng, text) => {
        const l = lines(text);
        const a = rng.index(l.length);
        const b = rng.chance(0.6) ? Math.min(a + 1, l.length - 1) : rng.index(l.length);
        [l[a], l[b]] = [l[b]!, l[a]!];
        return l.join('');
    },

    /** Copies a range of lines of another model (or this one) to a random line. */
    splice: (rng, text, donor) => {
        const from = lines(rng.chance(0.8) ? donor() : text);
        const start = rng.index(from.length);
        const piece = from.slice(start, start + rng.int(1, 12)).join('');
        const l = lines(text);
        l.splice(rng.index(l.length + 1), 0, piece.endsWith('\n') ? piece : piece + '\n');
        return l.join('');
    },

    /** Copies a slice of characters of another model to a random offset, cutting through tokens. */
    spliceBytes: (rng, text, donor) => {
        const from = donor();
        const start = rng.index(from.length + 1);
        const piece = from.slice(start, start + rng.int(1, 200));
        const at = rng.index(text.length + 1);
        return text.slice(0, at) + piece + text.slice(at);
    },

    insertBytes: (rng, text) => {
        const at = rng.index(text.length + 1);
        const bytes = Array.from({ length: rng.int(1, 4) }, () => (rng.chance(0.7) ? rng.pick(V.ODD_CHARS) : String.fromCharCode(rng.int(0, 0xffff)))).join('');
        return text.slice(0, at) + bytes + text.slice(at);
    },

    deleteBytes: (rng, text) => {
        const at = rng.index(text.length + 1);
        return text.slice(0, at) + text.slice(at + rng.int(1, 30));
    },

    truncate: (rng, text) => text.slice(0, rng.index(text.length + 1)),

    /** Cuts in the middle of a token: inside a string, a comment, a word. */
    truncateInToken: (rng, text) => withTokens(text, (t, s) => {
        const i = rng.pick(s);
        const cut = t[i]!.text.slice(0, rng.int(1, Math.max(1, t[i]!.text.length - 1)));
        return [...t.slice(0, i), tok(cut)];
    }),

    /** One occurrence of a name becomes a near miss (a typo, a case change, `-` for `_`). */
    nearMissName: (rng, text) => withTokens(text, t => {
        const words = t.flatMap((x, i) => (x.kind === 'word' && !V.ALL_KEYWORDS.includes(x.text) ? [i] : []));
        if (words.length === 0) return undefined;
        const copy = [...t];
        const i = rng.pick(words);
        copy[i] = tok(V.nearMiss(rng, t[i]!.text));
        return copy;
    }),

    /** Every occurrence of a name becomes another name: Unicode, a keyword, a long one, another name of the model. */
    renameEverywhere: (rng, text) => withTokens(text, t => {
        const words = [...new Set(t.filter(x => x.kind === 'word' && !V.ALL_KEYWORDS.includes(x.text)).map(x => x.text))];
        if (words.length === 0) return undefined;
        const from = rng.pick(words);
        const to = rng.weighted<string>([
            [2, V.makeName(rng, 'unicode', new Set())],
            [2, rng.pick(V.NAME_KEYWORDS)],
            [1, rng.pick(V.RESERVED)],
            [1, rng.pick(words)],
            [1, from + '_' + 'x'.repeat(rng.int(50, 300))],
            [1, from.toUpperCase()],
            [1, rng.pick(['_', 'a', 'A', 'x1', 'Ω', 'e\u0301', 'ǅ'])]
        ]);
        return t.map(x => (x.kind === 'word' && x.text === from ? tok(to) : x));
    }),

    /** Removes a `{` or `}` or adds one. */
    unbalance: (rng, text) => withTokens(text, t => {
        const braces = t.flatMap((x, i) => (x.text === '{' || x.text === '}' ? [i] : []));
        if (braces.length === 0 || rng.chance(0.3)) {
            const i = rng.index(t.length + 1);
            return [...t.slice(0, i), tok(rng.pick(['{', '}', '{ }', '}}'])), ...t.slice(i)];
        }
        return t.filter((_, i) => i !== rng.pick(braces));
    }),

    /** Doubles a whole `{ ... }` block with what precedes it on its line (a component, an entity, a payload). */
    duplicateBlock: (rng, text) => {
        const block = balancedBlock(rng, text);
        if (!block) return text;
        const end = text.indexOf(block) + block.length;
        return text.slice(0, end) + '\n' + block + text.slice(end);
    },

    /** A comment between two tokens: a block comment between `primary` and `key`, a line comment inside `string(20)`. */
    insertComment: (rng, text) => withTokens(text, (t, s) => {
        const i = rng.pick(s);
        const comment = rng.pick(['/* c */', '/**/', '/** doc */', '// c\n', '//\n', '/* a\n   b */', '/*/ x */', '/* ** */']);
        const pad = () => rng.pick(['', ' ', '\n', '\t']);
        return [...t.slice(0, i), tok(pad() + comment + pad(), 'comment'), ...t.slice(i)];
    }),

    /** A whole declaration with its block (a component, an entity, a payload) from another model, at a line of this one. */
    spliceBlock: (rng, text, donor) => {
        const from = donor();
        const block = balancedBlock(rng, from);
        if (!block) return text;
        const l = lines(text);
        l.splice(rng.index(l.length + 1), 0, block + '\n');
        return l.join('');
    },

    /** Comments out a line, or opens a block comment that never closes. */
    comment: (rng, text) => {
        const l = lines(text);
        const i = rng.index(l.length);
        l[i] = rng.pick(['// ', '/* ', '/** ', '*/ ', '/* x */ ']) + l[i];
        return l.join('');
    },

    /** Line endings and invisible characters: CRLF, CR, BOM, tabs. */
    whitespace: (rng, text) => rng.pick([
        () => text.replace(/\n/g, '\r\n'),
        () => text.replace(/\n/g, '\r'),
        () => '\ufeff' + text,
        () => text.replace(/ {4}/g, '\t'),
        () => text.replace(/\s+/g, ' '),
        () => text.replace(/\n/g, '\u2028'),
        () => text + '\u0000'
    ])()
};

/** A `{ ... }` block of the text with the rest of the line it opens on, or undefined. */
function balancedBlock(rng: Rng, text: string): string | undefined {
    const opens = [...text.matchAll(/\{/g)].map(m => m.index);
    if (opens.length === 0) return undefined;
    const open = rng.pick(opens);
    let depth = 0;
    for (let i = open; i < text.length; i++) {
        if (text[i] === '{') depth++;
        else if (text[i] === '}' && --depth === 0) return text.slice(text.lastIndexOf('\n', open) + 1, i + 1);
    }
    return undefined;
}

export const MUTATOR_NAMES = Object.keys(MUTATORS);

/** Applies `count` random mutations; returns the text and the names of the mutations, in order. */
export function mutate(rng: Rng, text: string, count: number, donor: () => string): { text: string; steps: string[] } {
    const steps: string[] = [];
    let current = text;
    for (let i = 0; i < count; i++) {
        const name = rng.weighted<string>(MUTATOR_NAMES.map(n => [WEIGHTS[n] ?? 1, n] as const));
        steps.push(name);
        current = MUTATORS[name]!(rng, current, donor);
    }
    return { text: current, steps };
}

const WEIGHTS: Record<string, number> = {
    deleteToken: 4, duplicateToken: 3, swapTokens: 3, replaceToken: 4, insertToken: 3, nearMissName: 4, renameEverywhere: 3,
    mutateNumber: 2, mutateString: 2, deleteLine: 3, duplicateLine: 3, swapLines: 2, splice: 3, spliceBytes: 1,
    insertBytes: 2, deleteBytes: 1, truncate: 2, truncateInToken: 1, unbalance: 1, duplicateBlock: 2, comment: 1, whitespace: 1,
    insertComment: 3, spliceBlock: 3
};
