import type { ArchitectureModel, SourceLocation } from '@archgen/model';
import { sourceRef } from '../engine/origin.js';

/** `file:///home/x/shop.arch` at line index 11 -> `shop.arch:12`: a readable pointer into the model. */
export { sourceRef };

/**
 * The architecture's name and a `file:line`, for text that names them (the
 * README's introduction, a schema's first line). The first line of every
 * generated file, naming its model element, is the engine's (engine/header.ts).
 */
export interface HeaderView {
    readonly modelName: string;
    /** `file:line` of the model element the file comes from. */
    readonly source: string;
}

export function headerView(model: ArchitectureModel, source: SourceLocation = model.source): HeaderView {
    return { modelName: model.name, source: sourceRef(source, model.source.uri) };
}
