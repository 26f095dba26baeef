// Graphviz's WebAssembly as a file beside the bundle: an esbuild plugin for
// the bundles. @hpcc-js/wasm-graphviz holds its WebAssembly inlined as base91
// text compressed with zstd, and decodes it in every process that loads
// Graphviz (some 50 ms of a 400 ms `archgen generate`). The plugin decodes it
// once, at build time, with the package's own code, writes it beside the
// bundle as graphviz-<hash>.wasm, and bundles the package reading that file
// instead, without the inlined text (0.8 MB less to load). The name carries
// the SHA-256 of the bytes, so a bundle reads exactly the WebAssembly it was
// built with and never another build's. The package itself is unchanged: the
// compiled modules (dist/) and the tests still decode the inlined copy.
//
// The rewrite expects the loader of @hpcc-js/wasm-graphviz 1.x,
//   function kt(){return Lr??=Ct(ro(to)),St({wasmBinary:Lr,locateFile:()=>""})}
// and fails the build if a package update changes it, rather than bundle a
// copy that silently decodes again.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** `function kt(){return Lr??=Ct(ro(to)),St({wasmBinary:Lr,`: the loader, the cached bytes, zstd, base91, the inlined text. */
const LOADER = /function [\w$]+\(\)\{return ([\w$]+)\?\?=([\w$]+)\(([\w$]+)\(([\w$]+)\)\),[\w$]+\(\{wasmBinary:\1,/g;
const WASM_MAGIC = Buffer.from([0x00, 0x61, 0x73, 0x6d]);
const WASM_FILE = /^graphviz-[0-9a-f]{16}\.wasm$/;

/**
 * Splits the source of the package's module into its WebAssembly, decoded by
 * the module's own functions, and the module reading `<bundle folder>/<wasmFile>`
 * instead. Throws when the source is not shaped as expected.
 */
export async function extractGraphvizWasm(source, origin = '@hpcc-js/wasm-graphviz') {
    const loaders = [...source.matchAll(LOADER)];
    if (loaders.length !== 1) {
        throw new Error(
            `${origin}: expected one WebAssembly loader \`function kt(){return Lr??=Ct(ro(to)),St({wasmBinary:Lr,...\`, found ${loaders.length}; ` +
                'the package changed: update packages/generator/scripts/graphviz-wasm.mjs.'
        );
    }
    const [, bytes, zstd, base91, inlined] = loaders[0];
    const decoded = `${bytes}??=${zstd}(${base91}(${inlined}))`;
    const { wasm, text } = await evaluateWith(source, `export const __archgen = { wasm: ${zstd}(${base91}(${inlined})), text: ${inlined} };`);
    if (!(wasm instanceof Uint8Array) || !Buffer.from(wasm.buffer, wasm.byteOffset, 4).equals(WASM_MAGIC)) {
        throw new Error(`${origin}: ${zstd}(${base91}(${inlined})) did not give WebAssembly; update packages/generator/scripts/graphviz-wasm.mjs.`);
    }
    // The inlined text, as written in the source: the only string literal holding it.
    const literals = ["'", '"', '`'].map(quote => `${inlined}=${quote}${text}${quote}`).filter(literal => source.split(literal).length === 2);
    if (literals.length !== 1 || source.split(decoded).length !== 2) {
        throw new Error(`${origin}: the inlined WebAssembly '${inlined}' is not one plain string literal; update packages/generator/scripts/graphviz-wasm.mjs.`);
    }
    const wasmFile = `graphviz-${createHash('sha256').update(wasm).digest('hex').slice(0, 16)}.wasm`;
    const reader = `function __archgenGraphvizWasm() {
    const file = require("node:path").join(__dirname, ${JSON.stringify(wasmFile)});
    try {
        return require("node:fs").readFileSync(file);
    } catch (error) {
        throw new Error("Graphviz's WebAssembly " + file + " cannot be read (" + (error.code ?? error) + "): build the bundle again.");
    }
}
`;
    // Replaced by functions: a replacement string would read `$'` in an identifier as a pattern.
    const module = reader + source.replace(literals[0], () => `${inlined}=''`).replace(decoded, () => `${bytes}??=__archgenGraphvizWasm()`);
    return { wasm: Buffer.from(wasm.buffer, wasm.byteOffset, wasm.byteLength), wasmFile, module };
}

/** Imports `source` with `exports` appended (from a temporary file: it is an ES module) and returns `__archgen`. */
async function evaluateWith(source, exports) {
    const folder = mkdtempSync(join(tmpdir(), 'archgen-graphviz-'));
    try {
        const file = join(folder, 'index.mjs');
        // Without its source map comment: the map is not beside the copy.
        writeFileSync(file, `${source.replace(/^\/\/# sourceMappingURL=.*$/m, '')}\n${exports}\n`);
        return (await import(pathToFileURL(file).href)).__archgen;
    } finally {
        rmSync(folder, { recursive: true, force: true });
    }
}

/**
 * The esbuild plugin: bundles @hpcc-js/wasm-graphviz reading its WebAssembly
 * from graphviz-<hash>.wasm beside the bundle (the folder of `outfile`), which
 * it writes there, removing any other build's. Fails the build when the
 * package is not bundled or not shaped as expected.
 */
export function graphvizWasmPlugin() {
    return {
        name: 'archgen-graphviz-wasm',
        setup(build) {
            const { outfile, outdir } = build.initialOptions;
            const folder = outdir ?? (outfile ? dirname(outfile) : undefined);
            if (folder === undefined) throw new Error('archgen-graphviz-wasm: the build has neither outfile nor outdir.');
            let written;
            build.onStart(() => {
                written = undefined;
            });
            build.onLoad({ filter: /[\\/]@hpcc-js[\\/]wasm-graphviz[\\/].*\.[cm]?js$/ }, async args => {
                const { wasm, wasmFile, module } = await extractGraphvizWasm(readFileSync(args.path, 'utf8'), args.path);
                mkdirSync(folder, { recursive: true });
                writeFileSync(join(folder, wasmFile), wasm);
                written = wasmFile;
                return { contents: module, loader: 'js', resolveDir: dirname(args.path) };
            });
            build.onEnd(result => {
                if (result.errors.length > 0) return;
                if (written === undefined) {
                    return { errors: [{ text: 'archgen-graphviz-wasm: @hpcc-js/wasm-graphviz was not bundled (or not from dist/*.js): nothing to rewrite.' }] };
                }
                for (const name of readdirSync(folder)) if (WASM_FILE.test(name) && name !== written) rmSync(join(folder, name), { force: true });
                return undefined;
            });
        }
    };
}
