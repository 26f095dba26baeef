// Bundles the built CLI (dist/main.js and the workspace packages' dist/) with
// esbuild, for bin/archgen.js to run when it is current: a process then loads
// one file instead of some 1,500 modules (about half a second of start-up).
//
//   dist/archgen.cjs        the CLI, with the generator's templates precompiled
//   dist/archgen.cjs.cache  its V8 code cache (src/bundle-loader.ts)
//   dist/launcher.cjs       what bin/archgen.js runs (src/launcher.ts): the daemon
//                           client and the bundle loader; written last, so
//                           the bin never runs a bundle whose step did not end
//   dist/graphviz-<hash>.wasm  Graphviz's WebAssembly, decoded once here
//                           (generator/scripts/graphviz-wasm.mjs)
//
// CommonJS, because Node.js 20 has a code cache for scripts only, not for ES
// modules. The cache is made here by running the bundle over the examples
// (check, generate, diagram), so it holds the functions those commands
// compile, for any model: compiling them is much of a short run.
// Run after `tsc -b` (npm run build does).
import { build } from 'esbuild';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { graphvizWasmPlugin } from '../../generator/scripts/graphviz-wasm.mjs';
import { precompiledTemplatesPlugin } from '../../generator/scripts/precompile-templates.mjs';
import { codeCacheFile, loadBundle, writeCodeCache } from '../dist/bundle-loader.js';

const here = dirname(dirname(fileURLToPath(import.meta.url)));
const repo = join(here, '..', '..');
const dist = join(here, 'dist');
const bundle = join(dist, 'archgen.cjs');

const launcher = join(dist, 'launcher.cjs');
// Earlier layouts of the bundle, and the launcher, which marks a finished bundle step.
rmSync(join(dist, 'archgen.mjs'), { force: true });
rmSync(launcher, { force: true });
rmSync(codeCacheFile(bundle), { force: true });

const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // The sources are ES modules that find files beside themselves through import.meta.url (the version, the templates).
    banner: { js: "const __archgen_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__archgen_import_meta_url' },
    sourcemap: false,
    // Whitespace and comments only (names and syntax stay): 0.8 MB less to read, hash, decode and compile each run.
    minifyWhitespace: true,
    legalComments: 'none',
    logLevel: 'warning'
};
await build({ ...common, entryPoints: [join(dist, 'main.js')], outfile: bundle, plugins: [precompiledTemplatesPlugin(), graphvizWasmPlugin()] });

await trainCodeCache();

await build({ ...common, entryPoints: [join(dist, 'launcher.js')], outfile: launcher });

/** Runs the commands a user runs most over every example, then writes what V8 compiled meanwhile. */
async function trainCodeCache() {
    const loaded = loadBundle(bundle, { useCodeCache: false });
    const examples = readdirSync(join(repo, 'examples'))
        .map(name => join(repo, 'examples', name))
        // `<name>.arch`, and `<folder>/<folder>.arch` for a model in several files.
        .flatMap(path => (path.endsWith('.arch') ? [path] : [join(path, `${basename(path)}.arch`)]))
        .filter(path => existsSync(path) && statSync(path).isFile());
    const output = mkdtempSync(join(tmpdir(), 'archgen-code-cache-'));
    const quiet = { write: () => true };
    const io = { stdout: quiet, stderr: quiet, cwd: output, env: {}, stdoutIsTTY: false, stderrIsTTY: false };
    try {
        const runs = [
            ['--version'],
            ['--help'],
            ['check', join(repo, 'examples')],
            ...examples.flatMap((example, index) => [
                ['generate', example, '--target', 'all', '-o', join(output, String(index))],
                ['diagram', example, '--format', 'dot']
            ])
        ];
        // An example with errors (while someone edits it) still compiles most of the code: the exit codes do not matter here.
        for (const argv of runs) await loaded.exports.run(argv, io);
    } finally {
        rmSync(output, { recursive: true, force: true });
    }
    writeCodeCache(loaded);
}
