import { Graphviz } from '@hpcc-js/wasm-graphviz';
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ecommerceModel } from '../test-support/fixtures.js';
import { toDot } from './dot.js';
import { diagramView } from './view.js';

// The build step of the bundles (scripts/graphviz-wasm.mjs): plain JavaScript, run here on the installed package.
interface GraphvizWasmScript {
    extractGraphvizWasm(source: string, origin?: string): Promise<{ wasm: Buffer; wasmFile: string; module: string }>;
    graphvizWasmPlugin(): import('esbuild').Plugin;
}
const script = (await import(pathToFileURL(fileURLToPath(new URL('../../scripts/graphviz-wasm.mjs', import.meta.url))).href)) as GraphvizWasmScript;

const require = createRequire(import.meta.url);
const packageFile = require.resolve('@hpcc-js/wasm-graphviz');
const packageSource = readFileSync(packageFile, 'utf8');
/** What the script makes of the installed package, once: decoding takes a while. */
let extracted: ReturnType<GraphvizWasmScript['extractGraphvizWasm']> | undefined;
const extract = () => (extracted ??= script.extractGraphvizWasm(packageSource));
const folders: string[] = [];
afterAll(() => folders.forEach(folder => rmSync(folder, { recursive: true, force: true })));

function tempFolder(): string {
    const folder = mkdtempSync(join(tmpdir(), 'archgen-graphviz-wasm-'));
    folders.push(folder);
    return folder;
}

/** Bundles `entry` as the CLI's bundle is built (CommonJS for Node.js), with the plugin, into `folder`. */
async function bundle(entry: string, folder = tempFolder()): Promise<{ folder: string; file: string }> {
    const file = join(folder, 'bundle.cjs');
    writeFileSync(join(folder, 'entry.mjs'), entry);
    await build({
        entryPoints: [join(folder, 'entry.mjs')],
        outfile: file,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        // The entry sits in a temporary folder: packages resolve from here, as from the generator's dist/.
        nodePaths: [join(fileURLToPath(new URL('../../../../node_modules', import.meta.url)))],
        logLevel: 'silent',
        plugins: [script.graphvizWasmPlugin()]
    });
    return { folder, file };
}

describe('extractGraphvizWasm', () => {
    it("decodes the package's inlined WebAssembly and drops it from the module, which reads the file named by its hash", async () => {
        const { wasm, wasmFile, module } = await extract();
        expect([...wasm.subarray(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d]);
        expect(wasmFile).toBe(`graphviz-${createHash('sha256').update(wasm).digest('hex').slice(0, 16)}.wasm`);
        expect(module).toContain(JSON.stringify(wasmFile));
        expect(module).toMatch(/\?\?=__archgenGraphvizWasm\(\)/);
        // The inlined text was most of the package.
        expect(module.length).toBeLessThan(packageSource.length / 2);
    });

    it('fails, naming what to update, when the package is not shaped as expected any more', async () => {
        const renamed = packageSource.replace(/wasmBinary:/g, 'wasmBytes:');
        await expect(script.extractGraphvizWasm(renamed, 'pkg')).rejects.toThrow(/pkg: expected one WebAssembly loader .* found 0.*update packages\/generator\/scripts\/graphviz-wasm\.mjs/);
        const loader = /function [\w$]+\(\)\{return [\w$]+\?\?=[^}]*\}/.exec(packageSource)![0];
        await expect(script.extractGraphvizWasm(`${packageSource}\n${loader}`)).rejects.toThrow(/found 2/);
    });
});

describe('graphvizWasmPlugin', () => {
    const dot = toDot(diagramView(ecommerceModel));

    it('bundles Graphviz reading graphviz-<hash>.wasm beside the bundle: the same SVG, without the inlined copy', async () => {
        const { folder, file } = await bundle("export { Graphviz } from '@hpcc-js/wasm-graphviz';\n");
        const wasmFiles = readdirSync(folder).filter(name => name.endsWith('.wasm'));
        expect(wasmFiles).toEqual([(await extract()).wasmFile]);
        expect(statSync(file).size).toBeLessThan(packageSource.length / 2);
        const bundled = (require(file) as { Graphviz: typeof Graphviz }).Graphviz;
        expect((await bundled.load()).dot(dot, 'svg')).toBe((await Graphviz.load()).dot(dot, 'svg'));
    });

    it('leaves no WebAssembly of another build beside the bundle', async () => {
        const { folder } = await bundle("export { Graphviz } from '@hpcc-js/wasm-graphviz';\n");
        writeFileSync(join(folder, 'graphviz-0123456789abcdef.wasm'), 'another build');
        await bundle("export { Graphviz } from '@hpcc-js/wasm-graphviz';\n", folder);
        expect(readdirSync(folder).filter(name => name.endsWith('.wasm'))).toEqual([(await extract()).wasmFile]);
    });

    it('fails to load, saying so, when its WebAssembly is missing', async () => {
        const { folder, file } = await bundle("export { Graphviz } from '@hpcc-js/wasm-graphviz';\n");
        for (const name of readdirSync(folder).filter(name => name.endsWith('.wasm'))) rmSync(join(folder, name));
        const bundled = (require(file) as { Graphviz: typeof Graphviz }).Graphviz;
        await expect(Promise.resolve().then(() => bundled.load())).rejects.toThrow(/Graphviz's WebAssembly .*graphviz-[0-9a-f]{16}\.wasm cannot be read \(ENOENT\): build the bundle again/);
    });

    it('fails the build when the package is not bundled: nothing to rewrite', async () => {
        await expect(bundle('export const nothing = 1;\n')).rejects.toThrow(/@hpcc-js\/wasm-graphviz was not bundled/);
    });
});
