import type { LangiumParser } from 'langium';
import { isWhiteSpace } from '../util/chars.js';

export type TokenType = Parameters<LangiumParser['consume']>[1];

/** The tokens of a text, without an object per token. */
export interface Lexed {
    readonly count: number;
    /** Each token's type, as its index in `table`: a byte per token (a list of the types took 16 MiB and as much again growing, on 50,000 components). */
    readonly kinds: Uint8Array;
    readonly table: readonly TokenType[];
    readonly starts: Int32Array;
    readonly ends: Int32Array;
    /** The comments (hidden tokens), in order. */
    readonly comments: readonly { readonly start: number; readonly end: number; readonly type: TokenType }[];
}

/**
 * The terminals of arch.langium as this lexer implements them. If the grammar
 * changes one, building the lexer fails (and so do the parser tests) until
 * this file follows.
 */
const TERMINALS: Readonly<Record<string, string>> = {
    WS: '\\s+',
    QUANTITY: '\\d+(\\.\\d+)?[a-zA-Z]+',
    DECIMAL: '\\d+\\.\\d+',
    INT: '\\d+',
    STRING: '"(\\\\.|[^"\\\\])*"|\'(\\\\.|[^\'\\\\])*\'',
    ML_COMMENT: '\\/\\*[\\s\\S]*?\\*\\/',
    SL_COMMENT: '\\/\\/[^\\n\\r]*'
};

const PUNCTUATION = ['->', ':', '{', '}', '-', '.', '(', ',', ')', '=', '*'];

/**
 * A lexer for .arch files that tokenizes exactly as the Chevrotain lexer
 * Langium builds from the grammar (first matching token in Langium's order,
 * keywords giving way to a longer identifier), for texts it can lex; it gives
 * up (undefined) at anything else: a character no token starts with, an
 * unterminated string or comment, a backslash before a line end in a string.
 * The caller then lexes with Chevrotain, which reports the error.
 *
 * Tokens are three numbers each in typed arrays: no token objects and no
 * strings, which on a file of 10,000 components are some 400,000 objects
 * that live as long as the parse.
 */
export class FastLexer {
    /** The token types a token's kind stands for. */
    private readonly table: TokenType[] = [];
    private readonly keywords = new Map<string, number>();
    private readonly punctuation = new Map<string, number>();
    private readonly id: RegExp;
    private readonly idStart: RegExp;
    private readonly t: { ID: number; INT: number; DECIMAL: number; QUANTITY: number; STRING: number; ML: TokenType; SL: TokenType };

    constructor(definition: Readonly<Record<string, TokenType>>) {
        const type = (name: string): TokenType => {
            const found = definition[name];
            if (!found) throw new Error(`fast-lexer: the lexer has no token '${name}'`);
            return found;
        };
        for (const [name, source] of Object.entries(TERMINALS)) {
            const pattern = type(name).PATTERN;
            if (!(pattern instanceof RegExp) || pattern.source !== source) {
                throw new Error(`fast-lexer: terminal ${name} is now ${String(pattern)}; update fast-lexer.ts`);
            }
        }
        const idPattern = type('ID').PATTERN as RegExp;
        this.id = new RegExp(idPattern.source, 'y');
        this.idStart = new RegExp(idPattern.source.slice(0, idPattern.source.indexOf(']') + 1), 'y');
        const kind = (tokenType: TokenType): number => {
            this.table.push(tokenType);
            if (this.table.length > 256) throw new Error('fast-lexer: more than 256 token types; widen Lexed.kinds');
            return this.table.length - 1;
        };
        this.t = {
            ID: kind(type('ID')), INT: kind(type('INT')), DECIMAL: kind(type('DECIMAL')), QUANTITY: kind(type('QUANTITY')), STRING: kind(type('STRING')),
            ML: type('ML_COMMENT'), SL: type('SL_COMMENT')
        };
        for (const [name, tokenType] of Object.entries(definition)) {
            if (name in TERMINALS || name === 'ID') continue;
            if (PUNCTUATION.includes(name)) {
                this.punctuation.set(name, kind(tokenType));
                continue;
            }
            // Every other token is a keyword an identifier could also be (Chevrotain: the keyword, unless the identifier is longer).
            const whole = new RegExp(`^(?:${idPattern.source})$`);
            if (!whole.test(name)) throw new Error(`fast-lexer: keyword '${name}' is neither punctuation nor an identifier; update fast-lexer.ts`);
            this.keywords.set(name, kind(tokenType));
        }
        for (const mark of PUNCTUATION) if (!this.punctuation.has(mark)) throw new Error(`fast-lexer: the lexer has no '${mark}'`);
    }

