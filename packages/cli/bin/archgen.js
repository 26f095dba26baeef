#!/usr/bin/env node
// Runs the bundle (dist/archgen.cjs, built by `npm run build`, with its code
// cache) when it is at least as new as the last compile of every package,
// else the compiled entry: a `tsc -b` without the bundle step never runs
// stale code.
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const mtime = url => {
    try {
        return statSync(new URL(url, import.meta.url)).mtimeMs;
    } catch {
        return undefined;
    }
};
const bundle = mtime('../dist/archgen.cjs');
const builds = ['../tsconfig.tsbuildinfo', '../../language/tsconfig.tsbuildinfo', '../../generator/tsconfig.tsbuildinfo', '../../model/tsconfig.tsbuildinfo']
    .map(mtime)
    .filter(t => t !== undefined);
if (bundle !== undefined && builds.every(t => t <= bundle)) {
    const { loadBundle } = await import('../dist/bundle-loader.js');
    await loadBundle(fileURLToPath(new URL('../dist/archgen.cjs', import.meta.url))).exports.main();
} else {
    const { main } = await import('../dist/main.js');
    await main();
}
