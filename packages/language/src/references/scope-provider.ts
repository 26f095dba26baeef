import {
    AstUtils, DefaultScopeProvider, DocumentState, stream, type AstNode, type AstNodeDescription, type LangiumCoreServices,
    type LangiumDocument, type ReferenceInfo, type Scope, type Stream
} from 'langium';
import { ImportGraph } from './imports.js';

/**
 * Every name a model refers to (components, entities) is declared once per
 * model and visible in the whole file that declares it (see
 * ArchScopeComputation) and in every file that imports it (see ImportGraph).
 * A reference resolves against one table per file and type, built once:
 * linking stays linear in the size of the model instead of scanning every
 * symbol for every reference. The table is keyed by the parsed root and
 * remembers the roots of the imported files it read, so neither a re-parsed
 * document nor a re-parsed import leaves a stale table.
 */
export class ArchScopeProvider extends DefaultScopeProvider {
    private tables = new WeakMap<AstNode, ScopeTables>();
    private readonly imports: ImportGraph;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.imports = new ImportGraph(services.shared.workspace.LangiumDocuments);
        // A file that appears or disappears may complete or break an import: start afresh on every update.
        services.shared.workspace.DocumentBuilder.onUpdate(() => {
            this.tables = new WeakMap();
        });
    }

    override getScope(context: ReferenceInfo): Scope {
        const document = AstUtils.getDocument(context.container);
        const root = document.parseResult.value;
        const type = this.reflection.getReferenceType(context);
        let tables = this.tables.get(root);
        if (!tables || !tables.isCurrent()) {
            tables = new ScopeTables(this.imports.closure(document).filter(d => d !== document));
            this.tables.set(root, tables);
        }
        let table = tables.byType.get(type);
        if (!table) {
            const local = document.localSymbols?.has(root) ? document.localSymbols.getStream(root).toArray() : [];
            const imported = tables.imported.length === 0 ? []
                : this.indexManager.allElements(type, new Set(tables.imported.map(d => d.uri.toString()))).toArray();
            table = new NameTable([...local.filter(d => this.reflection.isSubtype(d.type, type)), ...orderBy(imported, tables.imported)]);
            tables.byType.set(type, table);
        }
        return table;
    }
}

/** The tables of one parsed document, valid while the imported documents keep the roots they had. */
class ScopeTables {
    readonly byType = new Map<string, NameTable>();
    private readonly roots: AstNode[];

    constructor(readonly imported: readonly LangiumDocument[]) {
        this.roots = imported.map(d => d.parseResult.value);
    }

    isCurrent(): boolean {
        return this.imported.every((d, i) => d.parseResult.value === this.roots[i] && d.state !== DocumentState.Changed);
    }
}

/** Descriptions in the order of their documents (imports first), each document's in declaration order. */
function orderBy(descriptions: readonly AstNodeDescription[], documents: readonly LangiumDocument[]): AstNodeDescription[] {
    const rank = new Map(documents.map((d, i) => [d.uri.toString(), i] as const));
    return descriptions
        .map((d, i) => ({ d, i, r: rank.get(d.documentUri.toString()) ?? documents.length }))
        .sort((a, b) => a.r - b.r || a.i - b.i)
        .map(x => x.d);
}

/** A scope over a fixed list of descriptions; the first declaration of a name wins. */
class NameTable implements Scope {
    private readonly byName = new Map<string, AstNodeDescription>();

    constructor(private readonly all: readonly AstNodeDescription[]) {
        for (const d of all) if (!this.byName.has(d.name)) this.byName.set(d.name, d);
    }

    getElement(name: string): AstNodeDescription | undefined {
        return this.byName.get(name);
    }

    getElements(name: string): Stream<AstNodeDescription> {
        return stream(this.all.filter(d => d.name === name));
    }

    getAllElements(): Stream<AstNodeDescription> {
        return stream(this.all);
    }
}
