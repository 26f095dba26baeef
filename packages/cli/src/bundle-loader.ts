import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import type { CliIo } from './io.js';
import type { Dependencies } from './context.js';

/** What the bundle (dist/archgen.cjs, dist/main.js bundled) exports. */
export interface BundleExports {
    main(): Promise<void>;
    run(argv: readonly string[], io: CliIo, deps?: Partial<Dependencies>): Promise<number>;
}

export interface LoadedBundle {
    readonly file: string;
    readonly exports: BundleExports;
    /** `used`: V8 took its code from the cache; `rejected`: V8 refused it (another Node.js or other V8 flags); `none`: there is none for this bundle. */
    readonly codeCache: 'used' | 'rejected' | 'none';
    /** The SHA-256 of the bundle, to which its code cache belongs. */
    readonly hash: string;
    readonly script: vm.Script;
}

const MAGIC = 'archgen-code-cache';

/** The V8 code cache of a bundle: `<bundle>.cache`. */
export function codeCacheFile(bundle: string): string {
    return `${bundle}.cache`;
}

/**
 * Loads a CommonJS bundle the way `require` would, but compiled with the V8
 * code cache written beside it at build time (writeCodeCache): the functions
 * a run needs come already compiled instead of being parsed and compiled as
 * they are first called. The cache starts with the SHA-256 of the bundle it
 * was made from and is used only for exactly that bundle; V8 itself refuses
 * one made by another version or with other flags. Without a usable cache the
 * bundle is compiled as usual.
 */
export function loadBundle(file: string, options: { readonly useCodeCache?: boolean } = {}): LoadedBundle {
    const bytes = readFileSync(file);
    const hash = createHash('sha256').update(bytes).digest('hex');
    const cachedData = options.useCodeCache === false ? undefined : readCodeCache(file, hash);
    const script = new vm.Script(Module.wrap(bytes.toString('utf8')), { filename: file, ...(cachedData ? { cachedData } : {}) });
    const module = { exports: {} as BundleExports };
    const wrapper = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
    wrapper(module.exports, createRequire(file), module, file, path.dirname(file));
    const codeCache = cachedData === undefined ? 'none' : script.cachedDataRejected === true ? 'rejected' : 'used';
    return { file, exports: module.exports, codeCache, hash, script };
}

/**
 * Writes the code cache of a loaded bundle: every function compiled so far,
 * so call it after running what the cache should cover. Atomic: a run
 * reading it at the same time sees the old cache or the new one.
 */
export function writeCodeCache(bundle: LoadedBundle): void {
    const target = codeCacheFile(bundle.file);
    const temporary = `${target}.${process.pid}.tmp`;
    writeFileSync(temporary, Buffer.concat([Buffer.from(`${MAGIC} ${bundle.hash}\n`), bundle.script.createCachedData()]));
    renameSync(temporary, target);
}

function readCodeCache(bundle: string, hash: string): Buffer | undefined {
    let cache: Buffer;
    try {
        cache = readFileSync(codeCacheFile(bundle));
    } catch {
        return undefined;
    }
    const header = Buffer.from(`${MAGIC} ${hash}\n`);
    return cache.subarray(0, header.length).equals(header) ? cache.subarray(header.length) : undefined;
}
