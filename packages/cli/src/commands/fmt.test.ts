import { chmod, lstat, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../exit-code.js';
import { createFormatter, type SourceFormatter } from '../language.js';
import { runCli as runWith, tempDir, type RunOptions } from '../test-support/index.js';

let formatter: Promise<SourceFormatter> | undefined;
const runCli = (argv: readonly string[], options: RunOptions) =>
    runWith(argv, { ...options, deps: { createFormatter: () => (formatter ??= createFormatter()), ...options.deps } });

const MESSY = [
    '/** The shop. */',
    'architecture   shop :',
    '// the entry',
    'component load_balancer shop_lb {public port 8080}   // public',
    '  component frontend shop_fe{ replicas 2',
    '}',
    '/* data */ component backend shop_be',
    '   component database shop_db { entity Item {id serial primary key',
    '  price decimal( 10 , 2 ) min 0 } }',
    'connector http shop_lb->shop_fe',
    'connector http shop_fe ->shop_be',
    'connector db_connector shop_be -> shop_db',
    ''
].join('\n');

const CANONICAL = [
    '/** The shop. */',
    'architecture shop:',
    '    // the entry',
    '    component load_balancer shop_lb { public port 8080 }   // public',
    '    component frontend shop_fe {',
    '        replicas 2',
    '    }',
    '    /* data */',
    '    component backend shop_be',
    '    component database shop_db {',
    '        entity Item {',
    '            id serial primary key',
    '            price decimal(10,2) min 0',
    '        }',
    '    }',
    '    connector http shop_lb -> shop_fe',
    '    connector http shop_fe -> shop_be',
    '    connector db_connector shop_be -> shop_db',
    ''
].join('\n');

/** A syntax error on line 3: a component without a name. */
const BROKEN = 'architecture   broken:\n    component backend api\n    component {\n';

async function folder(files: Record<string, string>): Promise<string> {
    const cwd = await tempDir();
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(cwd, name), text);
    return cwd;
}

const read = (cwd: string, name: string) => readFile(path.join(cwd, name), 'utf8');

describe('archgen fmt', () => {
    it('rewrites a file in the canonical layout, keeping every comment, and prints its path', async () => {
        const cwd = await folder({ 'shop.arch': MESSY });
        const result = await runCli(['fmt', 'shop.arch'], { cwd });
        expect(result).toEqual({ code: ExitCode.Success, stdout: 'shop.arch\nFormatted 1 file.\n', stderr: '' });
        const formatted = await read(cwd, 'shop.arch');
        expect(formatted).toBe(CANONICAL);
        for (const comment of ['/** The shop. */', '// the entry', '// public', '/* data */']) expect(formatted).toContain(comment);
    });

    it('is idempotent: a second run changes nothing and rewrites nothing', async () => {
        const cwd = await folder({ 'shop.arch': MESSY });
        await runCli(['fmt', 'shop.arch'], { cwd });
        const before = await stat(path.join(cwd, 'shop.arch'));
        const again = await runCli(['fmt', 'shop.arch'], { cwd });
        expect(again).toEqual({ code: ExitCode.Success, stdout: '1 file already canonical.\n', stderr: '' });
        expect(await read(cwd, 'shop.arch')).toBe(CANONICAL);
        expect((await stat(path.join(cwd, 'shop.arch'))).mtimeMs).toBe(before.mtimeMs);
    });

    describe('--check', () => {
        it('exits 0 and prints no file when every file is canonical', async () => {
            const cwd = await folder({ 'a.arch': CANONICAL, 'b.arch': CANONICAL });
            const result = await runCli(['fmt', '--check', '.'], { cwd });
            expect(result).toEqual({ code: ExitCode.Success, stdout: '2 files already canonical.\n', stderr: '' });
        });

        it('exits 1, lists the files that would change, and writes nothing', async () => {
            const cwd = await folder({ 'a.arch': CANONICAL, 'b.arch': MESSY });
            const result = await runCli(['fmt', '--check', '.'], { cwd });
            expect(result).toEqual({ code: ExitCode.ModelErrors, stdout: 'b.arch\n1 file would be reformatted; 1 already canonical.\n', stderr: '' });
            expect(await read(cwd, 'b.arch')).toBe(MESSY);
        });
    });

    it('leaves a file with syntax errors untouched, reports them, formats the others and exits 1', async () => {
        const cwd = await folder({ 'broken.arch': BROKEN, 'shop.arch': MESSY });
        const result = await runCli(['fmt', '*.arch'], { cwd });
        expect(result.code).toBe(ExitCode.ModelErrors);
        const lines = result.stdout.trimEnd().split('\n');
        expect(lines[0]).toMatch(/^broken\.arch:3:15 error syntax\/unexpected-token \S/);
        expect(lines.slice(-2)).toEqual(['shop.arch', 'Formatted 1 file; 1 file with syntax errors left as it is.']);
        expect(await read(cwd, 'broken.arch')).toBe(BROKEN);
        expect(await read(cwd, 'shop.arch')).toBe(CANONICAL);

        const check = await runCli(['fmt', '--check', 'broken.arch'], { cwd });
        expect(check.code).toBe(ExitCode.ModelErrors);
        expect(check.stdout).toMatch(/^broken\.arch:3:15 error syntax\/unexpected-token .*\n1 file with syntax errors left as it is\.\n$/);
    });

    it('formats a file with model errors (only syntax errors stop it)', async () => {
        const cwd = await folder({ 'kind.arch': 'architecture:\n  component backnd api\n' });
        const result = await runCli(['fmt', 'kind.arch'], { cwd });
        expect(result.code).toBe(ExitCode.Success);
        expect(await read(cwd, 'kind.arch')).toBe('architecture:\n    component backnd api\n');
    });

    it('keeps the file mode, and rewrites the file a symbolic link points to, not the link', async () => {
        const cwd = await folder({ 'shop.arch': MESSY });
        await chmod(path.join(cwd, 'shop.arch'), 0o640);
        await symlink('shop.arch', path.join(cwd, 'link.arch'));
        const result = await runCli(['fmt', 'link.arch'], { cwd });
        expect(result.code).toBe(ExitCode.Success);
        expect((await lstat(path.join(cwd, 'link.arch'))).isSymbolicLink()).toBe(true);
        expect(await read(cwd, 'shop.arch')).toBe(CANONICAL);
        expect((await stat(path.join(cwd, 'shop.arch'))).mode & 0o777).toBe(0o640);
    });

    it('exits 2 with one line for a missing file, and without any file', async () => {
        const cwd = await folder({ 'shop.arch': MESSY });
        expect(await runCli(['fmt', 'missing.arch'], { cwd })).toEqual({
            code: ExitCode.UsageOrIo,
            stdout: '',
            stderr: "archgen: cannot read 'missing.arch': no such file or directory\n"
        });
        expect((await runCli(['fmt'], { cwd })).code).toBe(ExitCode.UsageOrIo);
    });
});
