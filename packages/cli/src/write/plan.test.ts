import { access, mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GeneratedFile, SecretSpec } from '../generator.js';
import { snapshot, spyOnFlushes, tempDir } from '../test-support/index.js';
import { applyPlan } from './apply.js';
import { MANIFEST_PATH, hashContent, parseManifest, type Manifest } from './manifest.js';
import { planWrite, type FileAction, type WritePlan } from './plan.js';
import { UnsafePathError } from './guard.js';

const FILES: GeneratedFile[] = [
    { path: 'docker-compose.yml', content: 'services: {}\n' },
    { path: 'services/api/index.ts', content: 'export {};\n' },
    { path: 'services/api/Dockerfile', content: 'FROM node:20\n' },
    { path: 'scripts/start.sh', content: '#!/bin/sh\n', executable: true }
];
const SECRETS: SecretSpec[] = [{ name: 'DB_PASSWORD', description: 'Password.', kind: 'password' }];
const MANIFEST = { generator: 'archgen', version: '0.0.0-test', model: '../model.arch', target: 'compose' } as const;

async function plan(root: string, files = FILES, force = false): Promise<WritePlan> {
    return planWrite({ root, files, secrets: SECRETS, force, manifest: MANIFEST });
}

async function generate(root: string, files = FILES, force = false): Promise<WritePlan> {
    const result = await plan(root, files, force);
    await applyPlan(result);
    return result;
}

function kinds(result: WritePlan): Record<string, FileAction['kind']> {
    return Object.fromEntries(result.actions.map(action => [action.path, action.kind]));
}

async function manifestOf(root: string): Promise<Manifest> {
    return parseManifest(await readFile(path.join(root, MANIFEST_PATH), 'utf8')) as Manifest;
}

async function exists(file: string): Promise<boolean> {
    return access(file).then(
        () => true,
        () => false
    );
}

