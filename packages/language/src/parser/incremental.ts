import {
    RootCstNodeImpl, isCompositeCstNode, isLeafCstNode, type AstNode, type CompositeCstNode, type CstNode, type LangiumParser, type ParseResult,
    type RootCstNode
} from 'langium';
import type { Model } from '../generated/ast.js';
import { isWhiteSpace } from '../util/chars.js';

/**
 * Re-parses a document after an edit by parsing again only the top-level
 * element (component or connector) the edit falls in, and grafting the new
 * subtree into the previous AST and CST. Returns undefined whenever that
 * cannot give exactly what a full parse of the new text gives, and the
 * caller then parses the whole text:
 *
 * - the previous text had syntax errors, or the edit touches the header, the
 *   imports, the space between elements, or the first character of an element;
 * - the text right after the element is not white space (a token could then
 *   continue across the boundary: `}component` edited into `acomponent`);
 * - the element's new text does not parse, alone, as exactly one element
 *   without errors and without comments after its last token (a full parse
 *   would put those between elements, outside the element's subtree).
 *
 * An element parses the same alone as in its file: it starts with a reserved
 * keyword (`component`, `connector`) and nothing inside it can continue with
 * one, so the parser's decisions within it never see past its last token.
 * incremental.test.ts compares the result with a full parse after thousands
 * of random edits. The result has a new root (AST and CST) holding the
 * previous tree's other elements, which are changed in place (an editor's
 * old tree is discarded on every change anyway): their offsets move, their
 * cached ranges are dropped, their container is the new root.
 */
export function reparseIncrementally(parser: LangiumParser, previous: ParseResult<AstNode>, text: string): ParseResult<Model> | undefined {
    if (previous.lexerErrors.length > 0 || previous.parserErrors.length > 0 || (previous.lexerReport?.diagnostics.length ?? 0) > 0) return undefined;
    const model = previous.value as Model;
    const root = model.$cstNode?.root;
    if (model.$type !== 'Model' || !root) return undefined;
    const before = root.fullText;
    if (before === text) return undefined;

    // The changed range: [first, before.length - same) in the old text.
    const shorter = Math.min(before.length, text.length);
    let first = 0;
    while (first < shorter && before.charCodeAt(first) === text.charCodeAt(first)) first++;
    let same = 0;
    while (same < shorter - first && before.charCodeAt(before.length - 1 - same) === text.charCodeAt(text.length - 1 - same)) same++;
    const changedEnd = before.length - same;

    const index = elementAround(model, first, changedEnd);
    if (index === undefined) return undefined;
    const element = model.elements[index]!;
    const top = topLevelNode(element.$cstNode!, root);
    if (!top) return undefined;
    const start = top.offset;
    const delta = text.length - before.length;
    const end = top.end + delta;
    if (end < text.length && !isWhiteSpace(text.charCodeAt(end))) return undefined;

    const fragment = parseElement(parser, text.slice(start, end));
    if (!fragment) return undefined;

    // Graft: the new element replaces the old one, in the AST and in the CST, under a new root node of each
    // (caches keyed by a file's root, its exported names for one, then see a new file, as after a full parse).
    const position = root.content.indexOf(top);
    if (position < 0) return undefined;
    const cstRoot = new RootCstNodeImpl(text);
    const content = root.content.slice();
    content[position] = fragment.node;
    (cstRoot as { content: CstNode[] }).content = content;
    cstRoot.root = cstRoot;
    cstRoot.grammarSource = root.grammarSource;
    for (let i = 0; i < content.length; i++) {
        const node = content[i]!;
        (node as { container?: CompositeCstNode }).container = cstRoot;
        moveSubtree(node, i === position ? start - fragment.offset : i > position ? delta : 0, cstRoot);
    }

    const next = { ...model, elements: model.elements.slice() } as Model;
    next.elements[index] = fragment.element;
    (next as { $cstNode?: CstNode }).$cstNode = cstRoot;
    cstRoot.astNode = next;
    for (const [property, list] of [['imports', next.imports], ['elements', next.elements]] as const) {
        list.forEach((node, i) => {
            (node as { $container: AstNode }).$container = next;
            (node as { $containerProperty?: string }).$containerProperty = property;
            (node as { $containerIndex?: number }).$containerIndex = i;
        });
    }
    return { value: next, lexerErrors: [], lexerReport: previous.lexerReport, parserErrors: [] } as ParseResult<Model>;
}

/** What a file's header takes before its first element, in the text an element is parsed in alone. */
const HEADER = 'architecture:\n';

/** The element of `model` whose text strictly contains the changed range (its first character unchanged). */
function elementAround(model: Model, first: number, changedEnd: number): number | undefined {
    const elements = model.elements;
    let low = 0;
    let high = elements.length - 1;
    while (low <= high) {
        const middle = (low + high) >> 1;
        const node = elements[middle]!.$cstNode;
        if (!node) return undefined;
        if (node.end < first) low = middle + 1;
        else if (node.offset >= first) high = middle - 1;
        else return changedEnd <= node.end ? middle : undefined;
    }
    return undefined;
}

/** The ancestor of `node` (itself included) that is a child of the root. */
function topLevelNode(node: CstNode, root: RootCstNode): CompositeCstNode | undefined {
    let current: CstNode = node;
    while (current.container && current.container !== root) current = current.container;
    return current.container === root && isCompositeCstNode(current) ? current : undefined;
}

/** The text parsed alone as one element: its AST node, its CST subtree and where that subtree starts in the parsed text. */
export function parseElement(parser: LangiumParser, text: string): { element: Model['elements'][number]; node: CompositeCstNode; offset: number } | undefined {
    const result = parser.parse<Model>(HEADER + text);
    if (result.lexerErrors.length > 0 || result.parserErrors.length > 0 || (result.lexerReport?.diagnostics.length ?? 0) > 0) return undefined;
    const model = result.value;
    if (model.imports.length > 0 || model.elements.length !== 1 || model.name !== undefined) return undefined;
    const content = model.$cstNode?.root.content ?? [];
    const last = content[content.length - 1];
    // The header's two keywords, then the element and nothing else: no comment, before or after it.
    if (content.length !== 3 || !last || !isCompositeCstNode(last) || content.some(n => n.hidden)) return undefined;
    if (last.offset !== HEADER.length || last.end !== HEADER.length + text.length) return undefined;
    return { element: model.elements[0]!, node: last, offset: HEADER.length };
}

/** Moves every leaf below `node` by `shift`, puts the subtree under `root`, and drops cached ranges. */
export function moveSubtree(node: CstNode, shift: number, root: RootCstNode): void {
    (node as { root: RootCstNode }).root = root;
    if (isLeafCstNode(node)) {
        if (shift !== 0) (node as unknown as { _offset: number })._offset += shift;
        return;
    }
    if (!isCompositeCstNode(node)) return;
    (node as unknown as { _rangeCache?: unknown })._rangeCache = undefined;
    for (const child of node.content) moveSubtree(child, shift, root);
}
