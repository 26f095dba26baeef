import {
    AbstractCstNode, CstNodeBuilder, LangiumParser, LeafCstNodeImpl, type AstNode, type CompositeCstNode, type CstNode,
    type LangiumCoreServices, type ParseResult, type RootCstNode
} from 'langium';
import { forEachChild } from '../util/ast-walk.js';
import { FastArchParser } from './fast-parser.js';
import { awaitCst } from './lazy-cst.js';
import { buildArchRules } from './rule-builder.js';
import type { Range } from 'vscode-languageserver-types';

/** Chevrotain's token, as Langium's builder takes it. */
type IToken = Parameters<CstNodeBuilder['buildLeafNode']>[0];

/**
 * Langium's parser, with the CST built in time linear in the size of the
 * file. Langium 4.1 places hidden tokens (comments) with `indexOf` searches
 * in the parent's children and `splice`s them off the front of the list of
 * hidden tokens, and does the search even when there is nothing to place (at
 * the first token of every node): on a file of 10,000 components that is
 * quadratic and dominates parsing. Here the search starts from the end (a
 * node is the last child of its parent while its first token is consumed),
 * nothing is searched when there is nothing to place, and the hidden tokens
 * are read with a cursor. Leaf nodes compute their range when asked, from
 * their offset, instead of holding three objects per token, and the tokens
 * are let go once the tree is built (Chevrotain keeps them until the next parse).
 * The rules are built by buildArchRules (no objects allocated per call),
 * composite nodes hold plain arrays, subrule calls share one arguments
 * object, and AST containers are linked without Object.entries: garbage
 * collection was most of the time spent parsing.
 *
 * A file without syntax errors is parsed by FastArchParser (hand-written,
 * no Chevrotain recognizer), any other by the Langium parser built here.
 * The produced CST and AST are the same as Langium's (see arch-parser.test.ts).
 */
export function createArchParser(services: LangiumCoreServices, options: { fast?: boolean } = {}): LangiumParser {
    const parser = new LangiumParser(services);
    const fast = options.fast === false ? undefined : new FastArchParser(services);
    buildArchRules(services.Grammar, parser, services.parser.Lexer.definition);
    // Chevrotain's self-analysis (about a tenth of a second) is needed only for a file FastArchParser gives up on.
    let finalized = false;
    const finalize = (): void => {
        if (finalized) return;
        finalized = true;
        parser.finalize();
    };
    if (!fast) finalize();
    const internals = parser as unknown as ParserInternals;
    // Langium wraps the arguments of every subrule call in two new objects; the grammar has no parameters.
    internals.wrapper.wrapSubrule = function wrapSubrule(this: ParserInternals['wrapper'], idx: number, rule: unknown) {
        return this.subrule(idx, rule, SUBRULE_OPTIONS);
    };
    internals.nodeBuilder = new ArchCstNodeBuilder();
    internals.parse = function parse(this: ParserInternals, input: string, options: ArchParserOptions = {}) {
        // A whole file: first the hand-written lexer and parser, which give up at the first error.
        if (fast && !options.rule) {
            const lazy = options.cst === 'lazy';
            if (!lazy) this.nodeBuilder.buildRootNode(input);
            const model = fast.parse(this.nodeBuilder as ArchCstNodeBuilder, input, lazy);
            if (model) {
                if (lazy) awaitCst(model, input, parser, fast.lastSpans());
                return { value: model, lexerErrors: [], lexerReport: { diagnostics: [] }, parserErrors: [] } as unknown as ParseResult;
            }
        }
        this.nodeBuilder.buildRootNode(input);
        finalize();
        const lexerResult = this.lexer.tokenize(input);
        this.lexerResult = lexerResult;
        this.hiddenCursor = 0;
        this.wrapper.input = lexerResult.tokens;
        const ruleMethod = options.rule ? this.allRules.get(options.rule) : this.mainRule;
        if (!ruleMethod) throw new Error(options.rule ? `No rule found with name '${options.rule}'` : 'No main rule available.');
        const result = this.doParse(ruleMethod);
        this.nodeBuilder.addHiddenNodes(lexerResult.hidden.slice(this.hiddenCursor));
        this.unorderedGroups.clear();
        this.lexerResult = undefined;
        const parserErrors = this.wrapper.errors;
        // Chevrotain keeps its input until the next parse: every token of the file (a tenth of the heap).
        // Setting it resets the parser, errors included: they were taken above.
        this.wrapper.input = [];
        linkContainers(result);
        return {
            value: result,
            lexerErrors: lexerResult.errors,
            lexerReport: lexerResult.report,
            parserErrors
        } as ParseResult;
    };
    internals.extractHiddenTokens = function extractHiddenTokens(this: ParserInternals, token: IToken): IToken[] {
        const hidden = this.lexerResult?.hidden ?? [];
        const start = this.hiddenCursor;
        let end = start;
        while (end < hidden.length && hidden[end]!.startOffset <= token.startOffset) end++;
        if (end === start) return NONE;
        this.hiddenCursor = end;
        return hidden.slice(start, end);
    };
    return parser;
}

