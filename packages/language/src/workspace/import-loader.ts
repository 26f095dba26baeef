import { DocumentState, URI, type LangiumSharedCoreServices } from 'langium';
import { ImportGraph, resolveImport, scanImportPaths } from '../references/imports.js';

/**
 * Keeps a language server's workspace whole as imports change:
 * - a file a document imports is loaded from disk when it is not open or in
 *   the workspace folders (a path outside the folders, or a new file);
 * - when a document's imports change, the models it joins or leaves change
 *   too: every other document is relinked and revalidated with it.
 * Runs on every workspace update, before the rebuild, so both take effect in
 * that same build.
 */
export function trackImports(shared: LangiumSharedCoreServices): void {
    const documents = shared.workspace.LangiumDocuments;
    const builder = shared.workspace.DocumentBuilder;
    const fileSystem = shared.workspace.FileSystemProvider;
    const graph = new ImportGraph(documents);
    const isArch = (uri: URI) => uri.path.endsWith('.arch');

    builder.onUpdate(async (changed, deleted) => {
        let importsChanged = deleted.some(isArch);
        const wanted: URI[] = [];
        for (const uri of changed.filter(isArch)) {
            const document = documents.getDocument(uri);
            const before = document ? graph.importsOf(document).map(u => u.toString()) : [];
            const text = await currentText(shared, uri);
            const after = text === undefined ? before : scanImportPaths(text).map(p => resolveImport(uri, p).toString());
            if (before.join('\n') !== after.join('\n')) importsChanged = true;
            for (const target of after) wanted.push(URI.parse(target));
        }
        for (const uri of wanted) {
            if (documents.hasDocument(uri) || !isArch(uri)) continue;
            try {
                await documents.getOrCreateDocument(uri);
                importsChanged = true;
            } catch {
                // Not on disk: the importing document reports import/not-found.
            }
        }
        if (!importsChanged) return;
        for (const document of documents.all) {
            if (document.state > DocumentState.ComputedScopes) builder.resetToState(document, DocumentState.ComputedScopes);
        }
    });

    async function currentText(services: LangiumSharedCoreServices, uri: URI): Promise<string | undefined> {
        const open = (services as { workspace: { TextDocuments?: { get(uri: string): { getText(): string } | undefined } } })
            .workspace.TextDocuments?.get(uri.toString());
        if (open) return open.getText();
        try {
            return await fileSystem.readFile(uri);
        } catch {
            return undefined;
        }
    }
}
