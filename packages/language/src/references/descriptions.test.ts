import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AstUtils, DefaultAstNodeDescriptionProvider, EmptyFileSystem, URI } from 'langium';
import { describe, expect, it } from 'vitest';
import { createArchgenServices } from '../arch-module.js';
import { isComponent, isEntity } from '../generated/ast.js';
import { ArchAstNodeDescriptionProvider } from './descriptions.js';

const EXAMPLE = fileURLToPath(new URL('../../../../examples/ecommerce.arch', import.meta.url));

describe('ArchAstNodeDescriptionProvider', () => {
    it("describes every component and entity as Langium's provider does, its segments read when asked", () => {
        const { archgen, shared } = createArchgenServices(EmptyFileSystem);
        expect(archgen.workspace.AstNodeDescriptionProvider).toBeInstanceOf(ArchAstNodeDescriptionProvider);
        const document = shared.workspace.LangiumDocumentFactory.fromString(readFileSync(EXAMPLE, 'utf8'), URI.file(EXAMPLE));
        const ours = new ArchAstNodeDescriptionProvider(archgen);
        const langium = new DefaultAstNodeDescriptionProvider(archgen);
        let compared = 0;
        for (const node of AstUtils.streamAst(document.parseResult.value)) {
            if (!isComponent(node) && !isEntity(node)) continue;
            const a = ours.createDescription(node, undefined, document);
            const b = langium.createDescription(node, undefined, document);
            const plain = (d: typeof a) => ({
                node: d.node, name: d.name, type: d.type, documentUri: d.documentUri.toString(), path: d.path,
                nameSegment: d.nameSegment, selectionSegment: d.selectionSegment
            });
            expect(plain(a)).toStrictEqual(plain(b));
            expect(a.nameSegment).toBe(a.nameSegment);
            compared++;
        }
        expect(compared).toBeGreaterThan(15);
    });

    it('names the node at its path when it has no name, as Langium does', () => {
        const { archgen, shared } = createArchgenServices(EmptyFileSystem);
        const document = shared.workspace.LangiumDocumentFactory.fromString('architecture a:\ncomponent backend b\n', URI.file('/a.arch'));
        const model = document.parseResult.value as { elements: { name?: string }[] };
        const component = model.elements[0]!;
        component.name = undefined;
        expect(() => new ArchAstNodeDescriptionProvider(archgen).createDescription(component as never, undefined, document)).toThrow('Node at path /elements@0 has no name.');
    });
});
