import { AstUtils, EmptyFileSystem, type AstNode, type ReferenceInfo } from 'langium';
import { describe, expect, it } from 'vitest';
import { syntheticModel } from '../../../../bench/synthetic.mjs';
import { inputFor } from '../../../../fuzz/inputs.js';
import { createArchgenServices } from '../arch-module.js';
import { forEachReference } from './linker.js';

describe('forEachReference', () => {
    const parser = createArchgenServices(EmptyFileSystem).archgen.parser.LangiumParser;
    const plain = (info: ReferenceInfo) => ({ reference: info.reference, container: info.container, property: info.property, index: info.index });

    it('visits the references AstUtils.streamReferences gives, in the same order, broken models included', () => {
        let references = 0;
        for (const text of [syntheticModel({ components: 40 }), ...Array.from({ length: 200 }, (_, i) => inputFor(i + 1).files[0]!.text)]) {
            for (const node of AstUtils.streamAst(parser.parse<AstNode>(text).value)) {
                const ours: ReturnType<typeof plain>[] = [];
                forEachReference(node, info => ours.push(plain(info)));
                expect(ours).toEqual(AstUtils.streamReferences(node).map(plain).toArray());
                references += ours.length;
            }
        }
        expect(references).toBeGreaterThan(1000);
    });
});
