import { describe, expect, it } from 'vitest';
import { mapConcurrent } from './concurrent.js';

const tick = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms));

describe('mapConcurrent', () => {
    it('keeps the order of the items and never runs more than the limit at once', async () => {
        let running = 0;
        let most = 0;
        const started: number[] = [];
        const results = await mapConcurrent([30, 5, 20, 1, 10, 2], 3, async (ms, index) => {
            started.push(index);
            most = Math.max(most, ++running);
            await tick(ms);
            running--;
            return ms * 2;
        });
        expect(results).toEqual([60, 10, 40, 2, 20, 4]);
        expect(started).toEqual([0, 1, 2, 3, 4, 5]);
        expect(most).toBe(3);
    });

    it('handles no items', async () => {
        expect(await mapConcurrent([], 4, async () => 1)).toEqual([]);
    });

    it('throws the error of the earliest failed item and starts nothing after a failure', async () => {
        const started: number[] = [];
        const run = mapConcurrent([0, 1, 2, 3, 4, 5], 2, async index => {
            started.push(index);
            // Item 1 fails at once, item 0 (earlier) a little later.
            await tick(index === 0 ? 20 : 1);
            if (index <= 1) throw new Error(`failed ${index}`);
            return index;
        });
        await expect(run).rejects.toThrow('failed 0');
        expect(started).toEqual([0, 1]);
    });
});
