import {
    AstUtils, Cancellation, DefaultLinker, DefaultReferenceDescriptionProvider, DocumentState, RefResolving, interruptAndCheck, isAstNode,
    isAstNodeDescription, isLinkingError, isMultiReference, isReference, type AstNode, type AstNodeDescription, type AstReflection, type CstNode, type LangiumCoreServices,
    type LangiumDocument, type LinkingError, type Reference, type ReferenceDescription, type ReferenceInfo
} from 'langium';
import { buildPendingCst, PENDING_CST } from '../parser/lazy-cst.js';
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

    /**
     * A reference as Langium's (same fields, same behaviour when read), as an
     * instance of ArchReference: Langium's object literal with three getters
     * makes three closures and a context per reference; here they are shared
     * on the prototype (the parser makes one per cross-reference).
     */
    override buildReference(node: AstNode, property: string, refNode: CstNode | undefined, refText: string): Reference {
        return new ArchReference(this, node, property, refNode, refText) as unknown as Reference;
    }

    /** LinkerInternals for ArchReference: the protected steps of resolving a reference. */
    resolve(info: ReferenceInfo): { node?: AstNode; descr?: AstNodeDescription; error?: LinkingError } {
        return this.getLinkedNode(info);
    }

    load(description: AstNodeDescription): AstNode | undefined {
        return this.loadAstNode(description);
    }

    linkingError(info: ReferenceInfo, description?: AstNodeDescription): LinkingError {
        return this.createLinkingError(info, description);
    }

    cyclic(node: AstNode, property: string, refText: string): never {
        return this.throwCyclicReferenceError(node, property, refText);
    }

    override async link(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        const { nodes } = preorder(document.parseResult.value);
        for (let i = 0; i < nodes.length; i++) {
            if (i % 256 === 0) await interruptAndCheck(cancelToken);
            const node = nodes[i]!;
            if (!this.holders.mayHoldReferences(node)) continue;
            forEachReference(node, ref => this.doLink(ref, document));
        }
    }
}

/**
 * Langium's single reference (DefaultLinker.buildReference), with its getters
 * on the prototype. Read: `ref` resolves on first use (and records itself in
 * the document's references), `error` is the linking error, if any.
 */
class ArchReference {
    _ref: AstNode | LinkingError | typeof RefResolving | undefined = undefined;
    _nodeDescription?: AstNodeDescription;

    constructor(
        private readonly linker: ArchLinker,
        private readonly container: AstNode,
        private readonly property: string,
        private refNode: CstNode | undefined,
        readonly $refText: string
    ) {}

    /** The CST node of the reference's text; a lazily parsed tree (parser/lazy-cst.ts) builds its CST to answer. */
    get $refNode(): CstNode | undefined {
        if (this.refNode === PENDING_CST) buildPendingCst(this.container);
        return this.refNode;
    }

    /** Given by lazy-cst.ts once the CST is built: the CST node of the same reference in that parse. */
    attachRefNode(node: CstNode | undefined): void {
        this.refNode = node;
    }

    get ref(): AstNode | undefined {
        // Resolved: the common case, kept apart from resolve()'s closure (V8 makes its context at every call).
        return isAstNode(this._ref) ? this._ref : this.resolveRef();
    }

    private resolveRef(): AstNode | undefined {
        const info = (): ReferenceInfo => ({ reference: this as unknown as Reference, container: this.container, property: this.property });
        if (isAstNodeDescription(this._nodeDescription)) {
            // A candidate was found before but not loaded yet.
            this._ref = this.linker.load(this._nodeDescription) ?? this.linker.linkingError(info(), this._nodeDescription);
        } else if (this._ref === undefined) {
            this._ref = RefResolving;
            const document = AstUtils.findRootNode(this.container).$document;
            const found = this.linker.resolve(info());
            if (found.error && document && document.state < DocumentState.ComputedScopes) {
                // The document's scopes are not computed yet: try again later.
                this._ref = undefined;
                return undefined;
            }
            this._ref = found.node ?? found.error;
            this._nodeDescription = found.descr;
            document?.references.push(this as unknown as Reference);
        } else if (this._ref === RefResolving) {
            this.linker.cyclic(this.container, this.property, this.$refText);
        }
        return isAstNode(this._ref) ? this._ref : undefined;
    }

    get $nodeDescription(): AstNodeDescription | undefined {
        return this._nodeDescription;
    }

    get error(): LinkingError | undefined {
        return isLinkingError(this._ref) ? this._ref : undefined;
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
            forEachReference(node, info => {
                if (!info.reference.error) descriptions.push(...this.createInfoDescriptions(info));
            });
        }
        return descriptions;
    }
}

/**
 * AstUtils.streamReferences(node).forEach(visit), without a stream, a closure
 * and a key array per node: the same references, in the same order.
 */
export function forEachReference(node: AstNode, visit: (info: ReferenceInfo) => void): void {
    const record = node as unknown as Record<string, unknown>;
    for (const property in record) {
        if (property.charCodeAt(0) === 36 /* $ */ || !Object.prototype.hasOwnProperty.call(record, property)) continue;
        const value = record[property];
        if (isReference(value) || isMultiReference(value)) {
            visit({ reference: value, container: node, property } as ReferenceInfo);
        } else if (Array.isArray(value)) {
            for (let index = 0; index < value.length; index++) {
                const element: unknown = value[index];
                // As Langium's stream (which asks isMultiReference of the array, never true).
                if (isReference(element) || isMultiReference(value)) visit({ reference: element, container: node, property, index } as ReferenceInfo);
            }
        }
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
