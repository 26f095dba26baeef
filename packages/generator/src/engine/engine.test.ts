import type { ArchitectureModel, Component } from '@archgen/model';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { minimalModel } from '../test-support/fixtures.js';
import { entry } from './manifest.js';
import { isSafeRelativePath } from './paths.js';
import { runManifest } from './run.js';
import { TemplateSet, findTemplatesRoot } from './templates.js';

const repoTemplates = fileURLToPath(new URL('../../../../templates', import.meta.url));

describe('findTemplatesRoot', () => {
    it('finds the repository templates from src/ and from dist/', () => {
        const pkg = fileURLToPath(new URL('../..', import.meta.url));
        expect(findTemplatesRoot()).toBe(repoTemplates);
        expect(findTemplatesRoot(join(pkg, 'src', 'engine'))).toBe(repoTemplates);
        expect(findTemplatesRoot(join(pkg, 'dist', 'engine'))).toBe(repoTemplates);
    });

    it('says so when there is none', () => {
        expect(() => findTemplatesRoot('/')).toThrow(/No 'templates' folder/);
    });
});

describe('TemplateSet and runManifest', () => {
    const root = mkdtempSync(join(tmpdir(), 'archgen-templates-'));
    const write = (path: string, content: string): void => {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), content);
    };
    // A standalone partial replaces its whole line: partial files end with their own newline.
    write('t/_partials/greet.hbs', 'hello {{name}}\n');
    write('t/page.txt.hbs', '{{> t/greet}}\r\n{{yamlString name}}\n');
    write('t/missing.hbs', '{{nothere}}');
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('names partials by folder, registers helpers, normalises line ends', () => {
        expect(new TemplateSet(root).render('t/page.txt.hbs', { name: 'x' })).toBe('hello x\n"x"\n');
    });

    it('fails loudly on a missing field or template', () => {
        const set = new TemplateSet(root);
        expect(() => set.render('t/missing.hbs', {})).toThrow(/t\/missing.hbs.*nothere/);
        expect(() => set.render('t/none.hbs', {})).toThrow(/not found/);
    });

    const model: ArchitectureModel = minimalModel;
    const page = (output: (v: { name: string }) => string, when?: (m: ArchitectureModel, c: Component) => boolean) => entry({
        template: 't/page.txt.hbs',
        scope: 'component',
        view: (_m, c) => ({ name: c.serviceName }),
        output,
        ...(when ? { when } : {})
    });

    it('renders per item, honours when, sorts by path', () => {
        const files = runManifest(model, [
            page(v => `z/${v.name}.txt`, (_m, c) => c.kind !== 'database'),
            entry({ template: 't/page.txt.hbs', scope: 'once', view: () => ({ name: 'all' }), output: () => 'a.txt', executable: true })
        ], new TemplateSet(root));
        expect(files.map(f => f.path)).toEqual(['a.txt', 'z/api.txt', 'z/lb.txt', 'z/web.txt']);
        expect(files[0]).toEqual({ path: 'a.txt', content: 'hello all\n"all"\n', executable: true });
        expect(files[1]).not.toHaveProperty('executable');
    });

    it('refuses unsafe and duplicate output paths', () => {
        const set = new TemplateSet(root);
        expect(() => runManifest(model, [page(v => `../${v.name}`)], set)).toThrow(/unsafe output path '..\/web'/);
        expect(() => runManifest(model, [page(() => 'same.txt')], set)).toThrow(/Two templates write 'same.txt'/);
    });
});

describe('isSafeRelativePath', () => {
    it.each(['a', 'a/b.txt', '.env', 'x/.gitignore'])('accepts %s', p => expect(isSafeRelativePath(p)).toBe(true));
    it.each(['', '/etc/passwd', '../x', 'a/../b', 'a//b', './a', 'a\\b', 'C:/x', 'a/'])('refuses %s', p =>
        expect(isSafeRelativePath(p)).toBe(false));
});
