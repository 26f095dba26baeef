/**
 * A small seeded random source (mulberry32 over a splitmix-style seed hash).
 * The same seed gives the same sequence on every platform, so a seed
 * reproduces an input.
 */
export class Rng {
    private state: number;

    constructor(seed: number) {
        // Mix the seed so that neighbouring seeds start far apart.
        let h = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
        h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
        h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
        this.state = (h ^ (h >>> 16)) >>> 0;
        // Let the high bits of large seeds count too.
        this.state = (this.state ^ Math.floor(seed / 0x1_0000_0000)) >>> 0;
    }

    /** A float in [0, 1). */
    next(): number {
        let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    }

    /** An integer in [min, max] (both included). */
    int(min: number, max: number): number {
        return min + Math.floor(this.next() * (max - min + 1));
    }

    /** An index in [0, length). */
    index(length: number): number {
        return Math.floor(this.next() * length);
    }

    /** True with probability p. */
    chance(p: number): boolean {
        return this.next() < p;
    }

    pick<T>(items: readonly T[]): T {
        if (items.length === 0) throw new Error('pick from an empty list');
        return items[this.index(items.length)]!;
    }

    /** Picks by weight: `[[3, 'a'], [1, 'b']]` gives 'a' three times as often. */
    weighted<T>(choices: readonly (readonly [number, T])[]): T {
        const total = choices.reduce((sum, [w]) => sum + w, 0);
        let r = this.next() * total;
        for (const [w, value] of choices) {
            r -= w;
            if (r < 0) return value;
        }
        return choices[choices.length - 1]![1];
    }

    /** A few distinct items, in their original order. */
    some<T>(items: readonly T[], min: number, max: number): T[] {
        const count = Math.min(items.length, this.int(min, max));
        const chosen = new Set<number>();
        while (chosen.size < count) chosen.add(this.index(items.length));
        return [...chosen].sort((a, b) => a - b).map(i => items[i]!);
    }

    /** A small count with a long tail: 0 often, 1 often, more now and then. */
    geometric(p: number, max: number): number {
        let n = 0;
        while (n < max && this.chance(p)) n++;
        return n;
    }

    shuffle<T>(items: readonly T[]): T[] {
        const copy = [...items];
        for (let i = copy.length - 1; i > 0; i--) {
            const j = this.index(i + 1);
            [copy[i], copy[j]] = [copy[j]!, copy[i]!];
        }
        return copy;
    }
}
