import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CstUtils, DefaultValueConverter, EmptyFileSystem, isCompositeCstNode } from 'langium';
import { describe, expect, it } from 'vitest';
import { createArchgenServices } from '../arch-module.js';
import { ArchValueConverter } from './value-converter.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

function archFiles(dir: string): string[] {
    return readdirSync(dir).flatMap(name => {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) return archFiles(full);
        return name.endsWith('.arch') ? [full] : [];
    });
}

describe('ArchValueConverter', () => {
    const services = createArchgenServices(EmptyFileSystem).archgen;

    it('is the converter archgen parses with', () => {
        expect(services.parser.ValueConverter).toBeInstanceOf(ArchValueConverter);
    });

    it("converts every token and data-type value of the examples and fixtures exactly as Langium's converter", () => {
        const ours = new ArchValueConverter();
        const langium = new DefaultValueConverter();
        const files = [...archFiles(path.join(ROOT, 'examples')), ...archFiles(path.join(ROOT, 'packages/language/src/validation/__fixtures__'))];
        let compared = 0;
        for (const file of files) {
            const root = services.parser.LangiumParser.parse(readFileSync(file, 'utf8')).value.$cstNode;
            if (!root) continue;
            for (const node of CstUtils.streamCst(root)) {
                // Twice each: the second answer comes from the cache.
                const text = node.text;
                const expected = langium.convert(text, node);
                expect(ours.convert(text, node), `${path.relative(ROOT, file)} ${node.offset}`).toStrictEqual(expected);
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
