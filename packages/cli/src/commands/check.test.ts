import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ArchDiagnostic } from '@archgen/language';
import { ExitCode } from '../exit-code.js';
import { escapeData } from '../formatters/github.js';
import type { Checker } from '../language.js';
import { ruleUrl } from '../project.js';
import { loadRule } from '../rules.js';
import { ANSI, copyInvoicing, runCli, seedText, sharedChecker, tempDir } from '../test-support/index.js';
import { reportOf } from '../load.js';
import { fileReport, range } from '../test-support/report.js';
import { sarifSchemaErrors, type SarifLog } from '../test-support/sarif.js';
import { exitCodeFor, outputRoot, parseMaxWarnings, ruleDocsFor } from './check.js';

/** A folder with the seed model (one error) and its fixed copy. */
async function seedFolder(): Promise<string> {
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 'model.arch'), await seedText());
    await writeFile(path.join(cwd, 'fixed.arch'), await seedText(true));
    return cwd;
}

/** The real checker plus made-up diagnostics on every file. */
function checkerAdding(extra: (uri: string) => Omit<ArchDiagnostic, 'uri'>[]): () => Promise<Checker> {
    return async () => {
        const real = await sharedChecker();
        return {
            uriOf: real.uriOf,
            pathOf: real.pathOf,
            async check(inputs) {
                return (await real.check(inputs)).map(document => ({
                    ...document,
                    diagnostics: [...document.diagnostics, ...extra(document.uri).map(d => ({ ...d, uri: document.uri }))]
                }));
            }
        };
    };
}

/** The real checker plus one warning on every file, until validation reports warnings of its own. */
const checkerWithWarning = checkerAdding(() => [
    {
        range: { start: { line: 1, character: 4 }, end: { line: 1, character: 13 } },
        severity: 'warning',
        code: 'component/unconnected',
        message: 'A made-up warning.',
        related: []
    }
]);

