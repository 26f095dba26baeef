import { GrammarUtils, type LangiumDocument } from 'langium';
import type { DocumentSymbolProvider } from 'langium/lsp';
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import * as ast from '../generated/ast.js';

/** The outline: imported files, components (with their kind) and, inside databases, entities and their fields; connectors. */
export class ArchDocumentSymbolProvider implements DocumentSymbolProvider {
    getSymbols(document: LangiumDocument): DocumentSymbol[] {
        const model = document.parseResult.value as ast.Model;
        const symbols: DocumentSymbol[] = [];
        for (const node of model.imports ?? []) {
            if (node.path) symbols.push(...symbol(node.path, 'import', SymbolKind.File, node.$cstNode?.range, node.$cstNode?.range, []));
        }
        for (const element of model.elements) {
            if (ast.isComponent(element) && element.name) {
                const entities = element.members.filter(ast.isEntity).flatMap(e => entitySymbol(e));
                symbols.push(...symbol(element.name, element.kind, SymbolKind.Class, element.$cstNode?.range,
                    nameRange(element), entities));
            } else if (ast.isConnector(element) && element.from?.$refText && element.to?.$refText) {
                symbols.push(...symbol(`${element.from.$refText} -> ${element.to.$refText}`, element.kind, SymbolKind.Event,
                    element.$cstNode?.range, element.$cstNode?.range, []));
            }
        }
        return symbols;
    }
}

function entitySymbol(entity: ast.Entity): DocumentSymbol[] {
    const fields = entity.fields.flatMap(f => symbol(f.name, f.type?.$cstNode?.text ?? '', SymbolKind.Field, f.$cstNode?.range, nameRange(f), []));
    return symbol(entity.name, 'entity', SymbolKind.Struct, entity.$cstNode?.range, nameRange(entity), fields);
}

function nameRange(node: ast.Component | ast.Entity | ast.Field): Range | undefined {
    return GrammarUtils.findNodeForProperty(node.$cstNode, 'name')?.range ?? node.$cstNode?.range;
}

function symbol(name: string, detail: string, kind: SymbolKind, range: Range | undefined, selection: Range | undefined, children: DocumentSymbol[]): DocumentSymbol[] {
    if (!name || !range) return [];
    return [{ name, detail, kind, range, selectionRange: selection ?? range, ...(children.length > 0 ? { children } : {}) }];
}
