import {
    AstUtils, DefaultScopeProvider, stream, type AstNode, type AstNodeDescription, type ReferenceInfo, type Scope, type Stream
} from 'langium';

/**
 * Every name a model refers to (components, entities) is declared once per
 * file and visible in the whole file (see ArchScopeComputation), so a
 * reference resolves against one table per file and type, built once: linking
 * stays linear in the size of the model instead of scanning every symbol for
 * every reference. Keyed by the parsed root, so a re-parsed document never
 * sees a stale table.
 */
export class ArchScopeProvider extends DefaultScopeProvider {
    private readonly tables = new WeakMap<AstNode, Map<string, NameTable>>();

    override getScope(context: ReferenceInfo): Scope {
        const document = AstUtils.getDocument(context.container);
        const root = document.parseResult.value;
        const type = this.reflection.getReferenceType(context);
        let byType = this.tables.get(root);
        if (!byType) {
            byType = new Map();
            this.tables.set(root, byType);
        }
        let table = byType.get(type);
        if (!table) {
            const symbols = document.localSymbols?.has(root) ? document.localSymbols.getStream(root).toArray() : [];
            table = new NameTable(symbols.filter(d => this.reflection.isSubtype(d.type, type)));
            byType.set(type, table);
        }
        return table;
    }
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
