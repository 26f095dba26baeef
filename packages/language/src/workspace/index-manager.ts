import { Cancellation, DefaultIndexManager, type LangiumDocument, type LangiumSharedCoreServices, type URI } from 'langium';
import { ImportGraph } from '../references/imports.js';

/**
 * A document depends on more than the documents its references point into:
 * its graph checks read the whole model it belongs to (see ImportGraph), and
 * an import that did not resolve may resolve once the file appears. So a
 * document is relinked and revalidated when any document of its context
 * changes, or a file it imports appears or disappears.
 */
export class ArchIndexManager extends DefaultIndexManager {
    private readonly imports: ImportGraph;
    /**
     * Whether to record who refers to what (find references, rename, and
     * relinking on change). Only a language server asks: `checkSources` turns
     * it off, saving a walk of the model and a description per reference.
     */
    indexReferences = true;

    constructor(services: LangiumSharedCoreServices) {
        super(services);
        this.imports = new ImportGraph(services.workspace.LangiumDocuments);
    }

    override async updateReferences(document: LangiumDocument, cancelToken?: Cancellation.CancellationToken): Promise<void> {
        if (this.indexReferences) await super.updateReferences(document, cancelToken);
    }

    override isAffected(document: LangiumDocument, changedUris: Set<string>): boolean {
        if (super.isAffected(document, changedUris)) return true;
        for (const doc of this.imports.context(document)) {
            if (doc !== document && changedUris.has(doc.uri.toString())) return true;
            if (this.imports.importsOf(doc).some((target: URI) => changedUris.has(target.toString()))) return true;
        }
        return false;
    }
}
