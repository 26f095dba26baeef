import { CstUtils, GrammarAST, GrammarUtils, isCompositeCstNode, type AstNode, type CstNode } from 'langium';
import { AbstractFormatter, Formatting, type FormattingAction, type NodeFormatter } from 'langium/lsp';
import * as ast from '../generated/ast.js';

/**
 * The one canonical layout of a .arch file, shared by the language server's
 * formatting and (later) `archgen fmt` (see `formatText` in api.ts):
 *
 * - `architecture <name>:` at column 0; every import, component and connector
 *   on its own line, indented one level; at most one blank line between them.
 * - blocks `{ ... }`: the `{` after one space, one member per line indented one
 *   more level, the `}` on its own line; an empty block is `{}`.
 * - single spaces between words and around `->`, `=` and `*`; none before `,`,
 *   `:`, `(` and `)`, and none around `.`; one space after `,`.
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
            } else {
                formatter.nodes(...members).prepend(MEMBER_LINE);
                formatter.cst(commentsAmong(node, '{')).prepend(MEMBER_LINE);
                close.prepend(Formatting.newLine());
            }
        }
    }
}

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
        const tight = (isKeyword(child) && NO_SPACE_BEFORE.has(child.text)) || (previous && isKeyword(previous) && NO_SPACE_AFTER.has(previous.text));
        if (previous) formatter.cst([child]).prepend(tight ? Formatting.noSpace() : Formatting.oneSpace());
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
