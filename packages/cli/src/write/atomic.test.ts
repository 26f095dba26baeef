import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spyOnFlushes, tempDir } from '../test-support/index.js';
import { writeFileAtomic } from './atomic.js';

describe('writeFileAtomic', () => {
    it('writes the content and leaves no temporary file', async () => {
        const folder = await tempDir();
        const file = path.join(folder, 'a.txt');
        await writeFileAtomic(file, 'hello\n');
        expect(await readFile(file, 'utf8')).toBe('hello\n');
        expect(await readdir(folder)).toEqual(['a.txt']);
    });

    it('flushes the file to disk before the rename, unless told not to', async () => {
        const folder = await tempDir();
        const sync = await spyOnFlushes();
        try {
            await writeFileAtomic(path.join(folder, 'kept.txt'), 'kept\n');
            expect(sync).toHaveBeenCalledTimes(1);
            await writeFileAtomic(path.join(folder, 'again.txt'), 'made again\n', 0o644, { flush: false });
            expect(sync).toHaveBeenCalledTimes(1);
            expect(await readFile(path.join(folder, 'again.txt'), 'utf8')).toBe('made again\n');
        } finally {
            sync.mockRestore();
        }
    });

    it('replaces an existing file', async () => {
        const folder = await tempDir();
        const file = path.join(folder, 'a.txt');
        await writeFile(file, 'old');
        await writeFileAtomic(file, 'new');
        expect(await readFile(file, 'utf8')).toBe('new');
        expect(await readdir(folder)).toEqual(['a.txt']);
    });

    it.each([0o755, 0o600])('sets mode %o exactly, whatever the umask', async mode => {
        const file = path.join(await tempDir(), 'run.sh');
        const previous = process.umask(0o077);
        try {
            await writeFileAtomic(file, '#!/bin/sh\n', mode);
        } finally {
            process.umask(previous);
        }
        expect((await stat(file)).mode & 0o777).toBe(mode);
    });

    it('fails without leaving anything when the folder does not exist', async () => {
        const folder = await tempDir();
        await expect(writeFileAtomic(path.join(folder, 'missing', 'a.txt'), 'x')).rejects.toThrow(/ENOENT/);
        expect(await readdir(folder)).toEqual([]);
    });

    it('cleans up the temporary file when the rename fails', async () => {
        const folder = await tempDir();
        const target = path.join(folder, 'taken');
        await writeFile(path.join(folder, 'placeholder'), '');
        // A non-empty folder cannot be replaced by a file.
        await mkdir(path.join(target, 'child'), { recursive: true });
        await expect(writeFileAtomic(target, 'x')).rejects.toThrow();
        expect((await readdir(folder)).sort()).toEqual(['placeholder', 'taken']);
    });
});