/**
 * LangiumParser.parse's options, and `cst`: 'lazy' parses a valid file
 * without its CST, which is built when first read (see lazy-cst.ts); a file
 * with errors is always parsed with it. The default is 'eager'.
 */
export interface ArchParserOptions {
    rule?: string;
    cst?: 'eager' | 'lazy';
}

const NONE: IToken[] = [];
const SUBRULE_OPTIONS = Object.freeze({ ARGS: Object.freeze([Object.freeze({})]) });

/**
 * Sets `$container`, `$containerProperty` and `$containerIndex` on every AST
 * node below `node`, as Langium's linkContentToContainer does, without its
 * `Object.entries` arrays and closures per node.
 */
function linkContainers(node: AstNode): void {
    forEachChild(node, (child, property, index) => {
        const linked = child as { $container: AstNode; $containerProperty: string; $containerIndex?: number };
        linked.$container = node;
        linked.$containerProperty = property;
        // As Langium: an index only for a node in an array.
        if (index !== undefined) linked.$containerIndex = index;
        linkContainers(child);
    });
}

/** The members of LangiumParser this module replaces or reads (private in its typings). */
interface ParserInternals {
    nodeBuilder: CstNodeBuilder;
    lexer: { tokenize(text: string): { tokens: IToken[]; hidden: IToken[]; errors: unknown[]; report?: { diagnostics: unknown[] } } };
    lexerResult?: { hidden: IToken[] };
    hiddenCursor: number;
    wrapper: {
        input: IToken[];
        errors: unknown[];
        subrule(idx: number, rule: unknown, options: unknown): unknown;
        wrapSubrule(idx: number, rule: unknown, args: unknown): unknown;
    };
    allRules: Map<string, unknown>;
    mainRule: unknown;
    unorderedGroups: Map<string, boolean[]>;
    doParse(rule: unknown): ParseResult['value'];
    parse(input: string, options?: ArchParserOptions): ParseResult;
    extractHiddenTokens(token: IToken): IToken[];
}

interface BuilderInternals {
    current: CompositeLike;
    rootNode: CompositeLike & RootCstNode;
}

interface CompositeLike {
    container?: CompositeLike;
    content: CstNode[];
}

export class ArchCstNodeBuilder extends CstNodeBuilder {
    /** As Langium's, without the variadic push of its node list (an allocation per node). */
    override buildRootNode(input: string): RootCstNode {
        const root = super.buildRootNode(input);
        // A plain array, as in every other composite node (see ArchCompositeCstNode).
        (root as { content: CstNode[] }).content = [];
        return root;
    }

    override buildCompositeNode(feature: Parameters<CstNodeBuilder['buildCompositeNode']>[0]): CompositeCstNode {
        const self = this as unknown as BuilderInternals & { nodeStack: CstNode[] };
        const node = new ArchCompositeCstNode();
        node.grammarSource = feature;
        node.root = self.rootNode;
        appendChild(self.current, node);
        self.nodeStack.push(node);
        return node;
    }

    override buildLeafNode(token: IToken, feature?: Parameters<CstNodeBuilder['buildLeafNode']>[1]): LeafCstNodeImpl {
        return this.buildLeaf(token.startOffset | 0, token.image.length, token.tokenType, feature);
    }

    /** buildLeafNode for a token given by its offset, length and type (FastArchParser makes no token objects). */
    buildLeaf(offset: number, length: number, tokenType: IToken['tokenType'], feature?: Parameters<CstNodeBuilder['buildLeafNode']>[1]): LeafCstNodeImpl {
        const leaf = new ArchLeafCstNode(offset, length, tokenType, !feature);
        const self = this as unknown as BuilderInternals;
        leaf.grammarSource = feature;
        leaf.root = self.rootNode;
        appendChild(self.current, leaf);
        return leaf;
    }

    override addHiddenNodes(tokens: IToken[]): void {
        if (tokens.length === 0) return;
        const self = this as unknown as BuilderInternals;
        const nodes: CstNode[] = [];
        for (const token of tokens) {
            const leaf = new ArchLeafCstNode(token.startOffset | 0, token.image.length, token.tokenType, true);
            leaf.root = self.rootNode;
            nodes.push(leaf);
        }
        let current = self.current;
        // Within a node that has content, the hidden nodes follow it.
        if (current.content.length > 0) {
            for (const node of nodes) appendChild(current, node);
            return;
        }
        // A new node: place them before the first ancestor that has something before it.
        while (current.container) {
            const parent = current.container;
            const index = parent.content.lastIndexOf(current as unknown as CstNode);
            if (index > 0) {
                for (const node of nodes) (node as { container?: unknown }).container = parent;
                parent.content.splice(index, 0, ...nodes);
                return;
            }
            current = parent;
        }
        for (const node of nodes) (node as { container?: unknown }).container = self.rootNode;
        self.rootNode.content.unshift(...nodes);
    }
}

