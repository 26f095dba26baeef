import { mkdir, realpath, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/index.js';
import { OutputGuard, UnsafePathError, isInside, normaliseRelativePath, resolveExisting, type RealPath } from './guard.js';

describe('normaliseRelativePath', () => {
    it.each([
        ['a/b.txt', 'a/b.txt'],
        ['./a//b.txt', 'a/b.txt'],
        ['.env.example', '.env.example'],
        ['a/..b/c', 'a/..b/c']
    ])('accepts %j as %j', (input, expected) => {
        expect(normaliseRelativePath(input)).toBe(expected);
    });

    it.each(['../x', 'a/../../x', 'a/..', '/abs', '/etc/passwd', 'C:/x', 'c:x', 'a\\b', '', '.', './', 'a\0b'])(
        'rejects %j',
        input => {
            expect(() => normaliseRelativePath(input)).toThrow(UnsafePathError);
        }
    );
});

describe('isInside', () => {
    it('tells a child from a sibling with a common prefix', () => {
        expect(isInside('/a/out', '/a/out/x')).toBe(true);
        expect(isInside('/a/out', '/a/out')).toBe(true);
        expect(isInside('/a/out', '/a/output/x')).toBe(false);
        expect(isInside('/a/out', '/a')).toBe(false);
        expect(isInside('/a/out', '/a/out/..x')).toBe(true);
    });
});

describe('OutputGuard', () => {
    it('maps paths into an output folder that does not exist yet', async () => {
        const root = path.join(await tempDir(), 'out', 'app');
        const guard = await OutputGuard.create(root);
        expect(await guard.resolve('services/x/index.ts')).toBe(path.join(root, 'services', 'x', 'index.ts'));
    });

    it('refuses a path through a symbolic link to a folder outside', async () => {
        const base = await tempDir();
        const root = path.join(base, 'out');
        await mkdir(path.join(base, 'elsewhere'), { recursive: true });
        await mkdir(root);
        await symlink(path.join(base, 'elsewhere'), path.join(root, 'services'));
        const guard = await OutputGuard.create(root);
        await expect(guard.resolve('services/x/index.ts')).rejects.toThrow(/resolves outside the output folder/);
        await expect(guard.resolve('services')).rejects.toThrow(UnsafePathError);
    });

    it('refuses a file that is a symbolic link to a file outside', async () => {
        const base = await tempDir();
        const root = path.join(base, 'out');
        await mkdir(root);
        await writeFile(path.join(base, 'secret.txt'), 'mine');
        await symlink(path.join(base, 'secret.txt'), path.join(root, 'README.md'));
        const guard = await OutputGuard.create(root);
        await expect(guard.resolve('README.md')).rejects.toThrow(UnsafePathError);
    });

    it('accepts symbolic links that stay inside, and an output folder that is itself a link', async () => {
        const base = await tempDir();
        const real = path.join(base, 'real');
        await mkdir(path.join(real, 'shared'), { recursive: true });
        await symlink(path.join(real, 'shared'), path.join(real, 'linked'));
        await symlink(real, path.join(base, 'out'));
        const guard = await OutputGuard.create(path.join(base, 'out'));
        expect(await guard.resolve('linked/a.txt')).toBe(path.join(base, 'out', 'linked', 'a.txt'));
    });

    it('refuses the malformed paths before looking at the disk', async () => {
        const guard = await OutputGuard.create(await tempDir());
        await expect(guard.resolve('../x')).rejects.toThrow("refusing to write '../x': the path has a '..' segment");
        await expect(guard.resolve('/abs')).rejects.toThrow("refusing to write '/abs': the path is absolute");
    });
});

describe('OutputGuard.inAbsentFolder', () => {
    it('is true only below a folder found missing, not where a file is in the way nor where the folder exists', async () => {
        const base = await tempDir();
        const root = path.join(base, 'out');
        await mkdir(path.join(root, 'there'), { recursive: true });
        await writeFile(path.join(root, 'file'), 'x');
        const guard = await OutputGuard.create(root);
        const absent = async (relative: string) => guard.inAbsentFolder(await guard.resolve(relative));
        expect(await absent('new/deeper/a.txt')).toBe(true);
        expect(await absent('new/b.txt')).toBe(true);
        expect(await absent('there/a.txt')).toBe(false);
        expect(await absent('a.txt')).toBe(false);
        // Reading there fails with ENOTDIR, which the plan reports.
        expect(await absent('file/a.txt')).toBe(false);
        expect(await absent('file/below/a.txt')).toBe(false);
        // A path it has not resolved: unknown, so not absent.
        expect(await guard.inAbsentFolder(path.join(root, 'unresolved', 'a.txt'))).toBe(false);
        const fresh = await OutputGuard.create(path.join(base, 'fresh'));
        expect(await fresh.inAbsentFolder(await fresh.resolve('.archgen/manifest.json'))).toBe(true);
        expect(await fresh.inAbsentFolder(await fresh.resolve('.env'))).toBe(true);
    });
});

describe('resolveExisting', () => {
    it('follows the links that exist and appends the missing rest, as realpath of the deepest existing folder', async () => {
        const base = await realpath(await tempDir());
        await mkdir(path.join(base, 'real', 'sub'), { recursive: true });
        await symlink(path.join(base, 'real'), path.join(base, 'link'));
        await writeFile(path.join(base, 'real', 'file.txt'), 'x');
        await symlink(path.join(base, 'nowhere'), path.join(base, 'real', 'dangling'));
        const folders = new Map<string, Promise<RealPath>>();
        const resolve = (relative: string) => resolveExisting(path.join(base, relative), folders);
        expect(await resolve('link/sub/new/deeper/a.txt')).toBe(path.join(base, 'real', 'sub', 'new', 'deeper', 'a.txt'));
        expect(await resolve('link/sub/new/b.txt')).toBe(path.join(base, 'real', 'sub', 'new', 'b.txt'));
        expect(await resolve('link/file.txt')).toBe(path.join(base, 'real', 'file.txt'));
        // A file in the way of a folder, and a link to nothing: resolved as far as they exist.
        expect(await resolve('link/file.txt/c.txt')).toBe(path.join(base, 'real', 'file.txt', 'c.txt'));
        expect(await resolve('link/dangling')).toBe(path.join(base, 'real', 'dangling'));
        expect(await resolveExisting('/')).toBe('/');
    });

    it('remembers each folder it looked up, and whether it exists', async () => {
        const base = await realpath(await tempDir());
        const folders = new Map<string, Promise<RealPath>>();
        await Promise.all(['out/a/x.txt', 'out/a/y.txt', 'out/b/c/z.txt'].map(file => resolveExisting(path.join(base, file), folders)));
        const missing = await Promise.all([...folders].filter(([folder]) => folder.startsWith(base)).map(async ([folder, real]) => [folder, (await real).exists] as const));
        expect(new Map(missing)).toEqual(new Map([
            [base, true],
            [path.join(base, 'out'), false],
            [path.join(base, 'out', 'a'), false],
            [path.join(base, 'out', 'b'), false],
            [path.join(base, 'out', 'b', 'c'), false]
        ]));
    });
});
