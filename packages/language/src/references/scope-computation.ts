import {
    MultiMap, type AstNode, type AstNodeDescription, type AstNodeDescriptionProvider, type LangiumCoreServices, type LangiumDocument,
    type LocalSymbols, type ScopeComputation
} from 'langium';
import { isComponent, isEntity, isModel } from '../generated/ast.js';

/**
 * Components and entities are visible everywhere in their file: a connector
 * names components declared anywhere, a trigger or a reference names an entity
 * declared inside some database. They are also exported, for the files that
 * import this one (see ArchScopeProvider and ImportGraph): a file sees only
 * the exports of the files it imports.
 *
 * Nothing else is ever the target of a reference, so nothing else gets a
 * description: the local symbols of a file are its exports, under its root
 * (ArchScopeProvider reads no other container), built once.
 */
export class ArchScopeComputation implements ScopeComputation {
    private readonly descriptions: AstNodeDescriptionProvider;
    private readonly exported = new WeakMap<AstNode, AstNodeDescription[]>();

    constructor(services: LangiumCoreServices) {
        this.descriptions = services.workspace.AstNodeDescriptionProvider;
    }

    async collectExportedSymbols(document: LangiumDocument): Promise<AstNodeDescription[]> {
        return [...this.symbols(document)];
    }

    async collectLocalSymbols(document: LangiumDocument): Promise<LocalSymbols> {
        const symbols = new MultiMap<AstNode, AstNodeDescription>();
        const root = document.parseResult.value;
        symbols.addAll(root, this.symbols(document));
        return symbols as unknown as LocalSymbols;
    }

    /** The components and entities of a parsed document, in declaration order (each entity after its database). */
    private symbols(document: LangiumDocument): AstNodeDescription[] {
        const root = document.parseResult.value;
        let found = this.exported.get(root);
        if (!found) {
            found = [];
            const descriptions = this.descriptions;
            if (isModel(root)) {
                for (const component of root.elements) {
                    if (!isComponent(component)) continue;
                    if (component.name) found.push(descriptions.createDescription(component, component.name, document));
                    for (const member of component.members) {
                        if (isEntity(member) && member.name) found.push(descriptions.createDescription(member, member.name, document));
                    }
                }
            }
            this.exported.set(root, found);
        }
        return found;
    }
}
