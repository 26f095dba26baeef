import { CstUtils, type AstNode } from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver-protocol';
import * as ast from '../generated/ast.js';

/**
 * Kinds as types (component kinds) and keywords (connector kinds), component
 * names as classes, entity names as structs, field names as properties,
 * field types as types, strings and numbers (sizes and durations too).
 */
export class ArchSemanticTokenProvider extends AbstractSemanticTokenProvider {
    protected override highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        if (ast.isModel(node)) {
            // Literals, wherever they stand.
            if (!node.$cstNode) return;
            for (const leaf of CstUtils.flattenCst(node.$cstNode)) {
                if (leaf.hidden) continue;
                const token = leaf.tokenType.name;
                if (token === 'STRING') acceptor({ cst: leaf, type: SemanticTokenTypes.string });
                else if (token === 'INT' || token === 'DECIMAL' || token === 'QUANTITY') acceptor({ cst: leaf, type: SemanticTokenTypes.number });
            }
        } else if (ast.isComponent(node)) {
            acceptor({ node, property: 'kind', type: SemanticTokenTypes.type });
            if (node.kindTail) acceptor({ node, property: 'kindTail', type: SemanticTokenTypes.type });
            acceptor({ node, property: 'name', type: SemanticTokenTypes.class, modifier: SemanticTokenModifiers.declaration });
        } else if (ast.isConnector(node)) {
            acceptor({ node, property: 'kind', type: SemanticTokenTypes.keyword });
            acceptor({ node, property: 'from', type: SemanticTokenTypes.class });
            acceptor({ node, property: 'to', type: SemanticTokenTypes.class });
        } else if (ast.isEntity(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.struct, modifier: SemanticTokenModifiers.declaration });
        } else if (ast.isField(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.property, modifier: SemanticTokenModifiers.declaration });
        } else if (ast.isTypeRef(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.type });
        } else if (ast.isRoute(node)) {
            acceptor({ node, property: 'target', type: SemanticTokenTypes.class });
        } else if (ast.isAuth(node) && node.issuer) {
            acceptor({ node, property: 'issuer', type: SemanticTokenTypes.class });
        } else if (ast.isReferenceModifier(node) || ast.isSumModifier(node) || ast.isStoreAction(node) || ast.isUpdateAction(node)
            || ast.isTrigger(node) || ast.isCallRule(node)) {
            acceptor({ node, property: 'entity', type: SemanticTokenTypes.struct });
        } else if (ast.isPayload(node) && node.entity) {
            acceptor({ node, property: 'entity', type: SemanticTokenTypes.struct });
        } else if (ast.isLookupRule(node) || ast.isTakeRule(node)) {
            acceptor({ node, property: 'target', type: SemanticTokenTypes.struct });
        }
    }
}
