import type { AstNode, CstNode } from 'langium';
import { preorder } from '../util/ast-walk.js';

/**
 * A model parsed without its CST, which is built when something first reads
 * it.
 *
 * Langium's CST holds an object per token and per rule call: on a model of
 * 50,000 components some four million objects, three quarters of the memory
 * a check takes and a third of its parse time (the garbage collector copies
 * every one of them, as they all survive). A command-line check of a valid
 * model never reads them: names, links and checks work on the AST, and a
 * range is needed only to report a diagnostic. So `archgen check` parses
 * without the CST (FastArchParser in its lazy mode), and the first read of
 * any node's `$cstNode`, or of a reference's `$refNode`, parses the text
 * again with the CST and attaches that CST to the nodes of this tree: the
 * same objects Langium's parser would have made, reached from the same
 * nodes. An editor, which reads the CST all the time, parses eagerly.
 *
 * The nodes of a lazily parsed tree are instances of per-type subclasses of
 * LazyAstNode, whose `$cstNode` is a getter on the prototype until the CST is
 * attached (then an own property, as on every other node).
 */

/** What building the CST of a lazily parsed tree takes: its text, and a parse of it that builds the CST. */
interface Pending {
    readonly text: string;
    readonly parse: (text: string) => AstNode;
}

const pending = new WeakMap<AstNode, Pending>();

/** How many times a CST was built on demand in this process (for tests and the benchmark). */
let builds = 0;

export function lazyCstBuilds(): number {
    return builds;
}

/** The `$refNode` of a reference made by a lazy parse, until the CST is built. */
export const PENDING_CST: CstNode = Object.freeze({ pending: true }) as unknown as CstNode;

/** The root (a Model) of a lazily parsed tree: no container properties, as in Langium's tree; and the base of its other nodes. */
export class LazyRootNode {
    $type: string;

    constructor(type: string) {
        this.$type = type;
    }

    get $cstNode(): CstNode | undefined {
        return cstOf(this as unknown as AstNode);
    }

    set $cstNode(value: CstNode | undefined) {
        defineCst(this as unknown as AstNode, value);
    }
}

/**
 * The base of a lazily parsed tree's other nodes. The container properties
 * are declared here, as FastArchParser declares them in its object literals,
 * so that they are stored in the node itself.
 */
export class LazyAstNode extends LazyRootNode {
    $container: AstNode | undefined = undefined;
    $containerProperty: string | undefined = undefined;
}

const classes = new Map<string, new (type: string) => LazyAstNode>();

/**
 * A new node of the type. One class per type, so that V8 sizes each type's
 * objects for its own properties (one class for all made the later types keep
 * their properties in a separate list).
 */
export function lazyNode(type: string): Record<string, unknown> {
    let made = classes.get(type);
    if (!made) {
        made = class extends LazyAstNode {};
        classes.set(type, made);
    }
    return new made(type) as unknown as Record<string, unknown>;
}

/** Marks `root`, just parsed lazily from `text`, as waiting for its CST; `parse` parses the text with the CST. */
export function awaitCst(root: AstNode, text: string, parse: (text: string) => AstNode): void {
    pending.set(root, { text, parse });
}

/** The text of a lazily parsed tree whose CST is not built yet (else undefined), given its root. */
export function pendingText(root: AstNode): string | undefined {
    return pending.get(root)?.text;
}

/** Whether a node belongs to a lazily parsed tree whose CST is not built yet. */
export function isCstPending(node: AstNode): boolean {
    return pending.has(rootOf(node));
}

/** Builds the CST of the tree that `node` belongs to, if it is still pending (for the reads of `$refNode`). */
export function buildPendingCst(node: AstNode): void {
    const root = rootOf(node);
    const state = pending.get(root);
    if (!state) return;
    pending.delete(root);
    builds++;
    attach(state.parse(state.text), root);
}

function cstOf(node: AstNode): CstNode | undefined {
    buildPendingCst(node);
    // Attached: an own property now shadows this getter. A node of no pending tree has no CST.
    return Object.prototype.hasOwnProperty.call(node, '$cstNode') ? node.$cstNode : undefined;
}

function defineCst(node: AstNode, value: CstNode | undefined): void {
    Object.defineProperty(node, '$cstNode', { value, writable: true, enumerable: true, configurable: true });
}

function rootOf(node: AstNode): AstNode {
    let root = node;
    while (root.$container) root = root.$container;
    return root;
}

/**
 * Gives the nodes of `lazy` the CST of `eager`, a parse of the same text with
 * it: both trees have the same nodes in the same preorder, each node's CST
 * node then points back at the lazy node, and each reference gets its
 * counterpart's `$refNode`. Anything else is a bug, and says so.
 */
function attach(eager: AstNode, lazy: AstNode): void {
    const from = preorder(eager).nodes;
    const to = preorder(lazy).nodes;
    if (from.length !== to.length) throw new Error(`Internal error: the CST parse has ${from.length} nodes, the lazy parse ${to.length}.`);
    for (let i = 0; i < from.length; i++) {
        const source = from[i]!;
        const target = to[i]!;
        if (source.$type !== target.$type) {
            throw new Error(`Internal error: node ${i} is a ${source.$type} in the CST parse and a ${target.$type} in the lazy parse.`);
        }
        const cst = source.$cstNode;
        defineCst(target, cst);
        if (cst) (cst as { astNode: AstNode }).astNode = target;
        attachReferences(source, target);
    }
}

/** A reference as this module sees it: ArchReference's `attachRefNode` (see references/linker.ts). */
interface AttachableReference {
    readonly $refNode: CstNode | undefined;
    attachRefNode(node: CstNode | undefined): void;
}

function isAttachable(value: unknown): value is AttachableReference {
    return typeof value === 'object' && value !== null && typeof (value as Partial<AttachableReference>).attachRefNode === 'function';
}

function attachReferences(source: AstNode, target: AstNode): void {
    const from = source as unknown as Record<string, unknown>;
    const to = target as unknown as Record<string, unknown>;
    for (const name in from) {
        if (name.startsWith('$')) continue;
        const value = from[name];
        if (Array.isArray(value)) {
            const list = to[name] as unknown[];
            for (let k = 0; k < value.length; k++) {
                const item = list[k];
                if (isAttachable(item)) item.attachRefNode((value[k] as AttachableReference).$refNode);
            }
        } else {
            const item = to[name];
            if (isAttachable(item)) item.attachRefNode((value as AttachableReference).$refNode);
        }
    }
}
