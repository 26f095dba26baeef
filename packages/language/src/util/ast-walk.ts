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

/**
 * Records the preorder of a tree its parser listed while building it:
 * `order` holds the nodes in the order they were made, with holes
 * (undefined) for objects that did not end up in the tree, and `ends[i]` the
 * length of `order` when node i was complete. The holes are closed up here.
 * preorder(root) then answers without walking the tree. The parser's tests
 * check that the list equals the walk's.
 */
export function rememberPreorder(root: AstNode, order: readonly (object | undefined)[], ends: ArrayLike<number>): void {
    // below[k]: the nodes among order[0..k-1], the index in the closed-up list of what was at k.
    const below = new Int32Array(order.length + 1);
    for (let k = 0; k < order.length; k++) below[k + 1] = below[k]! + (order[k] === undefined ? 0 : 1);
    const count = below[order.length]!;
    // Pushed, not preallocated: an array made with holes stays slower to read for its whole life.
    const nodes: AstNode[] = [];
    const closed = new Int32Array(count);
    for (let k = 0; k < order.length; k++) {
        const node = order[k];
        if (node === undefined) continue;
        closed[nodes.length] = below[ends[k]!]!;
        nodes.push(node as AstNode);
    }
    byRoot.set(root, { nodes, ends: closed });
}

/** The preorder of `root` as a walk finds it, never from the cache (for tests). */
export function walkPreorder(root: AstNode): Preorder {
    return compute(root);
}

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