    lex(text: string): Lexed | undefined {
        let capacity = Math.max(64, text.length >> 3);
        let starts = new Int32Array(capacity);
        let ends = new Int32Array(capacity);
        let kinds = new Uint8Array(capacity);
        const comments: { start: number; end: number; type: TokenType }[] = [];
        const t = this.t;
        let count = 0;
        const push = (kind: number, start: number, end: number): void => {
            if (count === capacity) {
                capacity *= 2;
                const grownStarts = new Int32Array(capacity);
                grownStarts.set(starts);
                starts = grownStarts;
                const grownEnds = new Int32Array(capacity);
                grownEnds.set(ends);
                ends = grownEnds;
                const grownKinds = new Uint8Array(capacity);
                grownKinds.set(kinds);
                kinds = grownKinds;
            }
            kinds[count] = kind;
            starts[count] = start;
            ends[count] = end;
            count++;
        };
        const length = text.length;
        let i = 0;
        while (i < length) {
            const c = text.charCodeAt(i);
            // White space: \s, as the WS terminal (ASCII first).
            if (c === 32 || c === 10 || c === 13 || c === 9) {
                i++;
                continue;
            }
            if (isDigit(c)) {
                let j = i + 1;
                while (j < length && isDigit(text.charCodeAt(j))) j++;
                let fraction = false;
                if (text.charCodeAt(j) === 46 /* . */ && isDigit(text.charCodeAt(j + 1))) {
                    j += 2;
                    while (j < length && isDigit(text.charCodeAt(j))) j++;
                    fraction = true;
                }
                if (isAsciiLetter(text.charCodeAt(j))) {
                    j++;
                    while (j < length && isAsciiLetter(text.charCodeAt(j))) j++;
                    push(t.QUANTITY, i, j);
                } else {
                    push(fraction ? t.DECIMAL : t.INT, i, j);
                }
                i = j;
                continue;
            }
            // Beyond ASCII, white space first (as Chevrotain tries WS first: U+FEFF is both white space and a letter of ID).
            if (c > 127 && isWhiteSpace(c)) {
                i++;
                continue;
            }
            if (isAsciiLetter(c) || c === 95 /* _ */ || (c > 127 && this.matches(this.idStart, text, i))) {
                this.id.lastIndex = i;
                this.id.test(text);
                const end = this.id.lastIndex;
                const keyword = this.keywords.get(text.slice(i, end));
                push(keyword ?? t.ID, i, end);
                i = end;
                continue;
            }
            if (c === 34 /* " */ || c === 39 /* ' */) {
                let j = i + 1;
                for (;;) {
                    if (j >= length) return undefined;
                    const d = text.charCodeAt(j);
                    if (d === c) break;
                    if (d === 92 /* \ */) {
                        // `\\.`: any character but a line terminator.
                        const e = text.charCodeAt(j + 1);
                        if (j + 1 >= length || e === 10 || e === 13 || e === 0x2028 || e === 0x2029) return undefined;
                        j += 2;
                    } else {
                        j++;
                    }
                }
                push(t.STRING, i, j + 1);
                i = j + 1;
                continue;
            }
            if (c === 47 /* / */) {
                const d = text.charCodeAt(i + 1);
                if (d === 42 /* * */) {
                    const close = text.indexOf('*/', i + 2);
                    if (close < 0) return undefined;
                    comments.push({ start: i, end: close + 2, type: t.ML });
                    i = close + 2;
                    continue;
                }
                if (d === 47) {
                    let j = i + 2;
                    while (j < length) {
                        const e = text.charCodeAt(j);
                        if (e === 10 || e === 13) break;
                        j++;
                    }
                    comments.push({ start: i, end: j, type: t.SL });
                    i = j;
                    continue;
                }
                return undefined;
            }
            if (c === 45 /* - */ && text.charCodeAt(i + 1) === 62 /* > */) {
                push(this.punctuation.get('->')!, i, i + 2);
                i += 2;
                continue;
            }
            const mark = this.punctuation.get(text[i]!);
            if (mark) {
                push(mark, i, i + 1);
                i++;
                continue;
            }
            // Other ASCII white space (form feed, vertical tab).
            if (isWhiteSpace(c)) {
                i++;
                continue;
            }
            return undefined;
        }
        return { count, kinds, table: this.table, starts, ends, comments };
    }

    private matches(pattern: RegExp, text: string, at: number): boolean {
        pattern.lastIndex = at;
        return pattern.test(text);
    }
}

function isDigit(c: number): boolean {
    return c >= 48 && c <= 57;
}

function isAsciiLetter(c: number): boolean {
    return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
