import type { ArchitectureModel } from '@archgen/model';

import type { GeneratedFile, GenerationResult, SecretSpec } from '@archgen/generator';

export type { GeneratedFile, GenerationResult, SecretSpec };

/** A target as `listTargets()` describes it: its id, or the id with a description. */
export type TargetListing = string | { readonly id: string; readonly description?: string };

/** What the CLI needs of `@archgen/generator`. */
export interface GeneratorApi {
    generate(model: ArchitectureModel, options: { target: string }): GenerationResult;
    listTargets(): readonly TargetListing[];
}

/** The ids of the generator's targets. */
export function targetIds(generator: GeneratorApi): string[] {
    return generator.listTargets().map(target => (typeof target === 'string' ? target : target.id));
}

/** Loads the generator only when `generate` runs. */
export async function loadGenerator(): Promise<GeneratorApi> {
    return await import('@archgen/generator');
}
