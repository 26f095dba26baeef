import type { ArchitectureModel } from '@archgen/model';
import { compareStrings } from '../secrets.js';
import type { GeneratedFile } from '../types.js';
import { headerText, withHeader } from './header.js';
import { type Manifest, type ManifestContext, defaultOrigin, itemsOf } from './manifest.js';
import { assertSafeRelativePath } from './paths.js';
import type { TemplateSet } from './templates.js';

/**
 * Renders every entry of a manifest for every item of its scope, each file
 * headed by the model element it comes from (see ManifestEntry); files sorted by path.
 */
export function runManifest(model: ArchitectureModel, manifest: Manifest, templates: TemplateSet, context: ManifestContext = {}): GeneratedFile[] {
    const files = new Map<string, GeneratedFile>();
    for (const entry of manifest) {
        for (const item of itemsOf(model, entry.scope)) {
            if (entry.when && !entry.when(model, item, context)) continue;
            const view = entry.view(model, item, context);
            const path = entry.output(view);
            assertSafeRelativePath(path, entry.template);
            if (files.has(path)) throw new Error(`Two templates write '${path}' (the second is '${entry.template}').`);
            const rendered = templates.render(entry.template, view);
            const origin = entry.origin ? entry.origin(model, item) : defaultOrigin(model, entry.scope, item);
            const content = entry.verbatim ? rendered : withHeader(path, rendered, headerText(origin, model.source.uri, entry.once === true));
            files.set(path, { path, content, ...(entry.executable ? { executable: true } : {}), ...(entry.once ? { once: true } : {}) });
        }
    }
    return [...files.values()].sort((a, b) => compareStrings(a.path, b.path));
}
