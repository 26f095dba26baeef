import type { ArchitectureModel } from '@archgen/model';

import type { GeneratedFile, GenerationResult, SecretSpec } from '@archgen/generator';

export type { GeneratedFile, GenerationResult, SecretSpec };

/** A target as `listTargets()` describes it: its id, or the id with a description. */
export type TargetListing = string | { readonly id: string; readonly description?: string };

/** The diagram's text formats; `svg` is rendered from DOT. */
export type DiagramSourceFormat = 'dot' | 'mermaid';

/** What the CLI needs of `@archgen/generator`. */
export interface GeneratorApi {
    /** `diagram`: the SVG of `renderDiagramSvg(model)`, written as `diagram.svg` and shown in the README. */
    generate(model: ArchitectureModel, options: { target: string; diagram?: { svg: string } }): GenerationResult;
    listTargets(): readonly TargetListing[];
    /** The architecture diagram as DOT or Mermaid text. */
    diagram(model: ArchitectureModel, format: DiagramSourceFormat): string;
    /** The architecture diagram as SVG (Graphviz as WebAssembly, loaded on first use). */
    renderDiagramSvg(model: ArchitectureModel): Promise<string>;
}

/** The ids of the generator's targets. */
export function targetIds(generator: GeneratorApi): string[] {
    return generator.listTargets().map(target => (typeof target === 'string' ? target : target.id));
}

/** Loads the generator only when `generate` or `diagram` runs. */
export async function loadGenerator(): Promise<GeneratorApi> {
    return await import('@archgen/generator');
}
