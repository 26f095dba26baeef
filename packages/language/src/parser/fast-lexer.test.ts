import { EmptyFileSystem } from 'langium';
import { describe, expect, it } from 'vitest';
import { syntheticModel } from '../../../../bench/synthetic.mjs';
import { inputFor } from '../../../../fuzz/inputs.js';
import { Rng } from '../../../../fuzz/rng.js';
import { createArchgenServices } from '../arch-module.js';
import { FastLexer, type TokenType } from './fast-lexer.js';

const services = createArchgenServices(EmptyFileSystem).archgen;
const chevrotain = services.parser.Lexer;
const fast = new FastLexer(chevrotain.definition as Record<string, TokenType>);

/** Chevrotain's tokens (and comments) as `type@start-end`, or undefined when it reports an error. */
function expected(text: string): { tokens: string[]; comments: string[] } | undefined {
    const result = chevrotain.tokenize(text);
    if (result.errors.length > 0) return undefined;
    return {
        tokens: result.tokens.map(t => `${t.tokenType.name}@${t.startOffset}-${t.endOffset + 1}`),
        comments: result.hidden.map(t => `${t.tokenType.name}@${t.startOffset}-${t.endOffset + 1}`)
    };
}

function actual(text: string): { tokens: string[]; comments: string[] } | undefined {
    const lexed = fast.lex(text);
    if (!lexed) return undefined;
    const tokens: string[] = [];
    for (let i = 0; i < lexed.count; i++) tokens.push(`${lexed.table[lexed.kinds[i]!]!.name}@${lexed.starts[i]}-${lexed.ends[i]}`);
    return { tokens, comments: lexed.comments.map(c => `${c.type.name}@${c.start}-${c.end}`) };
}

/** Characters that make lexing interesting: every token's first character, and what sits at their edges. */
const ALPHABET = [...'abcxyz_ABZ019.-+>:{}(),=*/"\'\\ \t\n\r', '\f', '\v', '\u00a0', '\ufeff', '\u2028', 'é', 'ß', 'π', 'Ж', '\u0301', '日', '😀', '×', '@', '#',
    'component', 'connector', 'max', 'max_body', 'public', 'publicx', '10s', '1.5', '1.', '/*', '*/', '//'];

describe('FastLexer', () => {
    it('tokenizes as Chevrotain does, or gives up where Chevrotain reports an error', () => {
        const rng = new Rng(11);
        const texts = [
            syntheticModel({ components: 60 }),
            ...Array.from({ length: 600 }, (_, i) => inputFor(i + 1).files[0]!.text),
            ...Array.from({ length: 3000 }, () => Array.from({ length: rng.int(1, 40) }, () => rng.pick(ALPHABET)).join(''))
        ];
        let lexed = 0;
        for (const text of texts) {
            const ours = actual(text);
            const theirs = expected(text);
            if (ours) {
                lexed++;
                expect(ours, JSON.stringify(text.slice(0, 200))).toEqual(theirs);
            }
        }
        expect(lexed).toBeGreaterThan(texts.length / 5);
    });

    it('gives up on what it cannot lex: a stray character, an unterminated string or comment', () => {
        for (const text of ['a @ b', '"open', "'open", '/* open', 'a / b', '"a\\\nb"', '😀']) {
            expect(fast.lex(text), JSON.stringify(text)).toBeUndefined();
        }
    });
});
