import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The monorepo's root: the first folder above this module that holds both
 * `packages/` and `examples/`. Found by walking up, so the same code works
 * from `fuzz/` under vitest and from the bundle the long runner builds.
 */
export function repoRoot(): string {
    if (root) return root;
    const start = dirname(fileURLToPath(import.meta.url));
    for (let dir = start; ; dir = dirname(dir)) {
        if (existsSync(join(dir, 'packages', 'language')) && existsSync(join(dir, 'examples'))) return (root = dir);
        if (dirname(dir) === dir) throw new Error(`No archgen repository above ${start}.`);
    }
}
