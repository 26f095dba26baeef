import { readFile, stat } from 'node:fs/promises';
import { compareStrings } from '../files/expand.js';
import type { GeneratedFile, SecretSpec } from '../generator.js';
import { CliError, describeFsError, isFsError } from '../io.js';
import { FILE_CONCURRENCY, mapConcurrent } from './concurrent.js';
import { ENV_MODE, ENV_PATH, mergeEnv } from './env.js';
import { OutputGuard, UnsafePathError, normaliseRelativePath } from './guard.js';
import { MANIFEST_PATH, hashContent, parseManifest, serializeManifest, type Manifest } from './manifest.js';

export const EXECUTABLE_MODE = 0o755;

/** Why an existing file is the user's: edited since archgen wrote it, or never written by archgen. */
export type KeptReason = 'edited' | 'not-generated';

interface Target {
    /** Relative to the output folder, `/`-separated. */
    readonly path: string;
    readonly absolute: string;
}

interface Content {
    readonly content: string;
    readonly executable: boolean;
    /** The user's once written: never replaced, no `.new` (only --force rewrites it). */
    readonly once: boolean;
}

/** What happens to one path. Computed before anything is written. */
export type FileAction =
    /** A new file. */
    | (Target & Content & { readonly kind: 'create' })
    /** archgen's own earlier output, unedited, replaced by the new content. */
    | (Target & Content & { readonly kind: 'update' })
    /** A user's file replaced because of `--force`. */
    | (Target & Content & { readonly kind: 'overwrite'; readonly reason: KeptReason })
    /** Already the generated content: not touched (only its mode fixed, if needed). */
    | (Target & { readonly kind: 'unchanged'; readonly chmod?: number })
    /** A user's file kept; the generated content goes beside it as `<path>.new`. */
    | (Target &
          Content & {
              readonly kind: 'keep';
              readonly reason: KeptReason;
              readonly newPath: string;
              readonly newAbsolute: string;
              /** `<path>.new` already holds exactly this content. */
              readonly newUnchanged: boolean;
          })
    /** archgen wrote it before, it is no longer generated, and the user did not edit it. */
    | (Target & { readonly kind: 'remove' })
    /** No longer generated but edited by the user: kept, and forgotten by the manifest. */
    | (Target & { readonly kind: 'keep-removed' });

export type EnvPlan =
    | { readonly kind: 'none' }
    | { readonly kind: 'create' | 'update'; readonly absolute: string; readonly text: string; readonly added: readonly string[] }
    | { readonly kind: 'unchanged'; readonly absolute: string; readonly chmod: boolean };

export interface WritePlan {
    /** The output folder, absolute. */
    readonly root: string;
    readonly actions: readonly FileAction[];
    readonly env: EnvPlan;
    readonly manifest: { readonly absolute: string; readonly text: string; readonly write: boolean };
    /** Things the user should know that did not stop the run (an unreadable manifest). */
    readonly notes: readonly string[];
}

