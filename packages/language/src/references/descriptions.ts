import {
    AstUtils, CstUtils, type AstNode, type AstNodeDescription, type AstNodeDescriptionProvider, type AstNodeLocator, type DocumentSegment,
    type LangiumCoreServices, type LangiumDocument, type NameProvider, type URI
} from 'langium';

/**
 * Langium's description of a named node, with its two document segments and
 * its path worked out when first read rather than when the node is indexed.
 * Langium computes the node's whole range and path for every component and
 * entity of the workspace at each build; only editor features (symbols,
 * rename) read the ranges, and the path only loads a node that a description
 * does not hold (these all do). Same values, one object per node and no
 * closures.
 */
class ArchNodeDescription implements AstNodeDescription {
    private name_?: DocumentSegment;
    private selection?: DocumentSegment;
    private path_?: string;

    constructor(
        readonly node: AstNode,
        readonly name: string,
        readonly type: string,
        readonly documentUri: URI,
        private readonly tools: DescriptionTools
    ) {}

    get nameSegment(): DocumentSegment | undefined {
        return (this.name_ ??= CstUtils.toDocumentSegment(this.tools.names.getNameNode(this.node) ?? this.node.$cstNode));
    }

    get selectionSegment(): DocumentSegment | undefined {
        return (this.selection ??= CstUtils.toDocumentSegment(this.node.$cstNode));
    }

    /** The node's path in its document (`/elements@12`): only read to load a node a description does not hold. */
    get path(): string {
        return (this.path_ ??= this.tools.locator.getAstNodePath(this.node));
    }
}

/** What a description needs to work out its segments and path, shared by all of one provider's descriptions. */
interface DescriptionTools {
    readonly names: NameProvider;
    readonly locator: AstNodeLocator;
}

export class ArchAstNodeDescriptionProvider implements AstNodeDescriptionProvider {
    private readonly tools: DescriptionTools;

    constructor(services: LangiumCoreServices) {
        this.tools = { names: services.references.NameProvider, locator: services.workspace.AstNodeLocator };
    }

    /** As DefaultAstNodeDescriptionProvider.createDescription. */
    createDescription(node: AstNode, name: string | undefined, document?: LangiumDocument): AstNodeDescription {
        const doc = document ?? AstUtils.getDocument(node);
        const found = name ?? this.tools.names.getName(node);
        if (!found) throw new Error(`Node at path ${this.tools.locator.getAstNodePath(node)} has no name.`);
        return new ArchNodeDescription(node, found, node.$type, doc.uri, this.tools);
    }
}
