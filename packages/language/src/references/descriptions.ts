import {
    AstUtils, CstUtils, type AstNode, type AstNodeDescription, type AstNodeDescriptionProvider, type AstNodeLocator, type DocumentSegment,
    type LangiumCoreServices, type LangiumDocument, type NameProvider, type URI
} from 'langium';

/**
 * Langium's description of a named node, with its two document segments
 * worked out when first read rather than when the node is indexed. Langium
 * computes the node's whole range for every component and entity of the
 * workspace at each build, and only editor features (symbols, rename) ever
 * read it. Same values, one object per node and no closures.
 */
class ArchNodeDescription implements AstNodeDescription {
    private name_?: DocumentSegment;
    private selection?: DocumentSegment;

    constructor(
        readonly node: AstNode,
        readonly name: string,
        readonly type: string,
        readonly documentUri: URI,
        readonly path: string,
        private readonly names: NameProvider
    ) {}

    get nameSegment(): DocumentSegment | undefined {
        return (this.name_ ??= CstUtils.toDocumentSegment(this.names.getNameNode(this.node) ?? this.node.$cstNode));
    }

    get selectionSegment(): DocumentSegment | undefined {
        return (this.selection ??= CstUtils.toDocumentSegment(this.node.$cstNode));
    }
}

export class ArchAstNodeDescriptionProvider implements AstNodeDescriptionProvider {
    private readonly locator: AstNodeLocator;
    private readonly names: NameProvider;

    constructor(services: LangiumCoreServices) {
        this.locator = services.workspace.AstNodeLocator;
        this.names = services.references.NameProvider;
    }

    /** As DefaultAstNodeDescriptionProvider.createDescription. */
    createDescription(node: AstNode, name: string | undefined, document?: LangiumDocument): AstNodeDescription {
        const doc = document ?? AstUtils.getDocument(node);
        const found = name ?? this.names.getName(node);
        const path = this.locator.getAstNodePath(node);
        if (!found) throw new Error(`Node at path ${path} has no name.`);
        return new ArchNodeDescription(node, found, node.$type, doc.uri, path, this.names);
    }
}
