import { RootCstNodeImpl, type AstNode, type CstNode, type LangiumParser, type RootCstNode } from 'langium';
import { preorder } from '../util/ast-walk.js';
import { moveSubtree, parseElement } from './incremental.js';

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
 * A read within one component or connector (a diagnostic's range, nearly
 * always) builds the CST of that element alone: its text is parsed again on
 * its own, as an edit in the editor is (parser/incremental.ts), and the
 * element's CST, the same as in a parse of the whole file, hangs under a root
 * node for the whole text that holds only the elements built so far. A read
 * of the root's CST, of an import's, or of anything an element's own parse
 * cannot give, builds the whole CST, which then replaces every element's.
 * So a model with a few diagnostics costs a few elements' parses, not a second
 * parse of the whole file. An element's CST is exact within the element; its
 * root does not hold the rest of the file, so a reader that walks from a node
 * beyond its element (to a previous sibling at the top, as the comment
 * provider does for doc comments) calls requireWholeCst(node) first.
 *
 * The nodes of a lazily parsed tree are instances of per-type subclasses of
 * LazyAstNode, whose `$cstNode` is a getter on the prototype until the CST is
 * attached (then an own property, as on every other node).
 */

/** What building the CST of a lazily parsed tree takes. */
interface Pending {
    readonly text: string;
    /** Parses with the CST (its default). */
    readonly parser: LangiumParser;
    /** For each top-level element, the offset of its first token and the end of its last: [start0, end0, start1, ...]. */
    readonly spans: Int32Array;
    /** The root CST node the elements built alone hang under, made with the first. */
    partialRoot?: RootCstNode;
    /** Each element's index in the tree's preorder, found with the first. */
    elementSlots?: Int32Array;
}

const pending = new WeakMap<AstNode, Pending>();

/** How many times a whole CST, and an element's, was built on demand in this process (for tests and the benchmark). */
let builds = 0;
let elementBuilds = 0;

export function lazyCstBuilds(): number {
    return builds;
}

export function lazyElementCstBuilds(): number {
    return elementBuilds;
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

/**
 * Marks `root`, just parsed lazily from `text`, as waiting for its CST.
 * `parser` parses with the CST; `spans` are the elements' spans (see Pending).
 */
export function awaitCst(root: AstNode, text: string, parser: LangiumParser, spans: Int32Array): void {
    pending.set(root, { text, parser, spans });
}

/** The text of a lazily parsed tree whose CST is not built yet (else undefined), given its root. */
export function pendingText(root: AstNode): string | undefined {
    return pending.get(root)?.text;
}

/**
 * Builds the CST that `node` needs, if its tree's is still pending: its
 * element's, or the whole tree's (see above). For the reads of `$cstNode` and
 * of a reference's `$refNode`.
 */
export function buildPendingCst(node: AstNode): void {
    const root = rootOf(node);
    const state = pending.get(root);
    if (!state) return;
    const element = elementOf(node, root);
    if (element !== undefined && !Object.prototype.hasOwnProperty.call(element, '$cstNode') && buildElementCst(state, root, element)) return;
    requireWholeCst(root);
}

/** Builds the whole CST of the tree that `node` belongs to, if it is still pending (see above). */
export function requireWholeCst(node: AstNode): void {
    const root = rootOf(node);
    const state = pending.get(root);
    if (!state) return;
    pending.delete(root);
    builds++;
    attach(state.parser.parse(state.text).value, root);
}

/** The top-level element (component or connector) that `node` is or is in; undefined for the root and imports. */
function elementOf(node: AstNode, root: AstNode): AstNode | undefined {
    let current = node;
    while (current.$container && current.$container !== root) current = current.$container;
    return current.$container === root && current.$containerProperty === 'elements' ? current : undefined;
}

/**
 * Parses one element's text alone and attaches its CST to the element's
 * subtree, under the tree's partial root. False when the element's own parse
 * cannot give what the whole file's would (parseElement's conditions): the
 * caller then builds the whole CST.
 */
function buildElementCst(state: Pending, root: AstNode, element: AstNode): boolean {
    const index = (element as { $containerIndex?: number }).$containerIndex ?? -1;
    const start = state.spans[2 * index];
    const end = state.spans[2 * index + 1];
    if (start === undefined || end === undefined) return false;
    const fragment = parseElement(state.parser, state.text.slice(start, end));
    if (!fragment) return false;
    const { nodes, ends } = preorder(root);
    const slots = (state.elementSlots ??= elementSlotsOf(nodes, ends, root));
    const slot = slots[index];
    if (slot === undefined || nodes[slot] !== element) throw new Error(`Internal error: element ${index} is not where the preorder has it.`);
    const partialRoot = (state.partialRoot ??= partialRootOf(state.text));
    const top = fragment.node;
    moveSubtree(top, start - fragment.offset, partialRoot);
    (top as { container?: unknown }).container = partialRoot;
    // The root holds the elements built so far, in the order of the text.
    const content = partialRoot.content as CstNode[];
    let at = content.length;
    while (at > 0 && content[at - 1]!.offset > top.offset) at--;
    content.splice(at, 0, top);
    const fromElement = preorder(fragment.element).nodes;
    if (fromElement.length !== ends[slot]! - slot) {
        throw new Error(`Internal error: element ${index} has ${fromElement.length} nodes parsed alone and ${ends[slot]! - slot} in the lazy parse.`);
    }
    attachNodes(fromElement, 0, nodes, slot, fromElement.length);
    elementBuilds++;
    return true;
}

/** Where each element of the root's `elements` is in its preorder: the root's children come at the subtree boundaries. */
function elementSlotsOf(nodes: readonly AstNode[], ends: Int32Array, root: AstNode): Int32Array {
    const slots: number[] = [];
    for (let i = 1; i < nodes.length; i = ends[i]!) {
        if (nodes[i]!.$containerProperty === 'elements' && nodes[i]!.$container === root) slots.push(i);
    }
    return Int32Array.from(slots);
}

function partialRootOf(text: string): RootCstNode {
    const root = new RootCstNodeImpl(text);
    (root as { content: CstNode[] }).content = [];
    root.root = root;
    return root;
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
    attachNodes(from, 0, to, 0, from.length);
}

/** attach() for `count` nodes of two preorders, from `fromStart` and `toStart`. */
function attachNodes(from: readonly AstNode[], fromStart: number, to: readonly AstNode[], toStart: number, count: number): void {
    if (fromStart + count > from.length || toStart + count > to.length) throw new Error('Internal error: the CST parse and the lazy parse differ in size.');
    for (let k = 0; k < count; k++) {
        const i = fromStart + k;
        const source = from[i]!;
        const target = to[toStart + k]!;
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
