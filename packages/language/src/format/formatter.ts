import { CstUtils, GrammarAST, GrammarUtils, isCompositeCstNode, type AstNode, type CstNode } from 'langium';
import { AbstractFormatter, Formatting, type FormattingAction, type FormattingContext, type NodeFormatter } from 'langium/lsp';
import type { TextEdit } from 'vscode-languageserver-types';
import * as ast from '../generated/ast.js';

/**
 * The one canonical layout of a .arch file, shared by the language server's
 * formatting and `archgen fmt` (see `formatText` in api.ts):
 *
 * - `architecture <name>:` at column 0; every import, component and connector
 *   on its own line, indented one level; at most one blank line between them.
 * - blocks `{ ... }`: the `{` after one space, one member per line indented one
 *   more level, the `}` on its own line; an empty block is `{}`.
 * - except a block written on one line with a single member that has no block
 *   of its own and no comment inside, and whose line fits in MAX_LINE_WIDTH
 *   columns: it stays on one line, `{ replicas 2 }`. The choice depends only
 *   on the tokens, their depth and whether `{` and `}` share a line, which
 *   formatting preserves, so formatting stays idempotent.
 * - single spaces between words and around `->`, `=` and `*`; none before `,`,
 *   `:`, `(` and `)`, and none around `.`; one space after `,`, except between
 *   the numbers of a type (`decimal(10,2)`, as in SQL).
 *
 * Comments move with the line they stand on. The indentation unit is the
 * editor's (4 spaces for `archgen fmt`).
 */
export class ArchFormatter extends AbstractFormatter {
    protected format(node: AstNode): void {
        const formatter = this.getNodeFormatter(node);
        spaceTokens(node, formatter);
        if (ast.isModel(node)) {
            const first = tokensOf(node, node.$cstNode)[0];
            if (first) formatter.cst([first]).prepend(Formatting.noSpace());
            formatter.nodes(...node.imports, ...node.elements).prepend(MEMBER_LINE);
            formatter.cst(commentsAmong(node, ':')).prepend(MEMBER_LINE);
        }
        const members = blockMembers(node);
        if (members) {
            const open = formatter.keyword('{');
            const close = formatter.keyword('}');
            open.prepend(Formatting.oneSpace());
            if (members.length === 0) {
                close.prepend(Formatting.noSpace());
            } else if (staysOnOneLine(node, members)) {
                formatter.nodes(...members).prepend(Formatting.oneSpace());
                close.prepend(Formatting.oneSpace());
            } else {
                formatter.nodes(...members).prepend(MEMBER_LINE);
                formatter.cst(commentsAmong(node, '{')).prepend(MEMBER_LINE);
                close.prepend(Formatting.newLine());
            }
        }
    }

    /**
     * Re-indents a comment that starts a line. Langium's version measures the
     * indentation in columns (a tab counts as tabSize) but outdents by deleting
     * that many characters, so `\t\t// c` where 4 columns belong lost both
     * tabs, landed in column 0, and the next run indented it again. Here each
     * line of the comment is measured and rewritten in columns, keeping its
     * indentation relative to the first line.
     */
    protected override createHiddenTextEdits(
        previous: CstNode | undefined, hidden: CstNode, formatting: FormattingAction | undefined, context: FormattingContext
    ): TextEdit[] {
        const startLine = hidden.range.start.line;
        if (previous && previous.range.end.line === startLine) return [];
        const lead = { start: { line: startLine, character: 0 }, end: hidden.range.start };
        const before = context.document.getText(lead);
        if (!/^[ \t]*$/.test(before)) return [];
        const move = this.findFittingMove(lead, formatting?.moves ?? [], context);
        const increase = this.getIndentationCharacterCount(context, move) - this.getExistingIndentationCharacterCount(before, context);
        if (increase === 0) return [];
        const unit = context.options.insertSpaces ? ' ' : '\t';
        // Lines as the document counts them (\r\n, \n or a lone \r), so that edit i falls on line i of the comment.
        return hidden.text.split(/\r\n|\r|\n/).map((text, i) => {
            const indentation = i === 0 ? before : /^[ \t]*/.exec(text)![0];
            const width = Math.max(0, this.getExistingIndentationCharacterCount(indentation, context) + increase);
            const line = startLine + i;
            return { range: { start: { line, character: 0 }, end: { line, character: indentation.length } }, newText: unit.repeat(width) };
        });
    }
}

/** The widest line a one-member block may keep (indentation of 4 spaces per level included). */
export const MAX_LINE_WIDTH = 100;

/** A new line, indented one level deeper than the container, keeping at most one blank line before. */
const MEMBER_LINE: FormattingAction = { options: {}, moves: [{ tabs: 1, lines: 1 }, { tabs: 1, lines: 2 }] };

/** The members of a `{ ... }` block, or undefined when the node has no block. */
function blockMembers(node: AstNode): readonly AstNode[] | undefined {
    if (!node.$cstNode || !hasKeyword(node.$cstNode, '{')) return undefined;
    if (ast.isComponent(node) || ast.isConnector(node)) return node.members;
    if (ast.isEntity(node)) return node.fields;
    if (ast.isPayload(node)) return node.fields;
    if (ast.isOnMessage(node)) return node.actions;
    return undefined;
}

/**
 * A block that keeps its one-line form: one member without a block of its own,
 * `{` and `}` on the same line of the source, no comment between them, and the
 * whole line, formatted, within MAX_LINE_WIDTH.
 */
