import type { LangiumDocument } from 'langium';
import { TextDocument, URI } from 'langium';
import type { ArchitectureModel, Range } from '@archgen/model';
import type { ArchgenServices } from './arch-module.js';
import type { LangiumSharedServices } from 'langium/lsp';
import type { Model } from './generated/ast.js';
import type { ArchDiagnosticData } from './validation/issue-codes.js';
import { buildModel } from './ir/build-model.js';
import { ImportGraph } from './references/imports.js';
import { ArchDocumentFactory } from './workspace/documents.js';

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
    /**
     * The IR, present only when neither the document nor anything it imports
     * has errors (the IR of a document is built with its imports), and none of
     * those files was checked as part of a larger model (a source importing it).
     */
    readonly model?: ArchitectureModel;
    /** True for a file that was not among the inputs but loaded because an input imports it. */
    readonly imported?: boolean;
}

export interface CheckSourcesOptions {
    /**
     * Build the IR of each source whose model has no errors (default true).
     * `archgen check` only reports: on a large model the IR is a third of the time.
     */
    readonly model?: boolean;
    /**
     * When the CST of a valid file is built: 'lazy' when first read (to report
     * a diagnostic; see parser/lazy-cst.ts), 'eager' while parsing. The default
     * is lazy without the IR and eager with it (the IR reads every node's range
     * and doc comment). The diagnostics and the IR are the same either way.
     */
    readonly cst?: 'eager' | 'lazy';
}

const SEVERITIES: Record<number, Severity> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

/**
 * Parses, links and validates the sources together with the files they import
 * (read through the services' file system; a source's imports may also be
 * among the sources). Each file sees only its own names and those of the files
 * it imports. Returns one result per source, in order, then one per imported
 * file that was not a source; the IR is built for every source whose model
 * (the source and its imports) has no errors, unless a part of that model was
 * checked as part of a larger one (another source imports it).
 */
export async function checkSources(
    services: { shared: LangiumSharedServices; archgen: ArchgenServices },
    inputs: readonly SourceInput[],
    options: CheckSourcesOptions = {}
): Promise<CheckedDocument[]> {
    const factory = services.shared.workspace.LangiumDocumentFactory;
    const documents = services.shared.workspace.LangiumDocuments;
    const fileSystem = services.shared.workspace.FileSystemProvider;
    const graph = new ImportGraph(documents);
    // Without the IR (check, fmt), a valid file needs its CST only if a diagnostic is reported in it.
    const lazyCst = (options.cst ?? (options.model === false ? 'lazy' : 'eager')) === 'lazy';
    const add = (uri: URI, text: string): LangiumDocument => {
        if (documents.hasDocument(uri)) documents.deleteDocument(uri);
        const doc = lazyCst && factory instanceof ArchDocumentFactory ? factory.fromStringWithLazyCst(text, uri) : factory.fromString(text, uri);
        documents.addDocument(doc);
        return doc;
    };
    const created: LangiumDocument[] = inputs.map(input => add(URI.parse(input.uri), input.text));
    const imported: LangiumDocument[] = [];
    const attempted = new Set(created.map(d => d.uri.toString()));
    try {
        for (let i = 0; i < created.length + imported.length; i++) {
            const doc = i < created.length ? created[i]! : imported[i - created.length]!;
            for (const target of graph.importsOf(doc)) {
                if (attempted.has(target.toString())) continue;
                attempted.add(target.toString());
                const text = await Promise.resolve().then(() => fileSystem.readFile(target)).catch(() => undefined);
                // A file that cannot be read is reported by the importing document (import/not-found).
                if (text !== undefined) imported.push(add(target, text));
            }
        }
        const all = [...created, ...imported.sort((a, b) => a.uri.toString().localeCompare(b.uri.toString()))];
        await services.shared.workspace.DocumentBuilder.build(all, { validation: true });
        const diagnostics = new Map(all.map(doc => [doc.uri.toString(), toArchDiagnostics(doc)] as const));
        const failed = (doc: LangiumDocument) => diagnostics.get(doc.uri.toString())?.some(d => d.severity === 'error') ?? false;
        return all.map((doc, index) => {
            const own = diagnostics.get(doc.uri.toString())!;
            const isInput = index < created.length;
            const buildable = options.model !== false && isInput && !graph.closure(doc).some(failed) && checkedAsItsModel(graph, doc);
            const model = buildable ? buildModel(services.archgen, doc as LangiumDocument<Model>) : undefined;
            return {
                uri: doc.uri.toString(),
                diagnostics: own,
                hasErrors: own.some(d => d.severity === 'error'),
                ...(model ? { model } : {}),
                ...(isInput ? {} : { imported: true })
            };
        });
    } finally {
        for (const doc of [...created, ...imported]) documents.deleteDocument(doc.uri);
    }
}

/**
 * True when every file of the document's model (its closure, from which the IR
 * is built) was validated as part of exactly that model. A file that another
 * loaded file imports is validated in the importer's context (see ImportGraph),
 * where the importer's connectors can satisfy a check its own model fails (a
 * load balancer whose only targets the importer connects): no IR is built from
 * such a part, since no check saw it as a model of its own.
 */
function checkedAsItsModel(graph: ImportGraph, doc: LangiumDocument): boolean {
    const closure = graph.closure(doc);
    const model = new Set(closure.map(d => d.uri.toString()));
    return closure.every(d => {
        const context = graph.context(d);
        return context.length === model.size && context.every(c => model.has(c.uri.toString()));
    });
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
 * The canonical layout of a source (see ArchFormatter), as `archgen fmt`
 * prints it: 4-space indentation, one member per line. A source with syntax
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