export interface PlanOptions {
    readonly root: string;
    readonly files: readonly GeneratedFile[];
    readonly secrets: readonly SecretSpec[];
    readonly force: boolean;
    /** The manifest's fields other than `files`. */
    readonly manifest: Omit<Manifest, 'files'>;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Decides, for every generated file, every file of the previous manifest and
 * `.env`, what the write will do. Reads only; throws before anything is written
 * when a path is unsafe.
 */
export async function planWrite(options: PlanOptions): Promise<WritePlan> {
    const guard = await OutputGuard.create(options.root);
    const notes: string[] = [];
    const generated = await resolveGenerated(guard, options.files);
    const envAbsolute = await guard.resolve(ENV_PATH);
    const manifestAbsolute = await guard.resolve(MANIFEST_PATH);
    const previousText = await readInOutput(guard, manifestAbsolute, MANIFEST_PATH);
    const previous = previousManifest(previousText?.toString('utf8'), notes);

    const files: Record<string, string> = {};
    for (const file of generated) files[file.path] = hashContent(file.content);
    const actions: FileAction[] = await mapConcurrent(generated, FILE_CONCURRENCY, file =>
        planFile(guard, file, files[file.path]!, previous?.files[file.path], options.force)
    );
    for (const [path, hash] of Object.entries(previous?.files ?? {}).sort(([a], [b]) => compareStrings(a, b))) {
        if (files[path] !== undefined) continue;
        let target: Target;
        try {
            target = { path: normaliseRelativePath(path), absolute: await guard.resolve(path) };
        } catch (error) {
            if (!(error instanceof UnsafePathError)) throw error;
            notes.push(`ignoring '${path}' of ${MANIFEST_PATH}: ${error.reason}`);
            continue;
        }
        if (target.path === ENV_PATH || target.path === MANIFEST_PATH || files[target.path] !== undefined) continue;
        const current = await readIfExists(target.absolute, target.path);
        if (!current) continue;
        actions.push({ ...target, kind: hashContent(current) === hash ? 'remove' : 'keep-removed' });
    }

    const manifestText = serializeManifest({ ...options.manifest, files });
    return {
        root: guard.root,
        actions,
        env: await planEnv(guard, envAbsolute, options.secrets),
        manifest: { absolute: manifestAbsolute, text: manifestText, write: previousText?.toString('utf8') !== manifestText },
        notes
    };
}

async function resolveGenerated(guard: OutputGuard, files: readonly GeneratedFile[]): Promise<(Target & Content)[]> {
    // The links are followed for all files at once; the checks then run in order, so the first bad file is reported.
    const absolutes = await mapConcurrent(files, FILE_CONCURRENCY, async file => {
        try {
            return { absolute: await guard.resolve(normaliseRelativePath(file.path)) };
        } catch (error) {
            return { error };
        }
    });
    const seen = new Set<string>();
    const resolved: (Target & Content)[] = [];
    for (const [index, file] of files.entries()) {
        const path = normaliseRelativePath(file.path);
        if (path === ENV_PATH || path === '.archgen' || path.startsWith('.archgen/')) {
            throw new CliError(`refusing to write '${file.path}': the path is reserved for archgen itself`);
        }
        if (seen.has(path)) throw new CliError(`the generator produced '${path}' twice`);
        seen.add(path);
        const target = absolutes[index]!;
        if ('error' in target) throw target.error;
        resolved.push({ path, absolute: target.absolute, content: file.content, executable: file.executable === true, once: file.once === true });
    }
    return resolved.sort((a, b) => compareStrings(a.path, b.path));
}

function previousManifest(text: string | undefined, notes: string[]): Manifest | undefined {
    if (text === undefined) return undefined;
    const parsed = parseManifest(text);
    if ('invalid' in parsed) {
        notes.push(`ignoring ${MANIFEST_PATH}: ${parsed.invalid}; existing files that differ are treated as yours`);
        return undefined;
    }
    return parsed;
}

async function planFile(
    guard: OutputGuard,
    file: Target & Content,
    hash: string,
    previousHash: string | undefined,
    force: boolean
): Promise<FileAction> {
    const current = await readInOutput(guard, file.absolute, file.path);
    if (!current) return { ...file, kind: 'create' };
    if (hashContent(current) === hash) {
        const mode = file.executable ? await modeOf(file.absolute) : undefined;
        return mode !== undefined && mode !== EXECUTABLE_MODE
            ? { path: file.path, absolute: file.absolute, kind: 'unchanged', chmod: EXECUTABLE_MODE }
            : { path: file.path, absolute: file.absolute, kind: 'unchanged' };
    }
    if (file.once && !force) return { path: file.path, absolute: file.absolute, kind: 'unchanged' };
    if (previousHash !== undefined && hashContent(current) === previousHash) return { ...file, kind: 'update' };
    const reason: KeptReason = previousHash === undefined ? 'not-generated' : 'edited';
    if (force) return { ...file, kind: 'overwrite', reason };
    const newPath = `${file.path}.new`;
    const newAbsolute = await guard.resolve(newPath);
    const existingNew = await readIfExists(newAbsolute, newPath);
    return { ...file, kind: 'keep', reason, newPath, newAbsolute, newUnchanged: existingNew !== undefined && hashContent(existingNew) === hash };
}

async function planEnv(guard: OutputGuard, absolute: string, secrets: readonly SecretSpec[]): Promise<EnvPlan> {
    for (const secret of secrets) {
        if (!ENV_NAME.test(secret.name)) throw new CliError(`the generator produced an invalid secret name '${secret.name}'`);
    }
    const existing = await readInOutput(guard, absolute, ENV_PATH);
    if (!existing && secrets.length === 0) return { kind: 'none' };
    const merged = mergeEnv(existing?.toString('utf8'), secrets);
    if (merged.text !== undefined) return { kind: existing ? 'update' : 'create', absolute, text: merged.text, added: merged.added };
    return { kind: 'unchanged', absolute, chmod: (await modeOf(absolute)) !== ENV_MODE };
}

/**
 * A file of the output folder (a path `guard` resolved), as readIfExists reads
 * it, without asking the disk when its folder was found absent (a first run
 * reads no file).
 */
async function readInOutput(guard: OutputGuard, absolute: string, shown: string): Promise<Buffer | undefined> {
    return (await guard.inAbsentFolder(absolute)) ? undefined : readIfExists(absolute, shown);
}

/** The file's bytes, or undefined when there is none; a folder in the way is an I/O error. */
async function readIfExists(absolute: string, shown: string): Promise<Buffer | undefined> {
    try {
        return await readFile(absolute);
    } catch (error) {
        if (isFsError(error, 'ENOENT')) return undefined;
        throw new CliError(`cannot read '${shown}' in the output folder: ${describeFsError(error)}`);
    }
}

async function modeOf(absolute: string): Promise<number> {
    return (await stat(absolute)).mode & 0o777;
}
