import { DefaultCommentProvider, JSDocDocumentationProvider, type AstNode, type DocumentationProvider } from 'langium';
import type { ArchgenServices } from '../arch-module.js';
import { ArchCommentProvider } from '../parser/comment-provider.js';
import { isWhiteSpace } from '../util/chars.js';

/**
 * The doc comments of IR nodes, asked of the documentation provider only for
 * nodes that can have one. Langium's JSDoc provider documents a node with the
 * comment just before it (its CST node's previous sibling, or that of the
 * first ancestor it begins: see CstUtils.findCommentNode), and only when the
 * comment ends with the closing star and slash. Between that comment and the
 * node there is nothing but skipped whitespace, so a node whose text is not
 * preceded by a star and a slash (after whitespace) has no doc comment: most
 * nodes of a model, and deciding that takes a few character reads instead of
 * the provider's walk over the CST.
 *
 * The shortcut is taken only with those providers (Langium's JSDoc
 * documentation over Langium's or archgen's comment provider, which finds
 * the same comment); with any other, every node is asked. The IR is built
 * from documents without errors (no skipped invalid characters).
 */
export class DocComments {
    private readonly provider: DocumentationProvider;
    private readonly shortcut: boolean;

    constructor(services: ArchgenServices) {
        this.provider = services.documentation.DocumentationProvider;
        const comments = Object.getPrototypeOf(services.documentation.CommentProvider) as unknown;
        this.shortcut = Object.getPrototypeOf(this.provider) === JSDocDocumentationProvider.prototype
            && (comments === ArchCommentProvider.prototype || comments === DefaultCommentProvider.prototype);
    }

    /** The provider's documentation of a node, or undefined. */
    of(node: AstNode): string | undefined {
        if (this.shortcut && !mayFollowDocComment(node)) return undefined;
        return this.provider.getDocumentation(node);
    }
}

/**
 * False when the node surely has no doc comment: it has a container (the
 * root's comment is searched differently), no `$comment`, and the last
 * non-whitespace characters before its text are not a star and a slash.
 */
export function mayFollowDocComment(node: AstNode): boolean {
    const cst = node.$cstNode;
    if (!cst || !cst.container || (node as { $comment?: unknown }).$comment !== undefined) return true;
    const text = cst.root.fullText;
    let i = cst.offset - 1;
    while (i >= 0 && isSpace(text.charCodeAt(i))) i--;
    return i >= 1 && text.charCodeAt(i) === 47 /* / */ && text.charCodeAt(i - 1) === 42 /* * */;
}

/** White space as the WS terminal, and any other control character. */
function isSpace(c: number): boolean {
    return c <= 32 || isWhiteSpace(c);
}
