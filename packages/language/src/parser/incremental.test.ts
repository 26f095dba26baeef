import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EmptyFileSystem, type AstNode, type ParseResult } from 'langium';
import { describe, expect, it } from 'vitest';
import { syntheticModel } from '../../../../bench/synthetic.mjs';
import { generateModel } from '../../../../fuzz/generate.js';
import { Rng } from '../../../../fuzz/rng.js';
import { createArchgenServices } from '../arch-module.js';
import { archFiles, REPO_ROOT } from '../test-support/files.js';
import { trees } from '../test-support/trees.js';
import { reparseIncrementally } from './incremental.js';

const services = createArchgenServices(EmptyFileSystem).archgen;
const parser = services.parser.LangiumParser;

/** Small edits an editor makes: a character typed, a word replaced, a line removed, a comment or block added. */
const INSERTS = ['x', '7', ' ', '\n', '_', '-', '"', '{', '}', ',', '.', '/', '*', '// note\n', '/* c */', ' replicas 3', '\n        replicas 2\n',
    'component', 'connector', ' entity E { id serial primary key }', '\r\n', '\t'];

function edit(rng: Rng, text: string): string {
    const at = rng.int(0, text.length);
    switch (rng.int(0, 3)) {
        case 0:
            return text.slice(0, at) + rng.pick(INSERTS) + text.slice(at);
        case 1:
            return text.slice(0, at) + text.slice(Math.min(text.length, at + rng.int(1, 12)));
        case 2: {
            const digit = /\d/g;
            const digits = [...text.matchAll(digit)];
            if (digits.length === 0) return text + '\n';
            const d = rng.pick(digits).index!;
            return text.slice(0, d) + String(rng.int(0, 9)) + text.slice(d + 1);
        }
        default: {
            const words = [...text.matchAll(/[a-z_]+/gi)];
            if (words.length === 0) return text + 'x';
            const w = rng.pick(words);
            return text.slice(0, w.index!) + rng.pick(['a', 'total', 'public', 'http', 'Item', 'b0_svc1', 'int', 'string']) + text.slice(w.index! + w[0].length);
        }
    }
}


describe('reparseIncrementally', () => {
    it('gives what a full parse gives, after chains of random edits', () => {
        const rng = new Rng(7);
        const bases = [
            ...archFiles(path.join(REPO_ROOT, 'examples')).map(f => readFileSync(f, 'utf8')),
            syntheticModel({ components: 40 }),
            ...Array.from({ length: 30 }, () => generateModel(rng, 0))
        ];
        let incremental = 0;
        let edits = 0;
        for (const base of bases) {
            let text = base;
            let current: ParseResult<AstNode> = parser.parse(text);
            // The last text without errors: a chain that broke the syntax goes back to it (after one more edit on the broken text).
            let valid = current.parserErrors.length === 0 && current.lexerErrors.length === 0 ? text : undefined;
            for (let step = 0; step < 25; step++) {
                text = edit(rng, text);
                edits++;
                const full = parser.parse<AstNode>(text);
                const result = reparseIncrementally(parser, current, text);
                if (result) {
                    incremental++;
                    expect(trees(result, services), `edit ${step} of a base model`).toStrictEqual(trees(full, services));
                    current = result;
                } else {
                    current = full;
                }
                const broken = full.parserErrors.length > 0 || full.lexerErrors.length > 0;
                if (!broken) valid = text;
                else if (valid !== undefined && rng.chance(0.5)) {
                    text = valid;
                    current = parser.parse(text);
                }
            }
        }
        // Most random edits break the syntax (then the full parse reports it); a good share is taken incrementally.
        expect(edits).toBeGreaterThan(900);
        expect(incremental).toBeGreaterThan(edits / 5);
    });

    it('takes an edit inside one component, as an editor makes it, incrementally, and the rest of the tree stays', () => {
        const text = syntheticModel({ components: 100 });
        const previous = parser.parse<AstNode>(text);
        const elements = [...(previous.value as unknown as { elements: AstNode[] }).elements];
        const at = text.indexOf('replicas 2', text.length / 2);
        const changed = text.slice(0, at) + 'replicas 3' + text.slice(at + 'replicas 2'.length);
        const result = reparseIncrementally(parser, previous, changed);
        expect(result).toBeDefined();
        expect(trees(result!, services)).toStrictEqual(trees(parser.parse(changed), services));
        const after = (result!.value as unknown as { elements: AstNode[] }).elements;
        // One element replaced; the others are the same objects.
        expect(after.filter((e, i) => e !== elements[i])).toHaveLength(1);
    });

    it('refuses edits between elements, in the header, and on a text that had errors', () => {
        const text = 'architecture shop:\ncomponent backend api { replicas 2 }\n\ncomponent database db\n';
        const parse = () => parser.parse<AstNode>(text);
        expect(reparseIncrementally(parser, parse(), text.replace('shop', 'store'))).toBeUndefined();
        expect(reparseIncrementally(parser, parse(), text.replace('\n\n', '\n// c\n'))).toBeUndefined();
        expect(reparseIncrementally(parser, parse(), text.replace('replicas 2 }', 'replicas 2 } // c'))).toBeUndefined();
        expect(reparseIncrementally(parser, parse(), text.replace('replicas 2', 'replicas 3'))).toBeDefined();
        const broken = parser.parse<AstNode>(text.replace('}', ''));
        expect(reparseIncrementally(parser, broken, text.replace('}', '').replace('2', '3'))).toBeUndefined();
        // An element edited into two is parsed in full.
        expect(reparseIncrementally(parser, parse(), text.replace('replicas 2 }', 'replicas 2 } component frontend web'))).toBeUndefined();
    });
});
