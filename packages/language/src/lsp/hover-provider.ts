import { AstUtils, CstUtils, GrammarAST, type AstNode, type CstNode, type LangiumDocument, type MaybePromise } from 'langium';
import { MultilineCommentHoverProvider, type LangiumServices } from 'langium/lsp';
import type { Hover, HoverParams } from 'vscode-languageserver-protocol';
import * as ast from '../generated/ast.js';
import { ImportGraph } from '../references/imports.js';
import { COMPONENT_KIND_DOCS, CONNECTOR_KIND_DOCS, isComponentKind, isConnectorKind } from './kinds.js';

/**
 * Hover on a component, entity or field (its declaration or any reference to
 * it): the doc comment, what its kind means, and for a component its
 * connections. Hover on a kind explains the kind.
 */
export class ArchHoverProvider extends MultilineCommentHoverProvider {
    private readonly imports: ImportGraph;

    constructor(services: LangiumServices) {
        super(services);
        this.imports = new ImportGraph(services.shared.workspace.LangiumDocuments);
    }

    override async getHoverContent(document: LangiumDocument, params: HoverParams): Promise<Hover | undefined> {
        const hover = await super.getHoverContent(document, params);
        if (hover) return hover;
        const root = document.parseResult.value.$cstNode;
        if (!root) return undefined;
        const leaf = CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(params.position));
        // The kind is a data-type rule (KindName): its assignment is on the rule call around the token.
        const assigned = (cst: CstNode | undefined) => cst ? AstUtils.getContainerOfType(cst.grammarSource, GrammarAST.isAssignment)?.feature : undefined;
        if (!leaf || (assigned(leaf) ?? assigned(leaf.container)) !== 'kind') return undefined;
        const kind = leaf.astNode.$type === ast.Component.$type ? (leaf.astNode as ast.Component).kind : (leaf.astNode as ast.Connector).kind;
        const text = kindDoc(kind);
        return text ? { contents: { kind: 'markdown', value: `**${kind}**: ${text}` }, range: leaf.range } : undefined;
    }

    protected override getAstNodeHoverContent(node: AstNode): MaybePromise<string | undefined> {
        const doc = this.documentationProvider.getDocumentation(node);
        const parts: string[] = [];
        if (ast.isComponent(node)) {
            parts.push(`**${node.kind}** \`${node.name}\``);
            if (doc) parts.push(doc);
            const meaning = kindDoc(node.kind);
            if (meaning) parts.push(`*${node.kind}*: ${meaning}`);
            const connections = this.connectionsOf(node);
            if (connections.length > 0) parts.push(`Connections:\n${connections.map(c => `- ${c}`).join('\n')}`);
        } else if (ast.isEntity(node)) {
            const owner = AstUtils.getContainerOfType(node.$container, ast.isComponent);
            parts.push(`**entity** \`${node.name}\`${owner ? ` in database \`${owner.name}\`` : ''}`);
            if (doc) parts.push(doc);
            if (node.fields.length > 0) parts.push(node.fields.map(f => `- \`${f.name}\` ${f.type?.$cstNode?.text ?? ''}`).join('\n'));
        } else if (doc) {
            parts.push(doc);
        }
        return parts.length > 0 ? parts.join('\n\n') : undefined;
    }

    /** `http → shop_gw`, `db_connector → shop_db`, `http ← shop_lb`: over every file of the model. */
    private connectionsOf(component: ast.Component): string[] {
        const lines: string[] = [];
        for (const document of this.imports.context(AstUtils.getDocument(component))) {
            const model = document.parseResult.value;
            if (!ast.isModel(model)) continue;
            for (const connector of model.elements.filter(ast.isConnector)) {
                if (connector.from?.ref === component) lines.push(`${connector.kind} → \`${connector.to?.$refText}\``);
                else if (connector.to?.ref === component) lines.push(`${connector.kind} ← \`${connector.from?.$refText}\``);
            }
        }
        return lines;
    }
}

function kindDoc(kind: string | undefined): string | undefined {
    if (isComponentKind(kind)) return COMPONENT_KIND_DOCS[kind];
    if (isConnectorKind(kind)) return CONNECTOR_KIND_DOCS[kind];
    return undefined;
}