function staysOnOneLine(node: AstNode, members: readonly AstNode[]): boolean {
    const cst = node.$cstNode;
    const [member] = members;
    if (!cst || members.length !== 1 || !member?.$cstNode || hasBlock(member.$cstNode)) return false;
    const own = tokensOf(node, cst).filter(isKeyword);
    const open = own.find(c => c.text === '{');
    const close = own.filter(c => c.text === '}').at(-1);
    if (!open || !close || open.range.start.line !== close.range.start.line) return false;
    const leaves = [...CstUtils.flattenCst(cst)];
    if (leaves.some(leaf => leaf.hidden && !/^\s*$/.test(leaf.text) && leaf.offset > open.offset && leaf.end <= close.offset)) return false;
    return INDENT * depthOf(node) + formattedWidth(leaves.filter(leaf => !leaf.hidden)) <= MAX_LINE_WIDTH;
}

const INDENT = 4;

/** 1 for a component or connector, 2 for an entity or a connector's payload, ... */
function depthOf(node: AstNode): number {
    let depth = 0;
    for (let current = node.$container; current; current = current.$container) depth++;
    return depth;
}

function hasBlock(cst: CstNode): boolean {
    for (const leaf of CstUtils.flattenCst(cst)) if (!leaf.hidden && isKeyword(leaf) && leaf.text === '{') return true;
    return false;
}

/** The length of the tokens on one line, spaced as `spaceTokens` spaces them. */
function formattedWidth(tokens: readonly CstNode[]): number {
    return tokens.reduce((width, token, index) => {
        const previous = tokens[index - 1];
        const sameDataType = token.container !== undefined && previous?.container === token.container && isDataType(token.container);
        const space = previous !== undefined && !tight(previous, token) && !sameDataType;
        return width + token.text.length + (space ? 1 : 0);
    }, 0);
}

function hasKeyword(cst: CstNode, keyword: string): boolean {
    return tokensOf(cst.astNode, cst).some(c => GrammarAST.isKeyword(c.grammarSource) && c.text === keyword);
}

/**
 * One space before every token of the node but its first; none inside a
 * data-type rule (`load-balancer`, `-1`); none before `,` and `:`.
 */
function spaceTokens(node: AstNode, formatter: NodeFormatter<AstNode>): void {
    const children = tokensOf(node, node.$cstNode);
    children.forEach((child, index) => {
        const previous = children[index - 1];
        if (previous) formatter.cst([child]).prepend(tight(previous, child) ? Formatting.noSpace() : Formatting.oneSpace());
        if (child.astNode === node && isCompositeCstNode(child) && isDataType(child)) {
            const inner = child.content.filter(c => !c.hidden).slice(1);
            if (inner.length > 0) formatter.cst(inner).prepend(Formatting.noSpace());
        }
    });
}

function contentOf(cst: CstNode | undefined): readonly CstNode[] {
    return cst && isCompositeCstNode(cst) ? cst.content : [];
}

const NO_SPACE_BEFORE = new Set([',', ':', '(', ')', '.']);
const NO_SPACE_AFTER = new Set(['(', '.']);

/** No space between the two: before `,` `:` `(` `)` `.`, after `(` `.`, and after the `,` of `decimal(10,2)`. */
function tight(previous: CstNode, next: CstNode): boolean {
    if (isKeyword(next) && NO_SPACE_BEFORE.has(next.text)) return true;
    if (!isKeyword(previous)) return false;
    if (NO_SPACE_AFTER.has(previous.text)) return true;
    const type = previous.astNode;
    return previous.text === ',' && ast.isTypeRef(type) && type.args.every(arg => /^\d+$/.test(String(arg)));
}

function isKeyword(cst: CstNode): boolean {
    return GrammarAST.isKeyword(cst.grammarSource);
}

/**
 * The comments between the opening token of a member list (`:` or `{`) and
 * the end of the node, outside any nested block: they take the members' indentation.
 */
function commentsAmong(node: AstNode, opening: string): CstNode[] {
    const cst = node.$cstNode;
    if (!cst) return [];
    const open = tokensOf(node, cst).find(c => isKeyword(c) && c.text === opening);
    if (!open) return [];
    const members = tokensOf(node, cst).filter(c => c.astNode !== node);
    const comments: CstNode[] = [];
    for (const leaf of CstUtils.flattenCst(cst)) {
        if (!leaf.hidden || leaf.offset < open.end || /^\s*$/.test(leaf.text)) continue;
        // Inside a member, only the comments before its first token are the container's.
        const inside = members.find(m => leaf.offset >= m.offset && leaf.end <= m.end);
        if (inside && leaf.offset > firstTokenOffset(inside)) continue;
        comments.push(leaf);
    }
    return comments;
}

function firstTokenOffset(cst: CstNode): number {
    for (const leaf of CstUtils.flattenCst(cst)) if (!leaf.hidden) return leaf.offset;
    return cst.end;
}

function isDataType(cst: CstNode): boolean {
    const source = cst.grammarSource;
    const rule = GrammarAST.isRuleCall(source) ? source.rule.ref : undefined;
    return GrammarAST.isParserRule(rule) && GrammarUtils.isDataTypeRule(rule);
}

/**
 * The node's own tokens and child nodes, in order: through the wrappers of
 * unassigned rule calls (`Element: Component | Connector`), not into data-type
 * rules (a name, `load-balancer`, `-1`), nor into child nodes, nor comments.
 */
function tokensOf(node: AstNode, cst: CstNode | undefined): CstNode[] {
    const result: CstNode[] = [];
    for (const child of contentOf(cst)) {
        if (child.hidden) continue;
        if (isCompositeCstNode(child) && child.astNode === node && !isDataType(child)) result.push(...tokensOf(node, child));
        else result.push(child);
    }
    return result;
}
