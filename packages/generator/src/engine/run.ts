import type { ArchitectureModel } from '@archgen/model';
import { compareStrings } from '../secrets.js';
import type { GeneratedFile } from '../types.js';
import { type Manifest, type ManifestContext, itemsOf } from './manifest.js';
import { assertSafeRelativePath } from './paths.js';
import type { TemplateSet } from './templates.js';

/** Renders every entry of a manifest for every item of its scope; files sorted by path. */
export function runManifest(model: ArchitectureModel, manifest: Manifest, templates: TemplateSet, context: ManifestContext = {}): GeneratedFile[] {
    const files = new Map<string, GeneratedFile>();
    for (const entry of manifest) {
        for (const item of itemsOf(model, entry.scope)) {
            if (entry.when && !entry.when(model, item, context)) continue;
            const view = entry.view(model, item, context);
            const path = entry.output(view);
            assertSafeRelativePath(path, entry.template);
            if (files.has(path)) throw new Error(`Two templates write '${path}' (the second is '${entry.template}').`);
            const content = templates.render(entry.template, view);
            files.set(path, { path, content, ...(entry.executable ? { executable: true } : {}), ...(entry.once ? { once: true } : {}) });
        }
    }
    return [...files.values()].sort((a, b) => compareStrings(a.path, b.path));
}
