import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ArchDiagnostic } from '@archgen/language';
import { ExitCode } from '../exit-code.js';
import type { Checker } from '../language.js';
import { ANSI, copyInvoicing, runCli, seedText, sharedChecker, tempDir } from '../test-support/index.js';

/** A folder with the seed model (one error) and its fixed copy. */
async function seedFolder(): Promise<string> {
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 'model.arch'), await seedText());
    await writeFile(path.join(cwd, 'fixed.arch'), await seedText(true));
    return cwd;
}

/** The real checker plus one warning on every file, until validation reports warnings of its own. */
async function checkerWithWarning(): Promise<Checker> {
    const real = await sharedChecker();
    return {
        uriOf: real.uriOf,
        pathOf: real.pathOf,
        async check(inputs) {
            return (await real.check(inputs)).map(document => {
                const warning: ArchDiagnostic = {
                    uri: document.uri,
                    range: { start: { line: 1, character: 4 }, end: { line: 1, character: 13 } },
                    severity: 'warning',
                    code: 'component/unconnected',
                    message: 'A made-up warning.',
                    related: []
                };
                return { ...document, diagnostics: [...document.diagnostics, warning] };
            });
        }
    };
}

describe('archgen check', () => {
    it('reports the seed model error with its position, code and suggestion, and exits 1', async () => {
        const cwd = await seedFolder();
        const result = await runCli(['check', 'model.arch'], { cwd });
        expect(result.code).toBe(ExitCode.ModelErrors);
        const lines = result.stdout.trimEnd().split('\n');
        expect(lines[0]).toMatch(/^model\.arch:25:15 error connector\/unknown-kind /);
        expect(lines[0]).toContain('message_queue');
        expect(lines.at(-1)).toBe('1 error in 1 file');
        expect(result.stderr).toBe('');
        expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /);
    });

    it('exits 0 once the connector kind is fixed', async () => {
        const cwd = await seedFolder();
        const result = await runCli(['check', 'fixed.arch'], { cwd });
        expect(result).toEqual({ code: ExitCode.Success, stdout: 'No problems in 1 file.\n', stderr: '' });
    });

    it('fails on warnings only with --strict', async () => {
        const cwd = await seedFolder();
        const deps = { createChecker: checkerWithWarning };
        const lenient = await runCli(['check', 'fixed.arch'], { cwd, deps });
        expect(lenient.code).toBe(ExitCode.Success);
        expect(lenient.stdout).toBe('fixed.arch:2:5 warning component/unconnected A made-up warning.\n1 warning in 1 file\n');
        const strict = await runCli(['check', '--strict', 'fixed.arch'], { cwd, deps });
        expect(strict.code).toBe(ExitCode.ModelErrors);
    });

    it('fails on a real warning of the language only with --strict', async () => {
        const cwd = await seedFolder();
        // A component nothing connects to: component/unconnected, a warning.
        await writeFile(path.join(cwd, 'lonely.arch'), 'architecture:\n    component frontend web\n    component backend api\n    component backend orphan\n    connector http web -> api\n');
        const lenient = await runCli(['check', 'lonely.arch'], { cwd });
        expect(lenient.code).toBe(ExitCode.Success);
        expect(lenient.stdout).toContain('lonely.arch:4:23 warning component/unconnected');
        const strict = await runCli(['check', '--strict', 'lonely.arch'], { cwd });
        expect(strict.code).toBe(ExitCode.ModelErrors);
        expect(strict.stdout).toContain('lonely.arch:4:23 warning component/unconnected');
    });

    it('sorts by file then position and sums up every file', async () => {
        const cwd = await seedFolder();
        const result = await runCli(['check', 'model.arch', 'fixed.arch'], { cwd, deps: { createChecker: checkerWithWarning } });
        expect(result.code).toBe(ExitCode.ModelErrors);
        const lines = result.stdout.trimEnd().split('\n');
        expect(lines.slice(0, -1).map(line => line.split(' ').slice(0, 3).join(' '))).toEqual([
            'fixed.arch:2:5 warning component/unconnected',
            'model.arch:2:5 warning component/unconnected',
            'model.arch:25:15 error connector/unknown-kind'
        ]);
        expect(lines.at(-1)).toBe('1 error, 2 warnings in 2 files');
    });

    it('prints one JSON document with --format json', async () => {
        const cwd = await seedFolder();
        const result = await runCli(['check', '--format', 'json', '.'], { cwd, tty: true });
        expect(result.code).toBe(ExitCode.ModelErrors);
        expect(result.stdout).not.toMatch(ANSI);
        const document = JSON.parse(result.stdout) as {
            files: { file: string; uri: string; diagnostics: Record<string, unknown>[] }[];
            summary: { errors: number; warnings: number; files: number };
        };
        expect(document.summary).toEqual({ errors: 1, warnings: 0, files: 2 });
        expect(document.files.map(f => f.file)).toEqual(['fixed.arch', 'model.arch']);
        expect(document.files[1]!.uri).toMatch(/^file:\/\/\/.*\/model\.arch$/);
        expect(document.files[1]!.diagnostics).toEqual([
            {
                line: 25,
                column: 15,
                endLine: 25,
                endColumn: 27,
                severity: 'error',
                code: 'connector/unknown-kind',
                message: expect.stringContaining('mq_connector') as unknown,
                suggestion: 'message_queue'
            }
        ]);
    });

    describe('a model in several files', () => {
        it('checks the files an input imports too, and reports their problems under their own paths', async () => {
            const cwd = await tempDir();
            await copyInvoicing(cwd, { file: 'data.arch', from: 'component database mail_db', to: 'component databse mail_db' });
            const result = await runCli(['check', 'invoicing.arch'], { cwd });
            expect(result.code).toBe(ExitCode.ModelErrors);
            expect(result.stdout.trimEnd().split('\n').map(line => line.split(' ').slice(0, 3).join(' '))).toEqual([
                'data.arch:43:15 error component/unknown-kind',
                '1 error in'
            ]);
            expect(result.stdout).toMatch(/1 error in 3 files\n$/);
        });

        it('gives a part of a model the same result whether it is checked through its importer or with the folder', async () => {
            const cwd = await tempDir();
            await copyInvoicing(cwd);
            const one = await runCli(['check', '--strict', 'invoicing.arch'], { cwd });
            const folder = await runCli(['check', '--strict', '--format', 'json', '.'], { cwd });
            expect([one.code, one.stdout]).toEqual([ExitCode.Success, 'No problems in 3 files.\n']);
            const document = JSON.parse(folder.stdout) as { files: { file: string; imported?: boolean; diagnostics: unknown[] }[] };
            expect(document.files.map(f => [f.file, f.imported ?? false, f.diagnostics.length])).toEqual([
                ['data.arch', false, 0], ['invoicing.arch', false, 0], ['services.arch', false, 0]
            ]);
            // Alone, nothing connects the databases: a file is checked with what it imports and what imports it.
            const alone = await runCli(['check', 'data.arch'], { cwd });
            expect(alone.stdout).toContain('warning component/unconnected');
        });

        it('marks the files only an import brought in, in JSON', async () => {
            const cwd = await tempDir();
            await copyInvoicing(cwd);
            const result = await runCli(['check', '--format', 'json', 'invoicing.arch'], { cwd });
            const document = JSON.parse(result.stdout) as { files: { file: string; imported?: boolean }[]; summary: { files: number } };
            expect(document.files.map(f => [f.file, f.imported ?? false])).toEqual([
                ['data.arch', true], ['invoicing.arch', false], ['services.arch', true]
            ]);
            expect(document.summary.files).toBe(3);
        });

        it('reports an import of a missing file at the import', async () => {
            const cwd = await tempDir();
            await copyInvoicing(cwd, { file: 'invoicing.arch', from: 'import "services.arch"', to: 'import "service.arch"' });
            const result = await runCli(['check', 'invoicing.arch'], { cwd });
            expect(result.code).toBe(ExitCode.ModelErrors);
            expect(result.stdout).toMatch(/^invoicing\.arch:7:12 error import\/not-found /m);
        });
    });

    describe('colour', () => {
        it('colours on a TTY', async () => {
            const result = await runCli(['check', 'model.arch'], { cwd: await seedFolder(), tty: true });
            expect(result.stdout).toMatch(ANSI);
        });

        it('never when not a TTY', async () => {
            const result = await runCli(['check', 'model.arch'], { cwd: await seedFolder(), tty: false });
            expect(result.stdout).not.toMatch(ANSI);
        });

        it.each(['1', ''])('never with NO_COLOR=%j, even on a TTY', async value => {
            const cwd = await seedFolder();
            const ok = await runCli(['check', 'model.arch'], { cwd, tty: true, env: { NO_COLOR: value } });
            expect(ok.stdout).not.toMatch(ANSI);
            const failing = await runCli(['check', 'missing.arch'], { cwd, tty: true, env: { NO_COLOR: value } });
            expect(failing.stderr).not.toMatch(ANSI);
        });
    });

    describe('inputs', () => {
        async function tree(): Promise<string> {
            const cwd = await tempDir();
            const fixed = await seedText(true);
            for (const file of ['a.arch', 'models/b.arch', 'models/deep/c.arch', 'models/node_modules/d.arch', 'models/.hidden/e.arch', 'models/notes.txt']) {
                await mkdir(path.dirname(path.join(cwd, file)), { recursive: true });
                await writeFile(path.join(cwd, file), fixed);
            }
            return cwd;
        }

        it('expands a folder to every .arch below it, skipping node_modules and dot-folders', async () => {
            const result = await runCli(['check', 'models'], { cwd: await tree() });
            expect(result).toMatchObject({ code: ExitCode.Success, stdout: 'No problems in 2 files.\n' });
        });

        it('expands globs below their static base', async () => {
            const cwd = await tree();
            const json = async (...patterns: string[]) => {
                const result = await runCli(['check', '--format', 'json', ...patterns], { cwd });
                expect(result.code).toBe(ExitCode.Success);
                return (JSON.parse(result.stdout) as { files: { file: string }[] }).files.map(f => f.file);
            };
            expect(await json('*.arch')).toEqual(['a.arch']);
            expect(await json('models/*.arch')).toEqual(['models/b.arch']);
            expect(await json('**/*.arch')).toEqual(['a.arch', 'models/b.arch', 'models/deep/c.arch']);
            expect(await json('models/**/*.arch', 'a.arch', 'models/b.arch')).toEqual(['a.arch', 'models/b.arch', 'models/deep/c.arch']);
            expect(await json(path.join(cwd, 'models', '*', '*.arch'))).toEqual(['models/deep/c.arch']);
        });

        it('exits 2 in one line when nothing matches', async () => {
            const result = await runCli(['check', 'nowhere/**/*.arch'], { cwd: await tree() });
            expect(result.code).toBe(ExitCode.UsageOrIo);
            expect(result.stderr).toBe("archgen: no .arch files found for 'nowhere/**/*.arch'\n");
        });

        it('exits 2 with exactly one line for a file that does not exist', async () => {
            const result = await runCli(['check', 'missing.arch'], { cwd: await tempDir() });
            expect(result).toEqual({
                code: ExitCode.UsageOrIo,
                stdout: '',
                stderr: "archgen: cannot read 'missing.arch': no such file or directory\n"
            });
        });
    });
});
