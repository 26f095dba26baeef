import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import v8 from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LEAN_HEAP_GROWING_PERCENT, withLeanHeap } from './lean-heap.js';
import { runCli, seedText, tempDir } from './test-support/index.js';

afterEach(() => {
    vi.restoreAllMocks();
});

describe('withLeanHeap', () => {
    it('sets the heap growing percent for the work only, also when it fails', async () => {
        const flags = vi.spyOn(v8, 'setFlagsFromString');
        const seen: string[][] = [];
        expect(await withLeanHeap(async () => {
            seen.push(flags.mock.calls.map(c => c[0]));
            return 7;
        })).toBe(7);
        expect(seen).toEqual([[`--heap-growing-percent=${LEAN_HEAP_GROWING_PERCENT}`]]);
        expect(flags.mock.calls.map(c => c[0])).toEqual([`--heap-growing-percent=${LEAN_HEAP_GROWING_PERCENT}`, '--heap-growing-percent=0']);
        flags.mockClear();
        await expect(withLeanHeap(async () => {
            throw new Error('no');
        })).rejects.toThrow('no');
        expect(flags.mock.calls.map(c => c[0])).toEqual([`--heap-growing-percent=${LEAN_HEAP_GROWING_PERCENT}`, '--heap-growing-percent=0']);
    });

    it('is what archgen check runs under, and generate is not', async () => {
        const cwd = await tempDir();
        await writeFile(path.join(cwd, 'model.arch'), await seedText(true));
        const flags = vi.spyOn(v8, 'setFlagsFromString');
        expect((await runCli(['check', 'model.arch'], { cwd })).code).toBe(0);
        expect(flags.mock.calls.map(c => c[0])).toEqual([`--heap-growing-percent=${LEAN_HEAP_GROWING_PERCENT}`, '--heap-growing-percent=0']);
        flags.mockClear();
        expect((await runCli(['generate', 'model.arch', '-o', 'out'], { cwd })).code).toBe(0);
        expect(flags.mock.calls.filter(c => c[0].startsWith('--heap-growing-percent'))).toEqual([]);
    });
});