describe('archgen check', () => {
    it('asks the checker for diagnostics only (no IR), while generate asks for the IR', async () => {
        const asked: string[] = [];
        const recording = async (): Promise<Checker> => {
            const real = await sharedChecker();
            return {
                uriOf: real.uriOf,
                pathOf: real.pathOf,
                check(inputs, options) {
                    asked.push(options?.model === false ? 'diagnostics only' : 'with IR');
                    return real.check(inputs, options);
                }
            };
        };
        const cwd = await seedFolder();
        expect((await runCli(['check', 'fixed.arch'], { cwd, deps: { createChecker: recording } })).code).toBe(ExitCode.Success);
        expect((await runCli(['generate', 'fixed.arch', '--dry-run'], { cwd, deps: { createChecker: recording } })).code).toBe(ExitCode.Success);
        expect(asked).toEqual(['diagnostics only', 'with IR']);
    });

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

    describe('--format sarif', () => {
        /** The seed model (one error) and a made-up warning under a code that has no rule page. */
        const withPagelessWarning = checkerAdding(() => [
            {
                range: { start: { line: 2, character: 4 }, end: { line: 2, character: 13 } },
                severity: 'warning',
                code: 'test/no-page-for-this',
                message: 'A made-up warning, 50% sure: really.',
                related: []
            }
        ]);

        async function sarif(argv: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number; log: SarifLog; stderr: string }> {
            const result = await runCli(['check', '--format', 'sarif', ...argv], { cwd, env, tty: true, deps: { createChecker: withPagelessWarning } });
            expect(result.stdout).not.toMatch(ANSI);
            return { code: result.code, log: JSON.parse(result.stdout) as SarifLog, stderr: result.stderr };
        }

        it('prints a valid SARIF log of a model with an error and a warning, and exits 1', async () => {
            const cwd = await seedFolder();
            const { code, log, stderr } = await sarif(['model.arch'], cwd);
            expect(code).toBe(ExitCode.ModelErrors);
            expect(stderr).toBe('');
            expect(sarifSchemaErrors(log)).toEqual([]);
            const run = log.runs[0]!;
            expect(run.results.map(r => [r.ruleId, r.level, r.locations[0]!.physicalLocation])).toEqual([
                ['test/no-page-for-this', 'warning', { artifactLocation: { uri: 'model.arch', uriBaseId: '%SRCROOT%', index: 0 }, region: { startLine: 3, startColumn: 5, endLine: 3, endColumn: 14 } }],
                ['connector/unknown-kind', 'error', { artifactLocation: { uri: 'model.arch', uriBaseId: '%SRCROOT%', index: 0 }, region: { startLine: 25, startColumn: 15, endLine: 25, endColumn: 27 } }]
            ]);
            expect(run.results[1]!.message.text).toContain('mq_connector');
            expect(run.results[1]!.properties).toEqual({ suggestion: 'message_queue' });
            expect(run.originalUriBaseIds['%SRCROOT%']!.uri).toBe(`${pathToFileURL(cwd).href}/`);
            expect(run.artifacts).toEqual([{ location: { uri: 'model.arch', uriBaseId: '%SRCROOT%' }, roles: ['analysisTarget'] }]);
        });

        it('describes each rule from its page, and a code without a page by its id and level only', async () => {
            const { log } = await sarif(['model.arch'], await seedFolder());
            const rules = log.runs[0]!.tool.driver.rules;
            const page = (await loadRule('connector/unknown-kind'))!;
            expect(rules.map(r => r.id)).toEqual(['connector/unknown-kind', 'test/no-page-for-this']);
            expect(log.runs[0]!.results.map(r => rules[r.ruleIndex]!.id)).toEqual(['test/no-page-for-this', 'connector/unknown-kind']);
            expect(rules[0]).toEqual({
                id: 'connector/unknown-kind',
                name: 'ConnectorUnknownKind',
                shortDescription: { text: page.title },
                fullDescription: { text: page.summary },
                help: { text: page.markdown, markdown: page.markdown },
                helpUri: ruleUrl('connector/unknown-kind'),
                defaultConfiguration: { level: 'error' }
            });
            expect(rules[1]).toEqual({ id: 'test/no-page-for-this', name: 'TestNoPageForThis', defaultConfiguration: { level: 'warning' } });
        });

        it('points related locations at the first declaration of a duplicate', async () => {
            const cwd = await tempDir();
            await writeFile(path.join(cwd, 'dup.arch'), 'architecture:\n    component backend a\n    component backend a\n    component database a_db\n    connector db_connector a -> a_db\n');
            const result = await runCli(['check', '--format', 'sarif', 'dup.arch'], { cwd });
            const log = JSON.parse(result.stdout) as SarifLog;
            expect(sarifSchemaErrors(log)).toEqual([]);
            const duplicate = log.runs[0]!.results.find(r => r.ruleId === 'component/duplicate-name')!;
            expect(duplicate.locations[0]!.physicalLocation.region.startLine).toBe(3);
            expect(duplicate.relatedLocations?.map(r => [r.physicalLocation.artifactLocation.uri, r.physicalLocation.region.startLine])).toEqual([['dup.arch', 2]]);
        });

        it('lists every file of a model in several files as artifacts, and names them relative to the GitHub workspace in a workflow', async () => {
            const workspace = await tempDir();
            const cwd = path.join(workspace, 'models');
            await mkdir(cwd);
            await copyInvoicing(cwd, { file: 'data.arch', from: 'component database mail_db', to: 'component databse mail_db' });
            const plain = await sarif(['invoicing.arch'], cwd);
            expect(plain.log.runs[0]!.artifacts.map(a => [a.location.uri, a.properties?.['imported'] ?? false])).toEqual([
                ['data.arch', true], ['invoicing.arch', false], ['services.arch', true]
            ]);
            const inWorkflow = await sarif(['invoicing.arch'], cwd, { GITHUB_WORKSPACE: workspace });
            expect(sarifSchemaErrors(inWorkflow.log)).toEqual([]);
            expect(inWorkflow.log.runs[0]!.artifacts.map(a => a.location.uri)).toEqual(['models/data.arch', 'models/invoicing.arch', 'models/services.arch']);
            expect(inWorkflow.log.runs[0]!.originalUriBaseIds['%SRCROOT%']!.uri).toBe(`${pathToFileURL(workspace).href}/`);
            const error = inWorkflow.log.runs[0]!.results.find(r => r.level === 'error')!;
            expect([error.ruleId, error.locations[0]!.physicalLocation.artifactLocation.uri, error.locations[0]!.physicalLocation.region.startLine]).toEqual([
                'component/unknown-kind', 'models/data.arch', 43
            ]);
        });

        it('prints the same bytes twice', async () => {
            const cwd = await seedFolder();
            const first = await runCli(['check', '--format', 'sarif', '.'], { cwd });
            const second = await runCli(['check', '--format', 'sarif', '.'], { cwd });
            expect(second.stdout).toBe(first.stdout);
        });
    });

    describe('--format github', () => {
        it('prints one annotation per diagnostic with file, line and column, then the summary', async () => {
            const cwd = await seedFolder();
            const json = JSON.parse((await runCli(['check', '--format', 'json', 'model.arch'], { cwd })).stdout) as { files: { diagnostics: { message: string }[] }[] };
            const result = await runCli(['check', '--format', 'github', 'model.arch', 'fixed.arch'], { cwd, tty: true, deps: { createChecker: checkerWithWarning } });
            expect(result.code).toBe(ExitCode.ModelErrors);
            expect(result.stdout.split('\n')).toEqual([
                '::warning file=fixed.arch,line=2,col=5,endLine=2,endColumn=14,title=component/unconnected::A made-up warning.',
                '::warning file=model.arch,line=2,col=5,endLine=2,endColumn=14,title=component/unconnected::A made-up warning.',
                `::error file=model.arch,line=25,col=15,endLine=25,endColumn=27,title=connector/unknown-kind::${escapeData(json.files[0]!.diagnostics[0]!.message)}`,
                '1 error, 2 warnings in 2 files',
                ''
            ]);
        });

        it('escapes a message with a comma, colon, percent and newline', async () => {
            const cwd = await seedFolder();
            const deps = {
                createChecker: checkerAdding(() => [
                    { range: range(0, 0, 0, 12), severity: 'warning', code: 'test/odd-message', message: 'Half: 50%, then\nmore.', related: [] }
                ])
            };
            const result = await runCli(['check', '--format', 'github', 'fixed.arch'], { cwd, deps });
            expect(result.stdout).toBe('::warning file=fixed.arch,line=1,col=1,endLine=1,endColumn=13,title=test/odd-message::Half: 50%25, then%0Amore.\n1 warning in 1 file\n');
        });

        it('names files relative to GITHUB_WORKSPACE when the working folder is inside it', async () => {
            const workspace = await tempDir();
            const cwd = path.join(workspace, 'arch models');
            await mkdir(cwd);
            await writeFile(path.join(cwd, 'model.arch'), await seedText());
            const result = await runCli(['check', '--format', 'github', 'model.arch'], { cwd, env: { GITHUB_WORKSPACE: workspace } });
            expect(result.stdout).toMatch(/^::error file=arch models\/model\.arch,line=25,col=15,/);
            const elsewhere = await runCli(['check', '--format', 'github', 'model.arch'], { cwd, env: { GITHUB_WORKSPACE: path.join(workspace, 'other') } });
            expect(elsewhere.stdout).toMatch(/^::error file=model\.arch,line=25,/);
        });
    });

    describe('--max-warnings', () => {
        const deps = { createChecker: checkerWithWarning };

        it.each([
            [[], ExitCode.Success],
            [['--max-warnings', '2'], ExitCode.Success],
            [['--max-warnings', '5'], ExitCode.Success],
            [['--max-warnings', '1'], ExitCode.ModelErrors],
            [['--max-warnings', '0'], ExitCode.ModelErrors],
            [['--max-warnings=1'], ExitCode.ModelErrors],
            [['--strict', '--max-warnings', '5'], ExitCode.ModelErrors]
        ])('with two warnings and no error, %j exits %i', async (options, code) => {
            const cwd = await seedFolder();
            await writeFile(path.join(cwd, 'fixed2.arch'), await seedText(true));
            const result = await runCli(['check', ...options, 'fixed.arch', 'fixed2.arch'], { cwd, deps });
            expect(result.code).toBe(code);
            expect(result.stdout).toMatch(/2 warnings in 2 files\n$/);
        });

        it('says on stderr, in one line, that the warnings exceed the limit, and keeps stdout machine-readable', async () => {
            const cwd = await seedFolder();
            const result = await runCli(['check', '--format', 'json', '--max-warnings', '0', 'fixed.arch'], { cwd, deps });
            expect(result.code).toBe(ExitCode.ModelErrors);
            expect(JSON.parse(result.stdout)).toMatchObject({ summary: { errors: 0, warnings: 1 } });
            expect(result.stderr).toBe('archgen: 1 warning, more than --max-warnings 0 allows\n');
        });

        it('does not let a high limit hide an error', async () => {
            const result = await runCli(['check', '--max-warnings', '100', 'model.arch'], { cwd: await seedFolder(), deps });
            expect(result.code).toBe(ExitCode.ModelErrors);
            expect(result.stderr).toBe('');
        });

        it.each(['-1', '1.5', 'abc', '', '1e3', ' 3', '0x10'])('rejects %j: exit 2, one line on stderr', async value => {
            const result = await runCli(['check', '--max-warnings', value, 'fixed.arch'], { cwd: await seedFolder(), deps });
            expect(result.code).toBe(ExitCode.UsageOrIo);
            expect(result.stdout).toBe('');
            expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
            expect(result.stderr).toMatch(/^archgen: .*--max-warnings.*whole number/);
        });

        it('counts like ESLint: more warnings than the limit fail, as many do not', () => {
            const summary = (errors: number, warnings: number) => ({ errors, warnings, files: 1 });
            expect(exitCodeFor(summary(0, 3), { maxWarnings: 3 })).toBe(ExitCode.Success);
            expect(exitCodeFor(summary(0, 4), { maxWarnings: 3 })).toBe(ExitCode.ModelErrors);
            expect(exitCodeFor(summary(0, 0), { maxWarnings: 0, strict: true })).toBe(ExitCode.Success);
            expect(exitCodeFor(summary(1, 0), { maxWarnings: 3 })).toBe(ExitCode.ModelErrors);
            expect(exitCodeFor(summary(0, 1))).toBe(ExitCode.Success);
            expect(parseMaxWarnings('007')).toBe(7);
        });
    });

    it('lists every format and --max-warnings in its help', async () => {
        const result = await runCli(['check', '--help'], { cwd: await tempDir() });
        expect(result.code).toBe(ExitCode.Success);
        for (const format of ['text', 'json', 'sarif', 'github']) expect(result.stdout).toMatch(new RegExp(`^  ${format} +\\S`, 'm'));
        expect(result.stdout).toMatch(/choices: "text", "json", "sarif",\s+"github"/);
        expect(result.stdout).toContain('--max-warnings <count>');
        expect(result.stdout).toMatch(/more warnings\s+than --max-warnings/);
    });

    describe('helpers', () => {
        it('loads the rule pages that exist and parse, skipping the rest', async () => {
            const dir = await tempDir();
            await mkdir(path.join(dir, 'good'));
            await mkdir(path.join(dir, 'bad'));
            await writeFile(path.join(dir, 'good', 'rule.md'), '# good/rule: A good rule\n\nIts summary.\n');
            await writeFile(path.join(dir, 'bad', 'rule.md'), 'no heading yet\n');
            const file = path.join(dir, 'a.arch');
            const report = reportOf([
                fileReport(dir, file, ['good/rule', 'bad/rule', 'missing/rule', 'good/rule'].map(code => ({ range: range(0, 0, 0, 1), severity: 'error' as const, code, message: 'M.' })))
            ]);
            const docs = await ruleDocsFor(report, `${dir}${path.sep}`);
            expect([...docs.keys()]).toEqual(['good/rule']);
            expect(docs.get('good/rule')).toMatchObject({ title: 'A good rule', summary: 'Its summary.' });
        });

        it('makes paths relative to the GitHub workspace only when the working folder is inside it', () => {
            const root = path.resolve('/repo');
            expect(outputRoot(path.join(root, 'models'), { GITHUB_WORKSPACE: root })).toBe(root);
            expect(outputRoot(root, { GITHUB_WORKSPACE: root })).toBe(root);
            expect(outputRoot(path.resolve('/elsewhere'), { GITHUB_WORKSPACE: root })).toBe(path.resolve('/elsewhere'));
            expect(outputRoot(path.resolve('/repository'), { GITHUB_WORKSPACE: root })).toBe(path.resolve('/repository'));
            expect(outputRoot(path.join(root, 'models'), { GITHUB_WORKSPACE: 'relative' })).toBe(path.join(root, 'models'));
            expect(outputRoot(path.join(root, 'models'), {})).toBe(path.join(root, 'models'));
        });
    });
});