/**
 * Langium's composite node, with its children in a plain array. Langium keeps
 * them in a subclass of Array whose `push` sets each child's container: an
 * array with another prototype leaves V8's fast paths (every push took the
 * generic route), and it is one more object per node. The builder sets the
 * container itself (appendChild), and nothing else adds children.
 */
class ArchCompositeCstNode extends AbstractCstNode implements CompositeCstNode {
    readonly content: CstNode[] = NO_CHILDREN;
    private _rangeCache?: Range = undefined;

    constructor() {
        super();
        // Declared here, so that they are stored in the node rather than in a separate property list.
        this.grammarSource = undefined;
        this.root = undefined as unknown as RootCstNode;
        this.container = undefined;
        (this as unknown as { _astNode?: AstNode })._astNode = undefined;
    }

    override get offset(): number {
        return this.firstNonHiddenNode?.offset ?? 0;
    }

    override get length(): number {
        return this.end - this.offset;
    }

    override get end(): number {
        return this.lastNonHiddenNode?.end ?? 0;
    }

    /**
     * As Langium's: from the start of the first non-hidden child to the end of
     * the last. Computed from their offsets (found without allocating) rather
     * than from their ranges, which made and cached a range at every level
     * down the tree; the positions are the same.
     */
    override get range(): Range {
        if (this._rangeCache === undefined) {
            const first = this.firstNonHiddenNode;
            const last = this.lastNonHiddenNode;
            if (!first || !last) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
            const lines = lineStartsOf(this.root);
            const start = positionAt(lines, first.offset);
            const end = positionAt(lines, last.end);
            this._rangeCache = { start, end: end.line < start.line ? start : end };
        }
        return this._rangeCache;
    }

    get firstNonHiddenNode(): CstNode | undefined {
        for (const child of this.content) if (!child.hidden) return child;
        return this.content[0];
    }

    get lastNonHiddenNode(): CstNode | undefined {
        for (let i = this.content.length - 1; i >= 0; i--) {
            const child = this.content[i]!;
            if (!child.hidden) return child;
        }
        return this.content[this.content.length - 1];
    }
}

/**
 * The children of a composite node that has none yet, shared. The first child
 * replaces it with an array of exactly one element: most composite nodes (a
 * name, a type) have one child, and an array that grows from empty reserves
 * room for 17. Frozen, so that a push into it fails loudly.
 */
const NO_CHILDREN: CstNode[] = Object.freeze([]) as unknown as CstNode[];

/** Adds a node at the end of a parent's children, as Langium's node list does (it sets the node's container). */
function appendChild(parent: CompositeLike, node: CstNode): void {
    (node as { container?: unknown }).container = parent;
    if (parent.content === NO_CHILDREN) parent.content = [node];
    else parent.content.push(node);
}

/**
 * A leaf whose range is computed from its offset when asked, through the
 * line starts of its file (found once per parse): no objects per token.
 */
class ArchLeafCstNode extends LeafCstNodeImpl {
    constructor(offset: number, length: number, tokenType: IToken['tokenType'], hidden: boolean) {
        // The offset `| 0` (Chevrotain's offsets arrive as boxed numbers): a small integer is stored in the node itself.
        super(offset, length, undefined as unknown as Range, tokenType, hidden);
        // Declared here, so that they are stored in the node rather than in a separate property list.
        this.grammarSource = undefined;
        this.root = undefined as unknown as RootCstNode;
        (this as { container?: unknown }).container = undefined;
    }

    override get range(): Range {
        const lines = lineStartsOf(this.root);
        return { start: positionAt(lines, this.offset), end: positionAt(lines, this.offset + this.length) };
    }
}

const lineStartsCache = new WeakMap<object, Int32Array>();

/** The offset at which each line of the file starts (after `\n`, `\r\n` or a lone `\r`, as the lexer counts lines). */
function lineStartsOf(root: RootCstNode): Int32Array {
    let starts = lineStartsCache.get(root);
    if (!starts) {
        const text = root.fullText;
        const found = [0];
        for (let i = 0; i < text.length; i++) {
            const c = text.charCodeAt(i);
            if (c === 13 /* \r */) {
                if (text.charCodeAt(i + 1) === 10) i++;
                found.push(i + 1);
            } else if (c === 10 /* \n */) {
                found.push(i + 1);
            }
        }
        starts = Int32Array.from(found);
        lineStartsCache.set(root, starts);
    }
    return starts;
}

function positionAt(lines: Int32Array, offset: number): { line: number; character: number } {
    let low = 0;
    let high = lines.length - 1;
    while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (lines[middle]! <= offset) low = middle;
        else high = middle - 1;
    }
    return { line: low, character: offset - lines[low]! };
}
