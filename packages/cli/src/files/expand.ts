import type { Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { CliError, describeFsError, isFsError } from '../io.js';

/** Folders never searched when walking a folder or a glob's base. */
function skipFolder(name: string): boolean {
    return name === 'node_modules' || name.startsWith('.');
}

/**
 * Turns the command line's files, folders and globs into a sorted list of
 * absolute file paths:
 * - an existing file is taken as is (whatever its extension);
 * - a folder gives every `*.arch` below it, skipping `node_modules` and dot-folders;
 * - anything else that is a glob is matched (picomatch) below its static base.
 * A plain path that does not exist, or nothing matched at all, is a user error.
 */
export async function expandInputs(inputs: readonly string[], cwd: string): Promise<string[]> {
    const found = new Set<string>();
    for (const input of inputs) {
        const absolute = path.resolve(cwd, input);
        const stats = await statIfExists(absolute, input);
        if (stats?.isDirectory()) {
            for await (const file of walk(absolute, Infinity)) {
                if (file.endsWith('.arch')) found.add(file);
            }
            continue;
        }
        if (stats) {
            found.add(absolute);
            continue;
        }
        const scan = picomatch.scan(input);
        if (!scan.isGlob) throw new CliError(`cannot read '${input}': no such file or directory`);
        const base = path.resolve(cwd, scan.base || '.');
        const matches = picomatch(scan.glob, { dot: false });
        const maxDepth = scan.glob.includes('**') ? Infinity : scan.glob.split('/').length;
        for await (const file of walk(base, maxDepth)) {
            if (matches(path.relative(base, file).split(path.sep).join('/'))) found.add(file);
        }
    }
    if (found.size === 0) {
        const what = inputs.map(input => `'${input}'`).join(', ');
        throw new CliError(`no .arch files found for ${what}`);
    }
    return [...found].sort(compareStrings);
}

export function compareStrings(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

async function statIfExists(absolute: string, shown: string): Promise<Stats | undefined> {
    try {
        return await stat(absolute);
    } catch (error) {
        if (isFsError(error, 'ENOENT', 'ENOTDIR')) return undefined;
        throw new CliError(`cannot read '${shown}': ${describeFsError(error)}`);
    }
}

/**
 * Every file below `folder` down to `maxDepth` levels (1 = the folder's own
 * files). Symbolic links to files count as files; linked folders are not
 * followed, so a link cycle cannot loop. An unreadable or missing folder is
 * simply empty.
 */
async function* walk(folder: string, maxDepth: number): AsyncGenerator<string> {
    if (maxDepth < 1) return;
    let entries;
    try {
        entries = await readdir(folder, { withFileTypes: true });
    } catch {
        return;
    }
    entries.sort((a, b) => compareStrings(a.name, b.name));
    for (const entry of entries) {
        const full = path.join(folder, entry.name);
        if (entry.isDirectory()) {
            if (!skipFolder(entry.name)) yield* walk(full, maxDepth - 1);
        } else if (entry.isFile()) {
            yield full;
        } else if (entry.isSymbolicLink()) {
            const target = await stat(full).catch(() => undefined);
            if (target?.isFile()) yield full;
        }
    }
}
