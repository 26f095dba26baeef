import type { LangiumDocument } from 'langium';
import { TextDocument, URI } from 'langium';
import type { ArchitectureModel, Range } from '@archgen/model';
import type { ArchgenServices } from './arch-module.js';
import type { LangiumSharedServices } from 'langium/lsp';
import type { Model } from './generated/ast.js';
import type { ArchDiagnosticData } from './validation/issue-codes.js';
import { buildModel } from './ir/build-model.js';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A diagnostic in plain data, ready for the CLI, JSON or SARIF. */
export interface ArchDiagnostic {
    readonly uri: string;
    readonly range: Range;
    readonly severity: Severity;
    readonly code: string;
    readonly message: string;
    /** The replacement a quick fix would apply, when there is one. */
    readonly suggestion?: string;
    readonly related: readonly { readonly uri: string; readonly range: Range; readonly message: string }[];
}

export interface SourceInput {
    readonly uri: string;
    readonly text: string;
}

export interface CheckedDocument {
    readonly uri: string;
    readonly diagnostics: readonly ArchDiagnostic[];
    readonly hasErrors: boolean;
    /** The IR, present only when the document has no errors. */
    readonly model?: ArchitectureModel;
}

const SEVERITIES: Record<number, Severity> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

/**
 * Parses, links and validates each source on its own (files never see each
 * other's names), and builds the IR of every source without errors.
 */
export async function checkSources(
    services: { shared: LangiumSharedServices; archgen: ArchgenServices },
    inputs: readonly SourceInput[]
): Promise<CheckedDocument[]> {
    const factory = services.shared.workspace.LangiumDocumentFactory;
    const documents = services.shared.workspace.LangiumDocuments;
    const created: LangiumDocument[] = inputs.map(input => {
        const uri = URI.parse(input.uri);
        if (documents.hasDocument(uri)) documents.deleteDocument(uri);
        const doc = factory.fromString(input.text, uri);
        documents.addDocument(doc);
        return doc;
    });
    try {
        await services.shared.workspace.DocumentBuilder.build(created, { validation: true });
        return created.map(doc => {
            const diagnostics = toArchDiagnostics(doc);
            const hasErrors = diagnostics.some(d => d.severity === 'error');
            const model = hasErrors ? undefined : buildModel(services.archgen, doc as LangiumDocument<Model>);
            return { uri: doc.uri.toString(), diagnostics, hasErrors, ...(model ? { model } : {}) };
        });
    } finally {
        for (const doc of created) documents.deleteDocument(doc.uri);
    }
}

export function toArchDiagnostics(doc: LangiumDocument): ArchDiagnostic[] {
    const uri = doc.uri.toString();
    return (doc.diagnostics ?? [])
        .map(d => {
            const data = d.data as ArchDiagnosticData | undefined;
            const code = typeof d.code === 'string' ? d.code : (data?.code ?? 'internal/unknown');
            return {
                uri,
                range: d.range,
                severity: SEVERITIES[d.severity ?? 1] ?? 'error',
                code,
                message: d.message,
                ...(data?.suggestion !== undefined ? { suggestion: data.suggestion } : {}),
                related: (d.relatedInformation ?? []).map(r => ({ uri: r.location.uri, range: r.location.range, message: r.message }))
            };
        })
        .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character
            || a.code.localeCompare(b.code));
}

/**
 * The canonical layout of a source (see ArchFormatter), as `archgen fmt` will
 * print it: 4-space indentation, one member per line. A source with syntax
 * errors is returned unchanged.
 */
export async function formatText(
    services: { shared: LangiumSharedServices; archgen: ArchgenServices },
    input: SourceInput
): Promise<string> {
    const formatter = services.archgen.lsp.Formatter;
    if (!formatter) return input.text;
    const uri = URI.parse(input.uri);
    const documents = services.shared.workspace.LangiumDocuments;
    if (documents.hasDocument(uri)) documents.deleteDocument(uri);
    const doc = services.shared.workspace.LangiumDocumentFactory.fromString(input.text, uri);
    documents.addDocument(doc);
    try {
        await services.shared.workspace.DocumentBuilder.build([doc], { validation: false });
        const edits = await formatter.formatDocument(doc, {
            textDocument: { uri: uri.toString() },
            options: { tabSize: 4, insertSpaces: true }
        });
        return TextDocument.applyEdits(doc.textDocument, edits);
    } finally {
        documents.deleteDocument(uri);
    }
}
