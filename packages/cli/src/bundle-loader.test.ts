import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { codeCacheFile, loadBundle, writeCodeCache } from './bundle-loader.js';
import { tempDir } from './test-support/index.js';

/** A CommonJS bundle in the shape of dist/archgen.cjs: `run` and `main`, Node's built-ins through `require`. */
function bundleSource(answer: number): string {
    return `const { basename } = require('node:path');
const twice = n => n * 2;
exports.run = async () => twice(${answer / 2});
exports.main = async () => undefined;
exports.where = () => [basename(__filename), basename(__dirname)];
`;
}

async function writeBundle(source: string): Promise<string> {
    const file = path.join(await tempDir(), 'bundle.cjs');
    writeFileSync(file, source);
    return file;
}

describe('loadBundle and writeCodeCache', () => {
    it('loads a CommonJS bundle with its own require, __filename and __dirname', async () => {
        const file = await writeBundle(bundleSource(42));
        const loaded = loadBundle(file);
        expect(await loaded.exports.run([], undefined as never)).toBe(42);
        expect((loaded.exports as unknown as { where(): string[] }).where()).toEqual(['bundle.cjs', path.basename(path.dirname(file))]);
        expect(loaded.codeCache).toBe('none');
    });

    it('writes a cache for the bundle it was made from, and ignores it for any other', async () => {
        const file = await writeBundle(bundleSource(42));
        const first = loadBundle(file);
        await first.exports.run([], undefined as never);
        writeCodeCache(first);
        expect(readFileSync(codeCacheFile(file), 'latin1')).toMatch(new RegExp(`^archgen-code-cache ${first.hash}\n`));
        // Another bundle of the same length: V8 alone would take the cache (it compares lengths), the hash does not.
        writeFileSync(file, bundleSource(24));
        const changed = loadBundle(file);
        expect(changed.codeCache).toBe('none');
        expect(await changed.exports.run([], undefined as never)).toBe(24);
    });

    it('compiles as usual when V8 refuses the cache, or when told not to use it', async () => {
        // A source this process has not compiled yet: V8 keeps what it compiled and would not look at the cache again.
        const source = bundleSource(46);
        const file = await writeBundle(source);
        const hash = createHash('sha256').update(source).digest('hex');
        writeFileSync(codeCacheFile(file), `archgen-code-cache ${hash}\nnot a V8 code cache`);
        const refused = loadBundle(file);
        expect(refused.codeCache).toBe('rejected');
        expect(await refused.exports.run([], undefined as never)).toBe(46);
        expect(loadBundle(file, { useCodeCache: false }).codeCache).toBe('none');
    });
});

// V8 keeps what it compiled for the life of the process: only a new process shows the cache at work.
const builtLoader = new URL('../dist/bundle-loader.js', import.meta.url);

describe.skipIf(!existsSync(fileURLToPath(builtLoader)))('the code cache in a new process (needs `tsc -b tsconfig.build.json`)', () => {
    function loadInChild(file: string, write: boolean): string {
        const script = `import { loadBundle, writeCodeCache } from ${JSON.stringify(builtLoader.href)};
const loaded = loadBundle(${JSON.stringify(file)});
process.stdout.write(loaded.codeCache + ' ' + (await loaded.exports.run([])));
if (${write}) writeCodeCache(loaded);`;
        return execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    }

    it('is used by the next run', async () => {
        const file = await writeBundle(bundleSource(48));
        expect(loadInChild(file, true)).toBe('none 48');
        expect(loadInChild(file, false)).toBe('used 48');
    });

    // V8 refuses a cache made under other flags: the build makes it under the defaults, and main() sets its own (V8_FLAGS) only once loaded.
    const realBundle = fileURLToPath(new URL('../dist/archgen.cjs', import.meta.url));
    it.skipIf(!existsSync(codeCacheFile(realBundle)))('is used for the built bundle (dist/archgen.cjs)', () => {
        const script = `import { loadBundle } from ${JSON.stringify(builtLoader.href)};
process.stdout.write(loadBundle(${JSON.stringify(realBundle)}).codeCache);`;
        expect(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })).toBe('used');
    });
});
