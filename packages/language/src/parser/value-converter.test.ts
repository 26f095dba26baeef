import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CstUtils, DefaultValueConverter, EmptyFileSystem, isCompositeCstNode } from 'langium';
import { describe, expect, it } from 'vitest';
import { createArchgenServices } from '../arch-module.js';
import { exampleAndFixtureFiles, REPO_ROOT } from '../test-support/files.js';
import { ArchValueConverter } from './value-converter.js';



describe('ArchValueConverter', () => {
    const services = createArchgenServices(EmptyFileSystem).archgen;

    it('is the converter archgen parses with', () => {
        expect(services.parser.ValueConverter).toBeInstanceOf(ArchValueConverter);
    });

    it("converts every token and data-type value of the examples and fixtures exactly as Langium's converter", () => {
        const ours = new ArchValueConverter();
        const langium = new DefaultValueConverter();
        const files = exampleAndFixtureFiles();
        let compared = 0;
        for (const file of files) {
            const root = services.parser.LangiumParser.parse(readFileSync(file, 'utf8')).value.$cstNode;
            if (!root) continue;
            for (const node of CstUtils.streamCst(root)) {
                // Twice each: the second answer comes from the cache.
                const text = node.text;
                const expected = langium.convert(text, node);
                expect(ours.convert(text, node), `${path.relative(REPO_ROOT, file)} ${node.offset}`).toStrictEqual(expected);
                expect(ours.convert(text, node)).toStrictEqual(expected);
                compared++;
            }
        }
        expect(compared).toBeGreaterThan(10_000);
    });

    it('converts numbers, strings with escapes, identifiers and booleans by their rule', () => {
        const ours = new ArchValueConverter();
        const { value } = services.parser.LangiumParser.parse('architecture a:\ncomponent backend ^b { replicas 3 }\ncomponent frontend f { cors "x\\"y" }\n');
        const leaves = [...CstUtils.streamCst(value.$cstNode!)].filter(n => !isCompositeCstNode(n) && n.grammarSource);
        const values = leaves.map(n => ours.convert(n.text, n));
        expect(values).toContain(3);
        expect(values).toContain('x"y');
        expect(values).toContain('b');
    });
});
