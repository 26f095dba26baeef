import { AstUtils, EmptyFileSystem, type AstNode } from 'langium';
import { describe, expect, it } from 'vitest';
import { syntheticModel } from '../../../../bench/synthetic.mjs';
import { inputFor } from '../../../../fuzz/inputs.js';
import { createArchgenServices } from '../arch-module.js';
import { preorder } from './ast-walk.js';

describe('preorder', () => {
    const parser = createArchgenServices(EmptyFileSystem).archgen.parser.LangiumParser;

    it('visits the nodes streamAst visits, in the same order, broken models included', () => {
        const texts = [syntheticModel({ components: 40 }), ...Array.from({ length: 200 }, (_, i) => inputFor(i + 1).files[0]!.text)];
        for (const text of texts) {
            const root = parser.parse<AstNode>(text).value;
            expect(preorder(root).nodes).toEqual(AstUtils.streamAst(root).toArray());
        }
    });

    it('gives the end of each subtree, where streamAst would resume after prune()', () => {
        const root = parser.parse<AstNode>(syntheticModel({ components: 20 })).value;
        const { nodes, ends } = preorder(root);
        for (let i = 0; i < nodes.length; i += 7) {
            const iterator = AstUtils.streamAst(root).iterator();
            for (let j = 0; j <= i; j++) iterator.next();
            iterator.prune();
            const next = iterator.next();
            expect(next.done ? undefined : next.value).toBe(nodes[ends[i]!]);
            expect(ends[i]! - i).toBe(AstUtils.streamAst(nodes[i]!).count());
        }
    });
});
