import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DefaultLexer, EmptyFileSystem } from 'langium';
import { describe, expect, it } from 'vitest';
import { createArchgenServices } from '../arch-module.js';
import { ArchLexer } from './lexer.js';

const EXAMPLE = fileURLToPath(new URL('../../../../examples/ecommerce.arch', import.meta.url));

describe('ArchLexer', () => {
    it('builds Chevrotain\'s lexer only when a file needs it', () => {
        const services = createArchgenServices(EmptyFileSystem).archgen;
        const lexer = services.parser.Lexer as ArchLexer;
        expect(lexer).toBeInstanceOf(ArchLexer);
        const valid = services.parser.LangiumParser.parse(readFileSync(EXAMPLE, 'utf8'));
        expect(valid.parserErrors).toEqual([]);
        expect(lexer.built).toBe(false);
        const broken = services.parser.LangiumParser.parse('architecture a:\ncomponent backend b { replicas }\n');
        expect(broken.parserErrors.length).toBeGreaterThan(0);
        expect(lexer.built).toBe(true);
    });

    it("tokenizes as Langium's lexer: the same tokens, hidden tokens and errors", () => {
        const services = createArchgenServices(EmptyFileSystem).archgen;
        const ours = new ArchLexer(services);
        const langium = new DefaultLexer(services);
        expect(Object.keys(ours.definition)).toEqual(Object.keys(langium.definition));
        const plain = (result: ReturnType<DefaultLexer['tokenize']>) => ({
            tokens: result.tokens.map(t => [t.tokenType.name, t.image, t.startOffset, t.startLine, t.startColumn, t.endOffset]),
            hidden: result.hidden.map(t => [t.tokenType.name, t.image, t.startOffset]),
            errors: result.errors.map(e => [e.offset, e.length, e.line, e.column, e.message]),
            report: result.report
        });
        for (const text of [readFileSync(EXAMPLE, 'utf8'), 'architecture a: // note\ncomponent backend b { replicas 2 } § "open', '']) {
            expect(plain(ours.tokenize(text))).toStrictEqual(plain(langium.tokenize(text)));
        }
    });

    it('makes the token types once per grammar: later services share them, and parse and report as the first', () => {
        const first = createArchgenServices(EmptyFileSystem).archgen;
        const second = createArchgenServices(EmptyFileSystem).archgen;
        expect((second.parser.Lexer as ArchLexer).definition).toBe((first.parser.Lexer as ArchLexer).definition);
        const broken = 'architecture a:\ncomponent backend b { replicas }\n§\n';
        const outcome = (services: typeof first) => {
            const result = services.parser.LangiumParser.parse(broken);
            return { lexer: result.lexerErrors.map(e => [e.offset, e.message]), parser: result.parserErrors.map(e => [e.token.startOffset, e.message]) };
        };
        const before = outcome(first);
        expect(before.lexer.length + before.parser.length).toBeGreaterThan(1);
        expect(outcome(second)).toEqual(before);
        expect(outcome(first)).toEqual(before);
    });
});