describe('planWrite + applyPlan', () => {
    it('creates every file, the manifest and .env on the first run', async () => {
        const root = path.join(await tempDir(), 'out');
        const result = await generate(root);
        expect(new Set(Object.values(kinds(result)))).toEqual(new Set(['create']));
        expect(await readFile(path.join(root, 'services/api/index.ts'), 'utf8')).toBe('export {};\n');
        expect((await stat(path.join(root, 'scripts/start.sh'))).mode & 0o777).toBe(0o755);
        expect((await stat(path.join(root, '.env'))).mode & 0o777).toBe(0o600);
        const manifest = await manifestOf(root);
        expect(manifest).toMatchObject(MANIFEST);
        expect(manifest.files).toEqual(Object.fromEntries(FILES.map(f => [f.path, hashContent(f.content)])));
        expect(manifest.files['.env']).toBeUndefined();
    });

    it('flushes .env and the manifest to disk, not the generated files, which the next run makes again', async () => {
        const root = path.join(await tempDir(), 'out');
        const sync = await spyOnFlushes();
        try {
            await generate(root);
            expect(sync).toHaveBeenCalledTimes(2);
        } finally {
            sync.mockRestore();
        }
    });

    it('changes nothing when regenerating the same files (mtimes preserved)', async () => {
        const root = path.join(await tempDir(), 'out');
        await generate(root);
        const before = await snapshot(root);
        const again = await generate(root);
        expect(new Set(Object.values(kinds(again)))).toEqual(new Set(['unchanged']));
        expect(again.manifest.write).toBe(false);
        expect(again.env.kind).toBe('unchanged');
        expect(await snapshot(root)).toEqual(before);
    });

    it('updates files archgen wrote and nobody edited', async () => {
        const root = path.join(await tempDir(), 'out');
        await generate(root);
        const changed = FILES.map(f => (f.path === 'docker-compose.yml' ? { ...f, content: 'services: { a: {} }\n' } : f));
        const result = await generate(root, changed);
        expect(kinds(result)['docker-compose.yml']).toBe('update');
        expect(await readFile(path.join(root, 'docker-compose.yml'), 'utf8')).toBe('services: { a: {} }\n');
    });

    it('keeps an edited file, writes <file>.new beside it, and still recognises the edit next time', async () => {
        const root = path.join(await tempDir(), 'out');
        await generate(root);
        const edited = path.join(root, 'services/api/index.ts');
        await writeFile(edited, 'export const mine = 1;\n');
        const changed = FILES.map(f => (f.path === 'services/api/index.ts' ? { ...f, content: 'export { v2 };\n' } : f));

        const first = await generate(root, changed);
        expect(first.actions.find(a => a.path === 'services/api/index.ts')).toMatchObject({ kind: 'keep', reason: 'edited', newUnchanged: false });
        expect(await readFile(edited, 'utf8')).toBe('export const mine = 1;\n');
        expect(await readFile(`${edited}.new`, 'utf8')).toBe('export { v2 };\n');
        expect((await manifestOf(root)).files['services/api/index.ts']).toBe(hashContent('export { v2 };\n'));

        const before = await snapshot(root);
        const second = await generate(root, changed);
        expect(second.actions.find(a => a.path === 'services/api/index.ts')).toMatchObject({ kind: 'keep', newUnchanged: true });
        expect(await snapshot(root)).toEqual(before);
    });

    it('overwrites an edited file with --force', async () => {
        const root = path.join(await tempDir(), 'out');
        await generate(root);
        await writeFile(path.join(root, 'docker-compose.yml'), 'mine\n');
        const result = await generate(root, FILES, true);
        expect(result.actions.find(a => a.path === 'docker-compose.yml')).toMatchObject({ kind: 'overwrite', reason: 'edited' });
        expect(await readFile(path.join(root, 'docker-compose.yml'), 'utf8')).toBe('services: {}\n');
        expect(await exists(path.join(root, 'docker-compose.yml.new'))).toBe(false);
    });

    it('writes a once-only file (a handler stub) when absent, then leaves it alone: no update, no .new, unless --force', async () => {
        const root = path.join(await tempDir(), 'out');
        const stub = { path: 'services/api/src/handlers/audit.ts', content: 'export async function audit() {}\n', once: true };
        await generate(root, [...FILES, stub]);
        const file = path.join(root, stub.path);
        expect(await readFile(file, 'utf8')).toBe(stub.content);
        await writeFile(file, 'export async function audit() { /* mine */ }\n');
        const regenerated = await generate(root, [...FILES, { ...stub, content: 'export async function audit() { /* v2 */ }\n' }]);
        expect(regenerated.actions.find(a => a.path === stub.path)).toMatchObject({ kind: 'unchanged' });
        expect(await readFile(file, 'utf8')).toBe('export async function audit() { /* mine */ }\n');
        expect(await exists(`${file}.new`)).toBe(false);
        const forced = await generate(root, [...FILES, stub], true);
        expect(forced.actions.find(a => a.path === stub.path)).toMatchObject({ kind: 'overwrite' });
        expect(await readFile(file, 'utf8')).toBe(stub.content);
    });

    it('keeps a file archgen never wrote when its content differs', async () => {
        const root = path.join(await tempDir(), 'out');
        await mkdir(root, { recursive: true });
        await writeFile(path.join(root, 'docker-compose.yml'), 'someone else\n');
        await writeFile(path.join(root, 'services.txt'), 'unrelated\n');
        const result = await generate(root);
        expect(result.actions.find(a => a.path === 'docker-compose.yml')).toMatchObject({ kind: 'keep', reason: 'not-generated' });
        expect(await readFile(path.join(root, 'docker-compose.yml'), 'utf8')).toBe('someone else\n');
        expect(await readFile(path.join(root, 'services.txt'), 'utf8')).toBe('unrelated\n');
    });

    it('re-creates a generated file the user deleted', async () => {
        const root = path.join(await tempDir(), 'out');
        await generate(root);
        await rm(path.join(root, 'services/api/Dockerfile'));
        const result = await generate(root);
        expect(kinds(result)['services/api/Dockerfile']).toBe('create');
        expect(await readFile(path.join(root, 'services/api/Dockerfile'), 'utf8')).toBe('FROM node:20\n');
    });

    it('removes files no longer generated unless edited, and forgets both', async () => {
        const root = path.join(await tempDir(), 'out');
        await generate(root);
        await writeFile(path.join(root, 'docker-compose.yml'), 'edited\n');
        const fewer = FILES.filter(f => !f.path.startsWith('services/') && f.path !== 'docker-compose.yml');
        const result = await generate(root, fewer);
        expect(kinds(result)).toMatchObject({
            'services/api/index.ts': 'remove',
            'services/api/Dockerfile': 'remove',
            'docker-compose.yml': 'keep-removed'
        });
        expect(await exists(path.join(root, 'services'))).toBe(false);
        expect(await readFile(path.join(root, 'docker-compose.yml'), 'utf8')).toBe('edited\n');
        expect(Object.keys((await manifestOf(root)).files)).toEqual(['scripts/start.sh']);
    });

    it('reports a file standing where a folder should be before writing anything', async () => {
        const root = path.join(await tempDir(), 'out');
        await mkdir(root);
        await writeFile(path.join(root, 'services'), 'not a folder');
        await expect(plan(root)).rejects.toThrow("cannot read 'services/api/Dockerfile' in the output folder: not a directory");
        expect((await snapshot(root)).size).toBe(1);
    });

    it('adds missing secrets to .env, keeps existing values and makes it 0600', async () => {
        const root = path.join(await tempDir(), 'out');
        await mkdir(root);
        await writeFile(path.join(root, '.env'), 'OTHER=1\n', { mode: 0o644 });
        await generate(root);
        const text = await readFile(path.join(root, '.env'), 'utf8');
        expect(text).toMatch(/^OTHER=1\n\n# Password.\nDB_PASSWORD=[A-Za-z0-9_-]{32}\n$/);
        expect((await stat(path.join(root, '.env'))).mode & 0o777).toBe(0o600);

        await rm(path.join(root, '.env'));
        await writeFile(path.join(root, '.env'), 'DB_PASSWORD=mine\n', { mode: 0o644 });
        const again = await generate(root);
        expect(again.env).toMatchObject({ kind: 'unchanged', chmod: true });
        expect(await readFile(path.join(root, '.env'), 'utf8')).toBe('DB_PASSWORD=mine\n');
        expect((await stat(path.join(root, '.env'))).mode & 0o777).toBe(0o600);
    });

    describe('the path guard', () => {
        it.each(['../escape.txt', 'a/../../escape.txt', '/tmp/absolute.txt'])('refuses %j before writing anything', async bad => {
            const base = await tempDir();
            const root = path.join(base, 'out');
            await expect(plan(root, [...FILES, { path: bad, content: 'x' }])).rejects.toThrow(UnsafePathError);
            expect(await exists(root)).toBe(false);
            expect(await exists(path.join(base, 'escape.txt'))).toBe(false);
        });

        it('refuses a symbolic link pointing outside the output folder', async () => {
            const base = await tempDir();
            const root = path.join(base, 'out');
            await mkdir(path.join(base, 'outside'));
            await mkdir(root);
            await symlink(path.join(base, 'outside'), path.join(root, 'services'));
            await expect(plan(root)).rejects.toThrow(/refusing to write 'services\/api\/[^']+': it resolves outside/);
            expect(await snapshot(path.join(base, 'outside'))).toEqual(new Map());
        });

        it('refuses paths archgen keeps for itself', async () => {
            const root = await tempDir();
            await expect(plan(root, [{ path: '.env', content: '' }])).rejects.toThrow(/reserved/);
            await expect(plan(root, [{ path: '.archgen/manifest.json', content: '' }])).rejects.toThrow(/reserved/);
            await expect(plan(root, [FILES[0]!, FILES[0]!])).rejects.toThrow(/twice/);
        });

        it('ignores manifest entries outside the output folder instead of deleting them', async () => {
            const base = await tempDir();
            const root = path.join(base, 'out');
            await generate(root);
            await writeFile(path.join(base, 'victim.txt'), 'keep me');
            const manifest = await manifestOf(root);
            const tampered = { ...manifest, files: { ...manifest.files, '../victim.txt': hashContent('keep me') } };
            await writeFile(path.join(root, MANIFEST_PATH), JSON.stringify(tampered));
            const result = await generate(root);
            expect(result.notes).toEqual([`ignoring '../victim.txt' of ${MANIFEST_PATH}: the path has a '..' segment`]);
            expect(await readFile(path.join(base, 'victim.txt'), 'utf8')).toBe('keep me');
        });

        it('treats a corrupt manifest as absent: nothing of the user is lost', async () => {
            const root = path.join(await tempDir(), 'out');
            await generate(root);
            await writeFile(path.join(root, 'docker-compose.yml'), 'edited\n');
            await writeFile(path.join(root, MANIFEST_PATH), '{ broken');
            const result = await generate(root);
            expect(result.notes[0]).toMatch(/^ignoring \.archgen\/manifest\.json: not JSON/);
            expect(kinds(result)['docker-compose.yml']).toBe('keep');
            expect(kinds(result)['services/api/index.ts']).toBe('unchanged');
        });
    });
});
