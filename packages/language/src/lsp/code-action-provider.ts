import { AstUtils, CstUtils, GrammarUtils, type LangiumDocument, type MaybePromise } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import {
    CodeActionKind, type CodeAction, type CodeActionParams, type Command, type Diagnostic, type Range, type TextEdit
} from 'vscode-languageserver-protocol';
import * as ast from '../generated/ast.js';
import { IssueCodes, type ArchDiagnosticData } from '../validation/issue-codes.js';

/**
 * Quick fixes keyed on the diagnostic's `data.code` (never on its message):
 * - any diagnostic with `data.suggestion`: replace the flagged text by it
 *   (`mq_connector` -> `message_queue`, `load balancer` -> `load_balancer`,
 *   misspelt types and names, the path of an import of a missing file);
 * - a backend without a database (`component/unconnected`, or the cursor on a
 *   backend that has no db_connector): add `<name>_db` and its db_connector;
 * - `exposure/bypasses-gateway` from a frontend: route the call through the
 *   one gateway.
 */
export class ArchCodeActionProvider implements CodeActionProvider {
    getCodeActions(document: LangiumDocument, params: CodeActionParams): MaybePromise<Array<Command | CodeAction>> {
        const actions: CodeAction[] = [];
        const model = document.parseResult.value as ast.Model;
        const uri = document.textDocument.uri;
        const offered = new Set<string>();
        for (const diagnostic of params.context.diagnostics) {
            const data = diagnostic.data as ArchDiagnosticData | undefined;
            const code = data?.code ?? (typeof diagnostic.code === 'string' ? diagnostic.code : undefined);
            if (data?.suggestion !== undefined && code?.startsWith('import/')) {
                // An import's range is its quoted path.
                actions.push(fix(`Import '${data.suggestion}'`, uri, [{ range: diagnostic.range, newText: JSON.stringify(data.suggestion) }], diagnostic, true));
            } else if (data?.suggestion !== undefined) {
                actions.push(fix(`Replace with '${data.suggestion}'`, uri, [{ range: diagnostic.range, newText: data.suggestion }], diagnostic, true));
            }
            if (code === IssueCodes.Unconnected) {
                const component = componentAt(document, diagnostic.range);
                const action = component && addDatabase(document, model, component, diagnostic);
                if (action && !offered.has(component.name)) {
                    offered.add(component.name);
                    actions.push(action);
                }
            }
            if (code === IssueCodes.BypassesGateway) {
                const action = routeThroughGateway(document, model, diagnostic);
                if (action) actions.push(action);
            }
        }
        // Without a diagnostic: a backend that owns no database.
        const here = componentAt(document, params.range);
        if (here && !offered.has(here.name)) {
            const action = addDatabase(document, model, here);
            if (action) actions.push(action);
        }
        return actions;
    }
}

function fix(title: string, uri: string, edits: TextEdit[], diagnostic: Diagnostic | undefined, preferred = false): CodeAction {
    return {
        title,
        kind: CodeActionKind.QuickFix,
        ...(diagnostic ? { diagnostics: [diagnostic] } : {}),
        ...(preferred ? { isPreferred: true } : {}),
        edit: { changes: { [uri]: edits } }
    };
}

function componentAt(document: LangiumDocument, range: Range): ast.Component | undefined {
    const root = document.parseResult.value.$cstNode;
    if (!root) return undefined;
    const leaf = CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(range.start));
    const component = leaf ? AstUtils.getContainerOfType(leaf.astNode, ast.isComponent) : undefined;
    return component?.name ? component : undefined;
}

/** The indentation of the line a node starts on. */
function indentOf(document: LangiumDocument, node: ast.Component | ast.Connector): string {
    const line = node.$cstNode!.range.start.line;
    const text = document.textDocument.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
    return /^[ \t]*/.exec(text)![0];
}

function addDatabase(document: LangiumDocument, model: ast.Model, component: ast.Component, diagnostic?: Diagnostic): CodeAction | undefined {
    if (component.kind !== 'backend' && component.kind !== 'mqtp') return undefined;
    if (!component.$cstNode) return undefined;
    const connectors = model.elements.filter(ast.isConnector);
    if (connectors.some(c => c.kind === 'db_connector' && c.from?.ref === component)) return undefined;
    const names = new Set(model.elements.filter(ast.isComponent).map(c => c.name));
    let db = `${component.name}_db`;
    for (let i = 2; names.has(db); i++) db = `${component.name}_db${i}`;
    const indent = indentOf(document, component);
    const afterComponent = component.$cstNode.range.end;
    const last = model.elements[model.elements.length - 1]!.$cstNode!.range.end;
    const edits: TextEdit[] = [
        { range: { start: afterComponent, end: afterComponent }, newText: `\n${indent}component database ${db}` },
        { range: { start: last, end: last }, newText: `\n${indent}connector db_connector ${component.name} -> ${db}` }
    ];
    if (afterComponent.line === last.line && afterComponent.character === last.character) {
        edits.splice(0, 2, { range: { start: last, end: last },
            newText: `\n${indent}component database ${db}\n${indent}connector db_connector ${component.name} -> ${db}` });
    }
    return fix(`Add database '${db}' owned by '${component.name}'`, document.textDocument.uri, edits, diagnostic);
}

function routeThroughGateway(document: LangiumDocument, model: ast.Model, diagnostic: Diagnostic): CodeAction | undefined {
    const root = document.parseResult.value.$cstNode;
    if (!root) return undefined;
    const leaf = CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(diagnostic.range.start));
    const connector = leaf ? AstUtils.getContainerOfType(leaf.astNode, ast.isConnector) : undefined;
    const from = connector?.from?.ref;
    const to = connector?.to?.ref;
    const gateways = model.elements.filter(ast.isComponent).filter(c => c.kind === 'api_gateway');
    if (!connector?.$cstNode || connector.kind !== 'http' || from?.kind !== 'frontend' || !to || gateways.length !== 1) return undefined;
    const gateway = gateways[0]!;
    const http = model.elements.filter(ast.isConnector).filter(c => c.kind === 'http' && c !== connector);
    const exists = (a: ast.Component, b: ast.Component) => http.some(c => c.from?.ref === a && c.to?.ref === b);
    const edits: TextEdit[] = [];
    const { start, end } = connector.$cstNode.range;
    const toGateway = `connector http ${from.name} -> ${gateway.name}`;
    if (exists(gateway, to) && connector.members.length === 0) {
        // The gateway already reaches the service: only the frontend's call to the gateway remains.
        edits.push(exists(from, gateway)
            ? { range: { start: { line: start.line, character: 0 }, end: { line: end.line + 1, character: 0 } }, newText: '' }
            : { range: { start, end }, newText: toGateway });
    } else {
        if (!exists(from, gateway)) edits.push({ range: { start, end: start }, newText: `${toGateway}\n${indentOf(document, connector)}` });
        edits.push({ range: GrammarUtils.findNodeForProperty(connector.$cstNode, 'from')!.range, newText: gateway.name });
    }
    return fix(`Route '${from.name}' -> '${to.name}' through gateway '${gateway.name}'`, document.textDocument.uri, edits, diagnostic, true);
}
