import type { ArchitectureModel } from '@archgen/model';
import { runManifest } from './engine/run.js';
import { templateSet } from './engine/templates.js';
import { findTarget } from './targets/index.js';
import type { GenerateOptions, GenerationResult } from './types.js';

/**
 * Turns a model into the files of a target and the secrets they read.
 * Deterministic: the same model (and diagram) gives byte-identical files in
 * the same order. Writes nothing; the CLI writes the files and `.env`, and
 * renders the diagram it passes in (`renderDiagramSvg`).
 */
export function generate(model: ArchitectureModel, options: GenerateOptions): GenerationResult {
    const target = findTarget(options.target);
    return {
        files: runManifest(model, target.manifest, templateSet(), options.diagram ? { diagram: options.diagram } : {}),
        secrets: target.secrets(model)
    };
}
