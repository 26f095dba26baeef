import { AstUtils, Cancellation, DefaultScopeComputation, MultiMap, type AstNodeDescription, type LangiumDocument, type LocalSymbols } from 'langium';
import { isEntity } from '../generated/ast.js';

/**
 * Components and entities are visible everywhere in their file: a connector
 * names components declared anywhere, a trigger or a reference names an entity
 * declared inside some database. Nothing is exported to other documents, so
 * files checked together never see each other's names.
 */
export class ArchScopeComputation extends DefaultScopeComputation {
    override async collectExportedSymbols(): Promise<AstNodeDescription[]> {
        return [];
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
