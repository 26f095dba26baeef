import Handlebars from 'handlebars';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ecommerceModel } from '../test-support/fixtures.js';
import { findTarget } from '../targets/index.js';
import type { PrecompiledTemplates, TemplateSpecification } from './precompiled.js';
import { runManifest } from './run.js';
import { COMPILE_OPTIONS, TemplateSet, findTemplatesRoot, handlebarsFiles, readTemplate, sourceHash } from './templates.js';

/** `Handlebars.precompile` prints JavaScript; a bundle holds it as code, a test evaluates it. */
function precompile(source: string): TemplateSpecification {
    return new Function(`return ${Handlebars.precompile(source, COMPILE_OPTIONS)};`)() as TemplateSpecification;
}

const root = mkdtempSync(join(tmpdir(), 'archgen-precompiled-'));
const write = (path: string, content: string): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
};
write('t/_partials/greet.hbs', 'hello {{name}}\n');
write('t/page.txt.hbs', '{{> t/greet}}from the file\r\n');
write('t/notes.md', 'not a template');
write('init/minimal/model.arch.hbs', 'architecture {{name}}:');
write('a/b.hbs', '');
write('t/strict.hbs', '{{value}}');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('TemplateSet with precompiled templates', () => {
    // Compiled from other text than the files hold, so that the output tells which one was used.
    const precompiled = (sources: { partial: string; page: string }): PrecompiledTemplates => ({
        't/_partials/greet.hbs': { sha256: sources.partial, spec: precompile('precompiled hello {{name}}\n') },
        't/page.txt.hbs': { sha256: sources.page, spec: precompile('{{> t/greet}}precompiled page\n') }
    });

    it('uses a precompiled template while its file holds the source it was compiled from (line ends normalised)', () => {
        const current = precompiled({ partial: sourceHash('hello {{name}}\n'), page: sourceHash('{{> t/greet}}from the file\n') });
        expect(new TemplateSet(root, current).render('t/page.txt.hbs', { name: 'x' })).toBe('precompiled hello x\nprecompiled page\n');
    });

    it('compiles the file instead once it has changed, template by template', () => {
        const stalePage = precompiled({ partial: sourceHash('hello {{name}}\n'), page: sourceHash('an older page') });
        expect(new TemplateSet(root, stalePage).render('t/page.txt.hbs', { name: 'x' })).toBe('precompiled hello x\nfrom the file\n');
        const stalePartial = precompiled({ partial: sourceHash('an older partial'), page: sourceHash('{{> t/greet}}from the file\n') });
        expect(new TemplateSet(root, stalePartial).render('t/page.txt.hbs', { name: 'x' })).toBe('hello x\nprecompiled page\n');
    });

    it('compiles with the same options either way: strict, no HTML escaping', () => {
        const set = new TemplateSet(root, { 't/strict.hbs': { sha256: sourceHash('{{value}}'), spec: precompile('{{value}}') } });
        expect(set.render('t/strict.hbs', { value: '<a & b>' })).toBe('<a & b>');
        expect(() => set.render('t/strict.hbs', {})).toThrow(/t\/strict.hbs.*value/);
    });
});

describe('handlebarsFiles', () => {
    it('lists the .hbs files, sorted, outside init/ (archgen init fills those itself), through linked folders', () => {
        symlinkSync(join(root, 'a'), join(root, 'linked'));
        expect(handlebarsFiles(root)).toEqual(['a/b.hbs', 'linked/b.hbs', 't/_partials/greet.hbs', 't/page.txt.hbs', 't/strict.hbs']);
        rmSync(join(root, 'linked'));
    });

    it('reads a template with \\n line ends, and names a missing one', () => {
        expect(readTemplate(root, 't/page.txt.hbs')).toBe('{{> t/greet}}from the file\n');
        expect(() => readTemplate(root, 't/none.hbs')).toThrow(/Template 't\/none.hbs' not found/);
    });
});

// The build step: it imports the built generator (dist/) for listing, reading and hashing.
const script = fileURLToPath(new URL('../../scripts/precompile-templates.mjs', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../dist/engine/templates.js', import.meta.url)));

describe.skipIf(!built)('scripts/precompile-templates.mjs (needs `tsc -b tsconfig.build.json`)', () => {
    const repoTemplates = findTemplatesRoot();

    let loaded: Promise<PrecompiledTemplates> | undefined;
    const loadPrecompiled = (): Promise<PrecompiledTemplates> => (loaded ??= load());

    async function load(): Promise<PrecompiledTemplates> {
        const { precompiledTemplatesModule } = (await import(pathToFileURL(script).href)) as { precompiledTemplatesModule(root?: string): string };
        const folder = mkdtempSync(join(tmpdir(), 'archgen-precompiled-module-'));
        try {
            writeFileSync(join(folder, 'precompiled.mjs'), precompiledTemplatesModule(repoTemplates));
            return ((await import(pathToFileURL(join(folder, 'precompiled.mjs')).href)) as { precompiledTemplates: PrecompiledTemplates }).precompiledTemplates;
        } finally {
            rmSync(folder, { recursive: true, force: true });
        }
    }

    it('precompiles every template, each with the hash of its source', async () => {
        const precompiled = await loadPrecompiled();
        expect(Object.keys(precompiled)).toEqual(handlebarsFiles(repoTemplates));
        for (const [file, { sha256 }] of Object.entries(precompiled)) expect(sha256, file).toBe(sourceHash(readTemplate(repoTemplates, file)));
    });

    it.each(['compose', 'k8s', 'all'] as const)('prints what compiling at run time prints (%s, ecommerce)', async target => {
        const precompiled = await loadPrecompiled();
        const { manifest } = findTarget(target);
        const context = { diagram: { svg: '<svg/>\n' } };
        const compiled = runManifest(ecommerceModel, manifest, new TemplateSet(repoTemplates, {}), context);
        expect(runManifest(ecommerceModel, manifest, new TemplateSet(repoTemplates, precompiled), context)).toEqual(compiled);
    });
});
