import { CstUtils, DefaultCommentProvider, isAstNodeWithComment, type AstNode, type CstNode, type LangiumCoreServices } from 'langium';
import { requireWholeCst } from './lazy-cst.js';

/**
 * Langium's comment provider finds the comment before a node through
 * `indexOf` in the children of its parent: for the components of a model,
 * whose parent is the whole file, asking every component for its doc comment
 * (the IR does) is quadratic. Here each list of children is indexed once;
 * the comment found is the same (the node just before, if it is a comment).
 */
export class ArchCommentProvider extends DefaultCommentProvider {
    private readonly commentRules: () => string[];
    private readonly positions = new WeakMap<readonly CstNode[], Map<CstNode, number>>();

    constructor(services: LangiumCoreServices) {
        super(services);
        this.commentRules = () => services.parser.GrammarConfig.multilineCommentRules;
    }

    override getComment(node: AstNode): string | undefined {
        if (isAstNodeWithComment(node)) return node.$comment;
        // The comment may be outside the node's element: a lazily parsed file needs its whole CST (see lazy-cst.ts).
        requireWholeCst(node);
        const cst = node.$cstNode;
        if (!cst) return undefined;
        const rules = this.commentRules();
        const previous = this.previousNode(cst);
        if (previous && CstUtils.isCommentNode(previous, rules)) return previous.text;
        if (!cst.container) return CstUtils.findCommentNode(cst, rules)?.text; // the root: Langium's own search
        return undefined;
    }

    /** As CstUtils.getPreviousNode(node, true), with the position of a node among its siblings looked up in an index. */
    private previousNode(node: CstNode): CstNode | undefined {
        let current = node;
        while (current.container) {
            const siblings = current.container.content;
            const index = this.indexOf(siblings, current);
            if (index > 0) return siblings[index - 1];
            current = current.container;
        }
        return undefined;
    }

    private indexOf(siblings: readonly CstNode[], node: CstNode): number {
        // Small lists are searched; long ones (the elements of a file) indexed once.
        if (siblings.length < 32) return siblings.indexOf(node);
        let index = this.positions.get(siblings);
        if (!index || index.size !== siblings.length) {
            index = new Map(siblings.map((n, i) => [n, i] as const));
            this.positions.set(siblings, index);
        }
        return index.get(node) ?? -1;
    }
}
