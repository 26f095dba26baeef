#!/usr/bin/env node
// Runs the bundle (dist/archgen.cjs, built by `npm run build`, with its code
// cache) through dist/launcher.cjs when both are at least as new as the last
// compile of every package, else the compiled entry: a `tsc -b` without the
// bundle step never runs stale code. The launcher sends the command to the
// `archgen daemon` of that bundle when one runs, and otherwise runs it here
// and starts one for the next command (src/launcher.ts).
// CommonJS (bin/package.json): Node.js then starts without its ES module
// loader, which a call that a daemon answers would spend most of its time in.
'use strict';
const { statSync } = require('node:fs');
const path = require('node:path');

const mtime = relative => {
    try {
        return statSync(path.join(__dirname, relative)).mtimeMs;
    } catch {
        return undefined;
    }
};
const bundled = [mtime('../dist/archgen.cjs'), mtime('../dist/launcher.cjs')];
const builds = ['../tsconfig.tsbuildinfo', '../../language/tsconfig.tsbuildinfo', '../../generator/tsconfig.tsbuildinfo', '../../model/tsconfig.tsbuildinfo']
    .map(mtime)
    .filter(t => t !== undefined);
if (bundled.every(b => b !== undefined && builds.every(t => t <= b))) {
    require('../dist/launcher.cjs').launch(path.join(__dirname, '..', 'dist', 'archgen.cjs'));
} else {
    import('../dist/main.js').then(({ main }) => main());
}
