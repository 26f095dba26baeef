import { UriUtils, type LangiumDocument, type LangiumDocuments, type URI } from 'langium';
import * as ast from '../generated/ast.js';

/**
 * A model may span several files: `import "billing.arch"` after the header
 * makes the components and entities of that file (a path relative to the
 * importing one) visible in the importing file. Imports are transitive and may
 * form cycles; a file never sees names of a file it does not (transitively)
 * import.
 *
 * Two sets of documents matter for a document D:
 * - its *closure*: D and everything it imports, transitively. Names resolve
 *   against it, and the IR of D is built from it.
 * - its *context*: the closure of D and of every loaded document that imports
 *   D. Graph checks (exposure, ownership, unconnected components) see the
 *   context, so a file that is one part of a model is checked as part of the
 *   whole, while diagnostics stay on the nodes of D itself.
 *
 * Both are ordered imports first: a name declared in an imported file comes
 * before the importer's, so a duplicate is reported in the importing file.
 */
export class ImportGraph {
    /** Resolved imports per parsed root: a re-parsed document has a new root, so entries never go stale. */
    private static readonly resolved = new WeakMap<object, URI[]>();
    private static readonly reverse = new WeakMap<LangiumDocuments, { roots: (object | undefined)[]; byTarget: Map<string, LangiumDocument[]> }>();

    constructor(private readonly documents: LangiumDocuments) {}

    /** The URIs a document imports, resolved against its folder, in order (missing files included). */
    importsOf(document: LangiumDocument): URI[] {
        const root = document.parseResult?.value;
        if (!root) return [];
        let uris = ImportGraph.resolved.get(root);
        if (!uris) {
            uris = importStatements(document).map(i => resolveImport(document.uri, i.path));
            ImportGraph.resolved.set(root, uris);
        }
        return uris;
    }

    /** The document and everything it imports, transitively, imports first, the document last. */
    closure(document: LangiumDocument): LangiumDocument[] {
        return this.postOrder([document]);
    }

    /** The closure of the document and of every loaded document that (transitively) imports it. */
    context(document: LangiumDocument): LangiumDocument[] {
        const importers = this.importersOf(document);
        if (importers.length === 0) return this.closure(document);
        return this.postOrder([document, ...importers]);
    }

    /** The loaded documents that import this one, directly or transitively, in URI order. */
    importersOf(document: LangiumDocument): LangiumDocument[] {
        const byTarget = this.reverseIndex();
        const self = document.uri.toString();
        const found = new Map<string, LangiumDocument>();
        const queue = [self];
        while (queue.length > 0) {
            for (const importer of byTarget.get(queue.shift()!) ?? []) {
                const key = importer.uri.toString();
                if (key === self || found.has(key)) continue;
                found.set(key, importer);
                queue.push(key);
            }
        }
        return [...found.values()].sort((a, b) => a.uri.toString().localeCompare(b.uri.toString()));
    }

    /**
     * Who imports each URI. Kept while the loaded documents keep their parsed
     * roots (checking that is one comparison per document), so asking for the
     * importers of every document of a workspace stays cheap.
     */
    private reverseIndex(): Map<string, LangiumDocument[]> {
        const docs = this.documents.all.toArray();
        const roots = docs.map(d => d.parseResult?.value as object | undefined);
        const cached = ImportGraph.reverse.get(this.documents);
        if (cached && cached.roots.length === roots.length && cached.roots.every((r, i) => r === roots[i])) return cached.byTarget;
        const byTarget = new Map<string, LangiumDocument[]>();
        for (const doc of docs) {
            for (const target of this.importsOf(doc)) {
                const key = target.toString();
                const list = byTarget.get(key);
                if (list) list.push(doc);
                else byTarget.set(key, [doc]);
            }
        }
        ImportGraph.reverse.set(this.documents, { roots, byTarget });
        return byTarget;
    }

    /** True when the document imports something or something loaded imports it. */
    isMultiFile(document: LangiumDocument): boolean {
        return importStatements(document).length > 0 || this.importersOf(document).length > 0;
    }

    private postOrder(starts: readonly LangiumDocument[]): LangiumDocument[] {
        const order: LangiumDocument[] = [];
        const seen = new Set<string>();
        const visit = (doc: LangiumDocument): void => {
            const key = doc.uri.toString();
            if (seen.has(key)) return;
            seen.add(key);
            for (const target of this.importsOf(doc)) {
                const imported = this.documents.getDocument(target);
                if (imported) visit(imported);
            }
            order.push(doc);
        };
        for (const start of starts) visit(start);
        // The first start's own closure comes first, so its names are declared before its importers'.
        return order;
    }
}

/** The import statements of a document with a path (a half-typed `import` has none). */
export function importStatements(document: LangiumDocument): { node: ast.Import; path: string }[] {
    const root = document.parseResult?.value;
    if (!ast.isModel(root)) return [];
    return root.imports.filter(i => typeof i.path === 'string' && i.path.length > 0).map(i => ({ node: i, path: i.path }));
}

/**
 * The URI an import path names, relative to the folder of the importing
 * document. A lone UTF-16 surrogate (possible in an editor's text, never in a
 * file name) becomes U+FFFD: a URI holding one cannot be written out, and the
 * file is then simply not found (import/not-found).
 */
export function resolveImport(from: URI, path: string): URI {
    const wellFormed = path.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
    return UriUtils.resolvePath(UriUtils.dirname(from), wellFormed.split('\\').join('/'));
}

/** Import paths in a text, found without parsing it (for documents about to be re-parsed). */
export function scanImportPaths(text: string): string[] {
    const paths: string[] = [];
    const pattern = /^[ \t]*import[ \t]+"([^"\n]*)"/gm;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) paths.push(m[1]!);
    return paths;
}
