/**
 * The generated runtime's modules, imported as the services run them: the
 * runtime of a model is written to a temporary folder (its own layout, so
 * relative imports resolve) and the modules asked for are imported from it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ArchitectureModel } from '@archgen/model';
import { runManifest } from '../engine/run.js';
import { templateSet } from '../engine/templates.js';
import { servicesManifest } from '../targets/compose/services.js';

export interface RuntimeFolder {
    /** Imports `runtime/src/<path>.ts`. */
    load<T>(path: string): Promise<T>;
    remove(): void;
}

export function writeRuntime(model: ArchitectureModel): RuntimeFolder {
    const dir = mkdtempSync(join(tmpdir(), 'archgen-runtime-'));
    for (const file of runManifest(model, servicesManifest, templateSet()).filter(f => f.path.startsWith('runtime/src/'))) {
        const target = join(dir, ...file.path.split('/'));
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, file.content);
    }
    return {
        load: async <T>(path: string) => (await import(pathToFileURL(join(dir, 'runtime', 'src', `${path}.ts`)).href)) as T,
        remove: () => rmSync(dir, { recursive: true, force: true })
    };
}
