import type { ArchitectureModel, SourceLocation } from '@archgen/model';

/** `file:///home/x/shop.arch` at line index 11 -> `shop.arch:12`: a readable pointer into the model. */
export function sourceRef(source: SourceLocation): string {
    const path = source.uri.replace(/[?#].*$/, '');
    const base = path.slice(path.lastIndexOf('/') + 1);
    let file: string;
    try {
        file = decodeURIComponent(base);
    } catch {
        file = base;
    }
    return `${file || source.uri}:${source.range.start.line + 1}`;
}

/** What every generated file's header names. */
export interface HeaderView {
    readonly modelName: string;
    /** `file:line` of the model element the file comes from. */
    readonly source: string;
}

export function headerView(model: ArchitectureModel, source: SourceLocation = model.source): HeaderView {
    return { modelName: model.name, source: sourceRef(source) };
}
