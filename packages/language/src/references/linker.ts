import {
    AstUtils, Cancellation, DefaultLinker, DefaultReferenceDescriptionProvider, interruptAndCheck, type AstNode, type AstReflection,
    type LangiumCoreServices, type LangiumDocument, type ReferenceDescription
} from 'langium';
import { preorder } from '../util/ast-walk.js';

/**
 * Langium's linker, and its index of references (a language server's find
 * references), ask every node of the model for its references: a walk over
 * its properties each, while most nodes (fields, modifiers, types) have none.
 * Here only the node types whose grammar declares a cross-reference are
 * asked, and cancellation is checked every few hundred nodes: the same
 * references, in the same order.
 */
export class ArchLinker extends DefaultLinker {
    private readonly holders: ReferenceHolders;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.holders = new ReferenceHolders(services.shared.AstReflection);
    }

    override async link(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        const { nodes } = preorder(document.parseResult.value);
        for (let i = 0; i < nodes.length; i++) {
            if (i % 256 === 0) await interruptAndCheck(cancelToken);
            const node = nodes[i]!;
            if (!this.holders.mayHoldReferences(node)) continue;
            AstUtils.streamReferences(node).forEach(ref => this.doLink(ref, document));
        }
    }
}

export class ArchReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
    private readonly holders: ReferenceHolders;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.holders = new ReferenceHolders(services.shared.AstReflection);
    }

    override async createDescriptions(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<ReferenceDescription[]> {
        const descriptions: ReferenceDescription[] = [];
        const { nodes } = preorder(document.parseResult.value);
        for (let i = 0; i < nodes.length; i++) {
            if (i % 256 === 0) await interruptAndCheck(cancelToken);
            const node = nodes[i]!;
            if (!this.holders.mayHoldReferences(node)) continue;
            AstUtils.streamReferences(node).forEach(info => {
                if (!info.reference.error) descriptions.push(...this.createInfoDescriptions(info));
            });
        }
        return descriptions;
    }
}

/** Which node types may hold a cross-reference, by their grammar (asked once per type). */
class ReferenceHolders {
    private readonly byType = new Map<string, boolean>();

    constructor(private readonly reflection: AstReflection) {}

    mayHoldReferences(node: AstNode): boolean {
        let holds = this.byType.get(node.$type);
        if (holds === undefined) {
            let properties: Record<string, { referenceType?: string }> | undefined;
            try {
                properties = this.reflection.getTypeMetaData(node.$type).properties;
            } catch {
                properties = undefined; // a type the reflection does not know: ask the node itself
            }
            holds = properties === undefined || Object.values(properties).some(p => p.referenceType !== undefined);
            this.byType.set(node.$type, holds);
        }
        return holds;
    }
}
