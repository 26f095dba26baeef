#!/usr/bin/env node
// Runs the bundle (dist/archgen.mjs, built by `npm run build`) when it is at
// least as new as the last compile of every package, else the compiled entry:
// a `tsc -b` without the bundle step never runs stale code.
import { statSync } from 'node:fs';

const mtime = url => {
    try {
        return statSync(new URL(url, import.meta.url)).mtimeMs;
    } catch {
        return undefined;
    }
};
const bundle = mtime('../dist/archgen.mjs');
const builds = ['../tsconfig.tsbuildinfo', '../../language/tsconfig.tsbuildinfo', '../../generator/tsconfig.tsbuildinfo', '../../model/tsconfig.tsbuildinfo']
    .map(mtime)
    .filter(t => t !== undefined);
const current = bundle !== undefined && builds.every(t => t <= bundle);
const { main } = await import(current ? '../dist/archgen.mjs' : '../dist/main.js');

await main();
