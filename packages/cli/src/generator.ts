import type { ArchitectureModel } from '@archgen/model';

/** One file the generator produced, its path relative to the output folder (`/`-separated). */
export interface GeneratedFile {
    readonly path: string;
    readonly content: string;
    readonly executable?: boolean;
}

/** A secret the generated system needs; the CLI puts it in `.env`, never in a generated file. */
export interface SecretSpec {
    readonly name: string;
    readonly description: string;
    readonly kind: 'password' | 'username' | 'jwt-secret';
    readonly suggested?: string;
}

export interface GenerationResult {
    readonly files: readonly GeneratedFile[];
    readonly secrets: readonly SecretSpec[];
}

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
