#!/usr/bin/env node
// `npm run fuzz -- ...`: bundles fuzz/run.ts with esbuild (the repository has
// no tsx) against the TypeScript sources of the packages, as vitest does, so
// a fix in packages/*/src is fuzzed without a build; then runs the bundle.
// The bundle lives under node_modules/.cache, inside the repository, so the
// generator still finds templates/ and the packages still resolve.
import { build } from 'esbuild';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outdir = join(root, 'node_modules', '.cache', 'archgen-fuzz');
mkdirSync(outdir, { recursive: true });
const outfile = join(outdir, 'run.mjs');

const sources = {
    name: 'archgen-sources',
    setup(b) {
        b.onResolve({ filter: /^@archgen\/(model|language|generator)$/ }, args => ({
            path: join(root, 'packages', args.path.slice('@archgen/'.length), 'src', 'index.ts')
        }));
        // The sources import each other with `.js` specifiers that name `.ts` files.
        b.onResolve({ filter: /^\.\.?\/.*\.js$/ }, args => {
            if (!args.importer.endsWith('.ts')) return undefined;
            const ts = join(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
            return existsSync(ts) ? { path: ts } : undefined;
        });
    }
};

await build({
    entryPoints: [join(root, 'fuzz', 'run.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    plugins: [sources],
    sourcemap: 'inline',
    logLevel: 'warning'
});

// Stack traces of failures point at the TypeScript sources.
process.setSourceMapsEnabled(true);
await import(pathToFileURL(outfile).href);
