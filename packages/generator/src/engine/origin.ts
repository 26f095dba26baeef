import { posix } from 'node:path';
import type { ArchitectureModel, SourceLocation } from '@archgen/model';

/**
 * The model element a generated file is rendered from, named in the file's
 * header (engine/header.ts). A component fits as it is (`kind`, `name`,
 * `source`); anything else is built: `{ kind: 'entity', name: e.name, source: e.source }`.
 */
export interface Origin {
    /** What the element is, in the model's words: `load_balancer`, `backend`, `broker`, `handler`, `architecture`... */
    readonly kind: string;
    readonly name: string;
    /** Where it is declared: the header prints its file and first line. */
    readonly source: SourceLocation;
}

/** The architecture itself: what `once` entries render. */
export function architectureOrigin(model: ArchitectureModel): Origin {
    return { kind: 'architecture', name: model.name, source: model.source };
}

/**
 * A broker has no declaration of its own: it is where the first connector
 * that uses it is written (the architecture when none does).
 */
export function brokerOrigin(model: ArchitectureModel, broker: { readonly name: string }): Origin {
    const first = model.connectors.find(c => c.message?.broker === broker.name);
    return { kind: 'broker', name: broker.name, source: first?.source ?? model.source };
}

/**
 * `file:line` of a source location, machine-independent: the model file
 * relative to the folder of the entry file (`entryUri`, the model's
 * `source.uri`), POSIX separators, 1-based line. `shop.arch:12`,
 * `services.arch:9`, `lib/data.arch:3`. A file outside a `file:` tree (or
 * on another scheme than the entry) is named by its base name.
 */
export function sourceRef(source: SourceLocation, entryUri: string = source.uri): string {
    return `${modelFile(source.uri, entryUri)}:${source.range.start.line + 1}`;
}

function modelFile(uri: string, entryUri: string): string {
    const file = splitUri(uri);
    const entry = splitUri(entryUri);
    if (file.path === '') return uri;
    if (file.root === entry.root && file.path.startsWith('/') && entry.path.startsWith('/')) {
        const relative = posix.relative(posix.dirname(entry.path), file.path);
        if (relative !== '') return relative;
    }
    return file.path.slice(file.path.lastIndexOf('/') + 1) || uri;
}

/** `file:///home/x/a%20b.arch?x` -> root `file://`, path `/home/x/a b.arch`. */
function splitUri(uri: string): { root: string; path: string } {
    const bare = uri.replace(/[?#].*$/, '');
    const match = /^([A-Za-z][A-Za-z0-9+.-]*:(?:\/\/[^/]*)?)(.*)$/.exec(bare);
    const [root, raw] = match ? [match[1]!, match[2]!] : ['', bare];
    let path: string;
    try {
        path = decodeURIComponent(raw);
    } catch {
        path = raw;
    }
    return { root, path };
}
