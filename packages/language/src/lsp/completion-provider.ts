import { COMPONENT_KINDS, CONNECTOR_KINDS, FIELD_TYPES } from '@archgen/model';
import { AstUtils, GrammarAST, stream, type AstNodeDescription, type MaybePromise, type ReferenceInfo, type Stream } from 'langium';
import {
    DefaultCompletionProvider, type CompletionAcceptor, type CompletionContext, type LangiumServices, type NextFeature
} from 'langium/lsp';
import { CompletionItemKind } from 'vscode-languageserver-types';
import * as ast from '../generated/ast.js';
import { ImportGraph } from '../references/imports.js';
import { allowedAt, COMPONENT_KIND_DOCS, CONNECTOR_KIND_DOCS, isComponentKind, isConnectorKind } from './kinds.js';

/**
 * Completion of keywords (Langium's default) plus what the grammar parses as
 * plain identifiers: component kinds, connector kinds and field types; and, in
 * a connector, only the components its kind allows at that end.
 */
export class ArchCompletionProvider extends DefaultCompletionProvider {
    private readonly imports: ImportGraph;

    constructor(services: LangiumServices) {
        super(services);
        this.imports = new ImportGraph(services.shared.workspace.LangiumDocuments);
    }

    protected override completionFor(context: CompletionContext, next: NextFeature, acceptor: CompletionAcceptor): MaybePromise<void> {
        const assignment = AstUtils.getContainerOfType(next.feature, GrammarAST.isAssignment);
        const rule = AstUtils.getContainerOfType(next.feature, GrammarAST.isParserRule)?.name;
        // Completion descends into the data-type rule KindName: which kind is wanted shows in the text before it.
        const keyword = rule === 'KindName' ? /\b(component|connector)\s+$/.exec(lineBefore(context))?.[1] : undefined;
        if ((assignment && GrammarAST.isRuleCall(next.feature)) || keyword) {
            const feature = keyword ? 'kind' : assignment?.feature;
            const owner = keyword === 'component' ? 'Component' : keyword === 'connector' ? 'Connector' : rule;
            if (owner === 'Component' && feature === 'kind') {
                for (const kind of COMPONENT_KINDS) {
                    acceptor(context, { label: kind, kind: CompletionItemKind.Class, detail: 'component kind', documentation: COMPONENT_KIND_DOCS[kind] });
                }
                return;
            }
            if (owner === 'Connector' && feature === 'kind') {
                for (const kind of CONNECTOR_KINDS) {
                    acceptor(context, { label: kind, kind: CompletionItemKind.Interface, detail: 'connector kind', documentation: CONNECTOR_KIND_DOCS[kind] });
                }
                return;
            }
            if (owner === 'TypeRef' && feature === 'name') {
                for (const type of FIELD_TYPES) {
                    acceptor(context, { label: type, kind: CompletionItemKind.TypeParameter, detail: 'field type' });
                }
                return;
            }
        }
        return super.completionFor(context, next, acceptor);
    }

    protected override getReferenceCandidates(refInfo: ReferenceInfo, context: CompletionContext): Stream<AstNodeDescription> {
        const candidates = super.getReferenceCandidates(refInfo, context);
        if (refInfo.property !== 'from' && refInfo.property !== 'to') return candidates;
        // The connector may be half-parsed: read its kind and start from the text of the line.
        const line = lineBefore(context);
        const match = /\bconnector\s+([\w-]+)(?:\s+(\S+)\s*->)?/.exec(line);
        const kind = match?.[1];
        if (!isConnectorKind(kind)) return candidates;
        // The components this file sees: its own and those of the files it imports.
        const components = new Map<string, ast.Component>();
        for (const document of [...this.imports.closure(context.document)].reverse()) {
            const model = document.parseResult.value;
            if (!ast.isModel(model)) continue;
            for (const c of model.elements.filter(ast.isComponent)) if (!components.has(c.name)) components.set(c.name, c);
        }
        const from = match?.[2] ? components.get(match[2]) : undefined;
        const fromKind = isComponentKind(from?.kind) ? from.kind : undefined;
        return stream(candidates.filter(d => {
            const component = components.get(d.name);
            if (!component || !isComponentKind(component.kind)) return true;
            if (refInfo.property === 'to' && component === from) return false;
            return allowedAt(kind, refInfo.property as 'from' | 'to', component.kind, refInfo.property === 'to' ? fromKind : undefined);
        }).toArray());
    }
}

/** The text of the cursor's line before the word being completed. */
function lineBefore(context: CompletionContext): string {
    const start = context.textDocument.positionAt(context.tokenOffset);
    return context.textDocument.getText({ start: { line: start.line, character: 0 }, end: start });
}
