// Bundles the built CLI (dist/main.js and the workspace packages' dist/) with
// esbuild into one file, dist/archgen.mjs, which bin/archgen.js runs when it
// is current: a process then loads one file instead of some 1,500 modules
// (about half a second of start-up). Run after `tsc -b` (npm run build does).
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(dirname(fileURLToPath(import.meta.url)));

await build({
    entryPoints: [join(here, 'dist', 'main.js')],
    outfile: join(here, 'dist', 'archgen.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Bundled CommonJS packages require Node's built-ins; an ES module has no `require` of its own.
    banner: { js: "import { createRequire as __archgenCreateRequire } from 'node:module';\nconst require = __archgenCreateRequire(import.meta.url);" },
    sourcemap: false,
    minify: false,
    legalComments: 'none',
    logLevel: 'warning'
});
