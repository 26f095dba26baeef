import {
    AstUtils, CompositeCstNodeImpl, CstNodeBuilder, LeafCstNodeImpl, createLangiumParser, type CstNode, type LangiumCoreServices, type LangiumParser,
    type ParseResult, type RootCstNode
} from 'langium';
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
 *
 * The produced CST and AST are the same as Langium's (see arch-parser.test.ts).
 */
export function createArchParser(services: LangiumCoreServices): LangiumParser {
    const parser = createLangiumParser(services);
    const internals = parser as unknown as ParserInternals;
    internals.nodeBuilder = new ArchCstNodeBuilder();
    internals.parse = function parse(this: ParserInternals, input: string, options: { rule?: string } = {}) {
        this.nodeBuilder.buildRootNode(input);
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
        AstUtils.linkContentToContainer(result, { deep: true });
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

const NONE: IToken[] = [];

/** The members of LangiumParser this module replaces or reads (private in its typings). */
interface ParserInternals {
    nodeBuilder: CstNodeBuilder;
    lexer: { tokenize(text: string): { tokens: IToken[]; hidden: IToken[]; errors: unknown[]; report?: unknown } };
    lexerResult?: { hidden: IToken[] };
    hiddenCursor: number;
    wrapper: { input: IToken[]; errors: unknown[] };
    allRules: Map<string, unknown>;
    mainRule: unknown;
    unorderedGroups: Map<string, boolean[]>;
    doParse(rule: unknown): ParseResult['value'];
    parse(input: string, options?: { rule?: string }): ParseResult;
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
    override buildCompositeNode(feature: Parameters<CstNodeBuilder['buildCompositeNode']>[0]): CompositeCstNodeImpl {
        const self = this as unknown as BuilderInternals & { nodeStack: CstNode[] };
        const node = new ArchCompositeCstNode();
        node.grammarSource = feature;
        node.root = self.rootNode;
        appendChild(self.current, node);
        self.nodeStack.push(node);
        return node;
    }

    override buildLeafNode(token: IToken, feature?: Parameters<CstNodeBuilder['buildLeafNode']>[1]): LeafCstNodeImpl {
        const leaf = new ArchLeafCstNode(token, !feature);
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
            const leaf = new ArchLeafCstNode(token, true);
            leaf.root = self.rootNode;
            nodes.push(leaf);
        }
        let current = self.current;
        // Within a node that has content, the hidden nodes follow it.
        if (current.content.length > 0) {
            current.content.push(...nodes);
            return;
        }
        // A new node: place them before the first ancestor that has something before it.
        while (current.container) {
            const index = current.container.content.lastIndexOf(current as unknown as CstNode);
            if (index > 0) {
                current.container.content.splice(index, 0, ...nodes);
                return;
            }
            current = current.container;
        }
        self.rootNode.content.unshift(...nodes);
    }
}

/** Langium's composite node, with the properties the builder sets declared up front (stored in the node). */
class ArchCompositeCstNode extends CompositeCstNodeImpl {
    constructor() {
        super();
        this.grammarSource = undefined;
        this.root = undefined as unknown as RootCstNode;
        (this as { container?: unknown }).container = undefined;
        (this as unknown as { _astNode?: unknown })._astNode = undefined;
        (this as unknown as { _rangeCache?: unknown })._rangeCache = undefined;
    }
}

/** Adds a node at the end of a parent's children, as Langium's node list does (it sets the node's container). */
function appendChild(parent: CompositeLike, node: CstNode): void {
    (node as { container?: unknown }).container = parent;
    Array.prototype.push.call(parent.content, node);
}

/**
 * A leaf whose range is computed from its offset when asked, through the
 * line starts of its file (found once per parse): no objects per token.
 */
class ArchLeafCstNode extends LeafCstNodeImpl {
    constructor(token: IToken, hidden: boolean) {
        // `| 0`: Chevrotain's offsets arrive as boxed numbers; a small integer is stored in the node itself.
        super(token.startOffset | 0, token.image.length, undefined as unknown as Range, token.tokenType, hidden);
        // Declared here, so that they are stored in the node rather than in a separate property list.
        this.grammarSource = undefined;
        this.root = undefined as unknown as RootCstNode;
        (this as { container?: unknown }).container = undefined;
        (this as unknown as { _astNode?: unknown })._astNode = undefined;
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
