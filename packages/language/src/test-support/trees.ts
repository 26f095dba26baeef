import { isCompositeCstNode, type AstNode, type CstNode, type LangiumParser, type ParseResult } from 'langium';
import type { ArchgenServices } from '../arch-module.js';

/**
 * The CST as plain data: every node's kind, position, range, grammar element
 * (its path in the grammar) and children (leaves with their token type),
 * each marked with whether its `container` is the node holding it and its
 * `root` the root's.
 */
export function cst(node: CstNode, services: ArchgenServices, root: CstNode = node): unknown {
    const source = node.grammarSource ? services.workspace.AstNodeLocator.getAstNodePath(node.grammarSource) : undefined;
    const base = { offset: node.offset, length: node.length, range: node.range, hidden: node.hidden, text: node.text, source, inRoot: node.root === root };
    // Array.from: Langium's child list is an Array subclass whose `map` would build another one.
    if (isCompositeCstNode(node)) {
        return { ...base, content: Array.from(node.content, child => ({ inParent: child.container === node, ...cst(child, services, root) as object })) };
    }
    return { ...base, token: (node as { tokenType?: { name: string } }).tokenType?.name };
}

/**
 * The AST as plain data, without the back references; each node marked with
 * whether its `$container` is the node holding it and its CST node's text.
 */
export function ast(node: unknown, parent?: unknown): unknown {
    if (Array.isArray(node)) return node.map(item => ast(item, parent));
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    if ('$type' in node) {
        const { $container, $cstNode } = node as { $container?: unknown; $cstNode?: CstNode };
        out['$inParent'] = $container === parent;
        out['$text'] = $cstNode?.text;
    }
    for (const [key, value] of Object.entries(node)) {
        if (key === '$container' || key === '$cstNode' || key === '$document') continue;
        if (value && typeof value === 'object' && '$refText' in value) out[key] = (value as { $refText: string }).$refText;
        else out[key] = ast(value, node);
    }
    return out;
}

export function parseWith(parser: LangiumParser, text: string, services: ArchgenServices) {
    return trees(parser.parse<AstNode>(text), services);
}

/** A parse result as plain data: AST, CST and the errors' messages. */
export function trees(result: ParseResult<AstNode>, services: ArchgenServices) {
    return {
        ast: ast(result.value),
        cst: cst(result.value.$cstNode!, services),
        parserErrors: result.parserErrors.map(e => e.message),
        lexerErrors: result.lexerErrors.map(e => e.message)
    };
}
