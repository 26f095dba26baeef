import { isAstNode, type AstNode } from 'langium';

/**
 * Every AST node below `root` (itself included) in Langium's streamAst order:
 * depth first, a node before its children, children in the order of the
 * node's own properties (names starting with `$` skipped) and, within an
 * array, in index order. `ends[i]` is the index just past node i's subtree,
 * so a walk can skip a subtree (streamAst's `prune`) with `i = ends[i]`.
 *
 * Langium's stream builds an iterator, a closure and an Object.keys array per
 * node; a model of 10,000 components has some 200,000 nodes and is walked
 * three times per check (linking, reference index, validation).
 */
export function preorder(root: AstNode): Preorder {
    // A document's tree does not change once parsed (an edit makes a new root): linking, the reference index and
    // validation share one list per root.
    const cached = root.$container === undefined ? byRoot.get(root) : undefined;
    if (cached) return cached;
    const computed = compute(root);
    if (root.$container === undefined) byRoot.set(root, computed);
    return computed;
}

export interface Preorder {
    readonly nodes: readonly AstNode[];
    readonly ends: Int32Array;
}

const byRoot = new WeakMap<AstNode, Preorder>();

function compute(root: AstNode): Preorder {
    const nodes: AstNode[] = [];
    const endsList: number[] = [];
    const visit = (node: AstNode): void => {
        const index = nodes.length;
        nodes.push(node);
        endsList.push(0);
        forEachChild(node, visit);
        endsList[index] = nodes.length;
    };
    visit(root);
    return { nodes, ends: Int32Array.from(endsList) };
}

/**
 * Calls `visit` for each AST node held by a property of `node` (names starting
 * with `$` skipped), in the order of its own properties and, within an array,
 * in index order: the children AstUtils.streamContents gives, without its
 * iterator and key array. `index` is the position in an array property.
 */
export function forEachChild(node: AstNode, visit: (child: AstNode, property: string, index: number | undefined) => void): void {
    const record = node as unknown as Record<string, unknown>;
    for (const property in record) {
        if (property.charCodeAt(0) === 36 /* $ */ || !Object.prototype.hasOwnProperty.call(record, property)) continue;
        const value = record[property];
        if (Array.isArray(value)) {
            for (let index = 0; index < value.length; index++) {
                const item: unknown = value[index];
                if (isAstNode(item)) visit(item, property, index);
            }
        } else if (isAstNode(value)) {
            visit(value, property, undefined);
        }
    }
}
