import { chmod, mkdir, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { CliError, describeFsError } from '../io.js';
import { writeFileAtomic } from './atomic.js';
import { FILE_CONCURRENCY, mapConcurrent } from './concurrent.js';
import { ENV_MODE, ENV_PATH } from './env.js';
import { MANIFEST_PATH } from './manifest.js';
import { EXECUTABLE_MODE, type WritePlan } from './plan.js';

/** Called before each file is written: 1-based index, total, relative path. */
export type Progress = (done: number, total: number, path: string) => void;

interface Write {
    readonly path: string;
    readonly absolute: string;
    readonly content: string;
    readonly mode?: number;
}

/** The files the plan writes, in order (the manifest and `.env` excluded). */
export function writesOf(plan: WritePlan): Write[] {
    const writes: Write[] = [];
    for (const action of plan.actions) {
        const mode = 'executable' in action && action.executable ? EXECUTABLE_MODE : undefined;
        switch (action.kind) {
            case 'create':
            case 'update':
            case 'overwrite':
                writes.push({ path: action.path, absolute: action.absolute, content: action.content, ...(mode ? { mode } : {}) });
                break;
            case 'keep':
                if (!action.newUnchanged) {
                    writes.push({ path: action.newPath, absolute: action.newAbsolute, content: action.content, ...(mode ? { mode } : {}) });
                }
                break;
            default:
                break;
        }
    }
    return writes;
}

/**
 * Carries out a plan: generated files first (atomically, several at a time),
 * then removals, then `.env`, and the manifest last, so an interrupted run
 * leaves the previous manifest and the next run still recognises every file.
 */
export async function applyPlan(plan: WritePlan, progress?: Progress): Promise<void> {
    const writes = writesOf(plan);
    await io(plan.root, '.', () => mkdir(plan.root, { recursive: true }));
    // Each folder is made once, by the first of its files (a hundred files live in a dozen folders).
    const folders = new Map<string, Promise<unknown>>();
    const folder = (absolute: string): Promise<unknown> => {
        let made = folders.get(absolute);
        if (!made) folders.set(absolute, (made = mkdir(absolute, { recursive: true })));
        return made;
    };
    // Several at a time: each write waits mostly for the file system.
    await mapConcurrent(writes, FILE_CONCURRENCY, async (write, index) => {
        progress?.(index + 1, writes.length, write.path);
        await io(plan.root, write.path, async () => {
            await folder(path.dirname(write.absolute));
            // Made again by the next generate: not flushed one by one (writeFileAtomic); .env and the manifest are.
            await writeFileAtomic(write.absolute, write.content, write.mode, { flush: false });
        });
    });
    for (const action of plan.actions) {
        if (action.kind === 'unchanged' && action.chmod !== undefined) {
            const mode = action.chmod;
            await io(plan.root, action.path, () => chmod(action.absolute, mode));
        } else if (action.kind === 'remove') {
            await io(plan.root, action.path, async () => {
                await rm(action.absolute, { force: true });
                await pruneEmptyFolders(plan.root, path.dirname(action.absolute));
            });
        }
    }
    const env = plan.env;
    if (env.kind === 'create' || env.kind === 'update') {
        await io(plan.root, ENV_PATH, () => writeFileAtomic(env.absolute, env.text, ENV_MODE));
    } else if (env.kind === 'unchanged' && env.chmod) {
        await io(plan.root, ENV_PATH, () => chmod(env.absolute, ENV_MODE));
    }
    if (plan.manifest.write) {
        await io(plan.root, MANIFEST_PATH, async () => {
            await mkdir(path.dirname(plan.manifest.absolute), { recursive: true });
            await writeFileAtomic(plan.manifest.absolute, plan.manifest.text);
        });
    }
}

/** Removes `folder` and its parents while they are empty, stopping at the output folder. */
async function pruneEmptyFolders(root: string, folder: string): Promise<void> {
    let current = folder;
    while (current !== root && current.startsWith(root + path.sep)) {
        try {
            await rmdir(current);
        } catch {
            return;
        }
        current = path.dirname(current);
    }
}

async function io<T>(root: string, relativePath: string, operation: () => Promise<T>): Promise<T> {
    try {
        return await operation();
    } catch (error) {
        const where = relativePath === '.' ? root : relativePath;
        throw new CliError(`cannot write '${where}': ${describeFsError(error)}`);
    }
}
