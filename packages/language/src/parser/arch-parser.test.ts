import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createLangiumParser, EmptyFileSystem } from 'langium';
import { describe, expect, it } from 'vitest';
import { syntheticModel } from '../../../../bench/synthetic.mjs';
import { inputFor } from '../../../../fuzz/inputs.js';
import { createArchgenServices } from '../arch-module.js';
import { exampleAndFixtureFiles, REPO_ROOT } from '../test-support/files.js';
import { parseWith } from '../test-support/trees.js';
import { preorder, walkPreorder } from '../util/ast-walk.js';
import { ArchCstNodeBuilder } from './arch-parser.js';
import { FastArchParser } from './fast-parser.js';
import { ArchLanguageMetaData } from '../generated/module.js';



describe('ArchParser', () => {
    const ours = createArchgenServices(EmptyFileSystem).archgen;
    // Langium's own parser, built in development mode: Chevrotain checks the grammar (archgen runs in production mode).
    const development = createArchgenServices(EmptyFileSystem).archgen;
    const langium = createLangiumParser(new Proxy(development, {
        get: (target, key) => (key === 'LanguageMetaData' ? ArchLanguageMetaData : Reflect.get(target, key))
    }));

    it('runs in production mode, and the grammar passes the checks of development mode', () => {
        expect(ours.LanguageMetaData.mode).toBe('production');
        expect(ArchLanguageMetaData.mode).toBe('development');
        expect(langium).toBeDefined();
    });
    const files = exampleAndFixtureFiles();

    it('builds the same AST and CST as Langium on every example and fixture, broken ones included', () => {
        expect(files.length).toBeGreaterThan(20);
        for (const file of files) {
            const text = readFileSync(file, 'utf8');
            expect(parseWith(ours.parser.LangiumParser, text, ours), path.relative(REPO_ROOT, file)).toStrictEqual(parseWith(langium, text, development));
        }
    });

    it('places comments and computes ranges as Langium does, with CRLF and lone CR line ends', () => {
        const text = '/** a */\r\narchitecture x:\r\n  // one\r  component backend a /* two\r\nlines */ { replicas 2 }\n  /** three */\n  component database b\n// last';
        expect(parseWith(ours.parser.LangiumParser, text, ours)).toStrictEqual(parseWith(langium, text, development));
    });

    it('builds the same trees for a synthetic model of 200 components', () => {
        const text = syntheticModel({ components: 200 });
        expect(parseWith(ours.parser.LangiumParser, text, ours)).toStrictEqual(parseWith(langium, text, development));
    });

    it('parses every valid example and fixture with the hand-written parser, without falling back to Chevrotain', () => {
        const fast = new FastArchParser(ours);
        let valid = 0;
        for (const file of files) {
            const text = readFileSync(file, 'utf8');
            const reference = langium.parse(text);
            const builder = new ArchCstNodeBuilder();
            builder.buildRootNode(text);
            const parsed = fast.parse(builder, text);
            if (reference.parserErrors.length + reference.lexerErrors.length > 0) {
                expect(parsed, path.relative(REPO_ROOT, file)).toBeUndefined();
            } else {
                valid++;
                expect(parsed, path.relative(REPO_ROOT, file)).toBeDefined();
            }
        }
        expect(valid).toBeGreaterThan(20);
    });

    it('builds the same trees and errors as Langium on 400 fuzz inputs (generated, mutated, token soup)', () => {
        let broken = 0;
        for (let seed = 1; seed <= 400; seed++) {
            for (const file of inputFor(seed).files) {
                const expected = parseWith(langium, file.text, development);
                if (expected.parserErrors.length + expected.lexerErrors.length > 0) broken++;
                expect(parseWith(ours.parser.LangiumParser, file.text, ours), `fuzz seed ${seed}, ${file.name}`).toStrictEqual(expected);
            }
        }
        // Error recovery is exercised, not only clean models.
        expect(broken).toBeGreaterThan(100);
    });
});

describe('the preorder the fast parser records', () => {
    const services = createArchgenServices(EmptyFileSystem).archgen;
    const sources = [
        ...exampleAndFixtureFiles().map(file => readFileSync(file, 'utf8')),
        syntheticModel({ components: 200 }),
        ...Array.from({ length: 200 }, (_, i) => inputFor(7000 + i)).flatMap(input => input.files.map(f => f.text))
    ];

    it("equals the walk's (nodes and subtree ends) on every file the fast parser parses", () => {
        let recorded = 0;
        for (const text of sources) {
            const result = services.parser.LangiumParser.parse(text);
            // A file with errors is parsed by Langium's parser, and its preorder found by walking.
            if (result.parserErrors.length > 0 || result.lexerErrors.length > 0) continue;
            const listed = preorder(result.value);
            const walked = walkPreorder(result.value);
            expect(listed.nodes.length).toBe(walked.nodes.length);
            for (let i = 0; i < walked.nodes.length; i++) expect(listed.nodes[i]).toBe(walked.nodes[i]);
            expect([...listed.ends]).toEqual([...walked.ends]);
            recorded++;
        }
        expect(recorded).toBeGreaterThan(100);
    });
});
