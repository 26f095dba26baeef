import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../exit-code.js';
import { createFormatter, type SourceFormatter } from '../language.js';
import { runCli as runWith, tempDir, type RunOptions } from '../test-support/index.js';
import { findInitTemplates, INIT_TEMPLATES, modelNameFor, render } from './init.js';

let formatter: Promise<SourceFormatter> | undefined;
const runCli = (argv: readonly string[], options: RunOptions) =>
    runWith(argv, { ...options, deps: { createFormatter: () => (formatter ??= createFormatter()), ...options.deps } });

const ECOMMERCE_EXAMPLE = fileURLToPath(new URL('../../../../examples/ecommerce.arch', import.meta.url));

describe('archgen init', () => {
    describe.each(INIT_TEMPLATES)('--template %s', template => {
        it('writes <name>.arch and README.md into a new folder; the model checks clean with --strict and is canonical', async () => {
            const cwd = await tempDir();
            const result = await runCli(['init', 'courses/Lab 2', '--template', template], { cwd });
            expect(result.stderr).toBe('');
            expect(result.code).toBe(ExitCode.Success);
            expect(result.stdout.split('\n').slice(0, 2)).toEqual(['Created courses/Lab 2/lab_2.arch', 'Created courses/Lab 2/README.md']);
            expect(await readdir(path.join(cwd, 'courses/Lab 2'))).toEqual(['README.md', 'lab_2.arch']);

            const model = await readFile(path.join(cwd, 'courses/Lab 2/lab_2.arch'), 'utf8');
            expect(model).toMatch(/^architecture lab_2:$/m);
            const check = await runCli(['check', '--strict', 'courses'], { cwd });
            expect(check).toEqual({ code: ExitCode.Success, stdout: 'No problems in 1 file.\n', stderr: '' });
            const fmt = await runCli(['fmt', '--check', 'courses'], { cwd });
            expect(fmt).toEqual({ code: ExitCode.Success, stdout: '1 file already canonical.\n', stderr: '' });

            const readme = await readFile(path.join(cwd, 'courses/Lab 2/README.md'), 'utf8');
            expect(readme).toMatch(/^# lab_2\n/);
            for (const command of ['archgen check lab_2.arch', 'archgen generate lab_2.arch -o out', './run-local.sh up', '## What to try next']) {
                expect(readme).toContain(command);
            }
            expect(readme + model).not.toContain('{{');
        });

        it('generates a system from the model', async () => {
            const cwd = await tempDir();
            await runCli(['init', 'shop', '--template', template], { cwd });
            const result = await runCli(['generate', 'shop/shop.arch', '-o', 'out'], { cwd });
            expect(result.stderr).toBe('');
            expect(result.code).toBe(ExitCode.Success);
            expect(await readFile(path.join(cwd, 'out/docker-compose.yml'), 'utf8')).toMatch(/^name: "shop"$/m);
        });
    });

    it('writes into the current folder by default, named after it, with the minimal template', async () => {
        const cwd = path.join(await tempDir(), 'my-first-model');
        await mkdir(cwd);
        const result = await runCli(['init'], { cwd });
        expect(result).toEqual({
            code: ExitCode.Success,
            stdout: 'Created my_first_model.arch\nCreated README.md\nNext: archgen check my_first_model.arch && archgen generate my_first_model.arch -o out\n',
            stderr: ''
        });
        const minimal = await readFile(path.join(findInitTemplates(), 'minimal/model.arch.hbs'), 'utf8');
        expect(await readFile(path.join(cwd, 'my_first_model.arch'), 'utf8')).toBe(render(minimal, { name: 'my_first_model' }));
    });

    it('refuses to overwrite an existing file: exit 2, one line naming it, nothing written', async () => {
        const cwd = await tempDir();
        await mkdir(path.join(cwd, 'lab'));
        await writeFile(path.join(cwd, 'lab/README.md'), 'mine\n');
        const result = await runCli(['init', 'lab', '--template', 'lab'], { cwd });
        expect(result).toEqual({
            code: ExitCode.UsageOrIo,
            stdout: '',
            stderr: "archgen: refusing to overwrite 'lab/README.md': it exists already; nothing was written\n"
        });
        expect(await readdir(path.join(cwd, 'lab'))).toEqual(['README.md']);
        expect(await readFile(path.join(cwd, 'lab/README.md'), 'utf8')).toBe('mine\n');

        await writeFile(path.join(cwd, 'lab/lab.arch'), 'architecture:\n');
        const again = await runCli(['init', 'lab'], { cwd });
        expect(again.code).toBe(ExitCode.UsageOrIo);
        expect(again.stderr).toBe("archgen: refusing to overwrite 'lab/lab.arch': it exists already; nothing was written\n");
        expect(await readFile(path.join(cwd, 'lab/lab.arch'), 'utf8')).toBe('architecture:\n');
    });

    it('exits 2 for an unknown template and for a folder below a file', async () => {
        const cwd = await tempDir();
        const unknown = await runCli(['init', 'x', '--template', 'shop'], { cwd });
        expect(unknown.code).toBe(ExitCode.UsageOrIo);
        expect(unknown.stderr).toContain('minimal, lab, ecommerce');
        await writeFile(path.join(cwd, 'file'), '');
        expect(await runCli(['init', 'file/x'], { cwd })).toEqual({
            code: ExitCode.UsageOrIo,
            stdout: '',
            stderr: "archgen: cannot create 'file/x': not a directory\n"
        });
    });

    it('the ecommerce template is examples/ecommerce.arch with the project renamed', async () => {
        const template = await readFile(path.join(findInitTemplates(), 'ecommerce/model.arch.hbs'), 'utf8');
        const example = await readFile(ECOMMERCE_EXAMPLE, 'utf8');
        expect(render(template, { name: 'ecommerce' })).toBe(example);
    });

    it('has a folder with a model and a README for every template, and nothing else', async () => {
        expect((await readdir(findInitTemplates())).sort()).toEqual([...INIT_TEMPLATES].sort());
        for (const template of INIT_TEMPLATES) {
            expect((await readdir(path.join(findInitTemplates(), template))).sort()).toEqual(['README.md.hbs', 'model.arch.hbs']);
        }
    });
});

describe('modelNameFor', () => {
    it.each([
        ['lab', 'lab'],
        ['Lab 2', 'lab_2'],
        ['my-first-model', 'my_first_model'],
        ['Ñandú café', 'nandu_cafe'],
        ['2024-lab', 'model_2024_lab'],
        ['---', 'model'],
        ['', 'model'],
        ['public', 'public_model'],
        ['architecture', 'architecture_model'],
        ['a'.repeat(50), 'a'.repeat(40)]
    ])('%j -> %j', (folder, name) => {
        expect(modelNameFor(folder)).toBe(name);
    });
});

describe('render', () => {
    it('replaces every placeholder and refuses one without a value', () => {
        expect(render('{{name}} in {{ file }}', { name: 'lab', file: 'lab.arch' })).toBe('lab in lab.arch');
        expect(() => render('{{title}}', { name: 'lab' })).toThrow(/\{\{title\}\}/);
    });
});
