import { AstUtils, Cancellation, DefaultScopeComputation, MultiMap, type AstNodeDescription, type LangiumDocument, type LocalSymbols } from 'langium';
import { isComponent, isEntity, isModel } from '../generated/ast.js';

/**
 * Components and entities are visible everywhere in their file: a connector
 * names components declared anywhere, a trigger or a reference names an entity
 * declared inside some database. They are also exported, for the files that
 * import this one (see ArchScopeProvider and ImportGraph): a file sees only
 * the exports of the files it imports.
 */
export class ArchScopeComputation extends DefaultScopeComputation {
    override async collectExportedSymbols(document: LangiumDocument): Promise<AstNodeDescription[]> {
        const root = document.parseResult.value;
        if (!isModel(root)) return [];
        const exports: AstNodeDescription[] = [];
        for (const component of root.elements.filter(isComponent)) {
            this.addExportedSymbol(component, exports, document);
            for (const member of component.members) if (isEntity(member)) this.addExportedSymbol(member, exports, document);
        }
        return exports;
    }

    override async collectLocalSymbols(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<LocalSymbols> {
        const symbols = (await super.collectLocalSymbols(document, cancelToken)) as MultiMap<unknown, AstNodeDescription>;
        const root = document.parseResult.value;
        for (const node of AstUtils.streamAllContents(root)) {
            if (isEntity(node) && node.$container !== root) {
                const name = this.nameProvider.getName(node);
                if (name) symbols.add(root, this.descriptions.createDescription(node, name, document));
            }
        }
        return symbols as unknown as LocalSymbols;
    }
}
