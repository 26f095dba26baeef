import { realpathSync } from 'node:fs';
import path from 'node:path';
import { CliError, isFsError } from '../io.js';

/** A path that would write outside the output folder. */
export class UnsafePathError extends CliError {
    constructor(
        readonly relativePath: string,
        readonly reason: string
    ) {
        super(`refusing to write '${relativePath}': ${reason}`);
        this.name = 'UnsafePathError';
    }
}

/**
 * Checks the shape of a path relative to the output folder and returns it
 * normalised (`/`-separated, no `.` or empty segments). Rejects absolute
 * paths, drive letters, backslashes, NUL and any `..` segment.
 */
export function normaliseRelativePath(relativePath: string): string {
    if (relativePath.includes('\0')) throw new UnsafePathError(relativePath, 'the path contains a NUL character');
    if (relativePath.includes('\\')) throw new UnsafePathError(relativePath, 'the path contains a backslash');
    if (path.posix.isAbsolute(relativePath) || /^[A-Za-z]:/.test(relativePath)) {
        throw new UnsafePathError(relativePath, 'the path is absolute');
    }
    const segments = relativePath.split('/').filter(segment => segment !== '' && segment !== '.');
    if (segments.includes('..')) throw new UnsafePathError(relativePath, "the path has a '..' segment");
    if (segments.length === 0) throw new UnsafePathError(relativePath, 'the path is empty');
    return segments.join('/');
}

/** A path with every symbolic link that exists followed, and whether the path itself exists. */
export interface RealPath {
    readonly real: string;
    readonly exists: boolean;
    /** Not found below a folder that exists (ENOENT, not a file in the way): nothing can be read inside it. */
    readonly absent?: boolean;
}

/**
 * The real path of `target`, following every symbolic link that exists:
 * `realpath` of the deepest existing ancestor, with the missing rest appended.
 * `folders` remembers the folders resolved so far: the files of one folder
 * then cost one look at the disk each, and none when the folder is missing.
 */
export async function resolveExisting(target: string, folders: Map<string, Promise<RealPath>> = new Map()): Promise<string> {
    const absolute = path.resolve(target);
    const parent = path.dirname(absolute);
    if (parent === absolute) return (await realFolder(absolute, folders)).real;
    const folder = await realFolder(parent, folders);
    if (!folder.exists) return path.join(folder.real, path.basename(absolute));
    return (await realPathIfExists(absolute, folder)).real;
}

function realFolder(folder: string, folders: Map<string, Promise<RealPath>>): Promise<RealPath> {
    let resolved = folders.get(folder);
    if (!resolved) {
        const parent = path.dirname(folder);
        resolved =
            parent === folder
                ? realPathIfExists(folder, { real: folder, exists: false })
                : realFolder(parent, folders).then(above =>
                      above.exists ? realPathIfExists(folder, above) : { ...missing(folder, above), ...(above.absent ? { absent: true } : {}) }
                  );
        folders.set(folder, resolved);
    }
    return resolved;
}

/**
 * `realpath` of `target`, or, when it does not exist, its name under its
 * parent's real path. Synchronous inside: a look-up is microseconds, less
 * than a round trip through libuv's thread pool, and a folder waits for its
 * parent's.
 */
async function realPathIfExists(target: string, parent: RealPath): Promise<RealPath> {
    try {
        return { real: realpathSync.native(target), exists: true };
    } catch (error) {
        if (!isFsError(error, 'ENOENT', 'ENOTDIR')) throw error;
        return { ...missing(target, parent), ...(isFsError(error, 'ENOENT') && parent.exists ? { absent: true } : {}) };
    }
}

function missing(target: string, parent: RealPath): RealPath {
    const name = path.basename(target);
    return { real: name === '' ? parent.real : path.join(parent.real, name), exists: false };
}

export function isInside(folder: string, candidate: string): boolean {
    const relative = path.relative(folder, candidate);
    return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/** Maps paths relative to the output folder to absolute paths that stay inside it. */
export class OutputGuard {
    /** The folders looked up so far: the plan of one run resolves many files in few folders. */
    private readonly folders = new Map<string, Promise<RealPath>>();

    private constructor(
        /** The output folder as given (absolute). */
        readonly root: string,
        /** The output folder with symbolic links resolved. */
        readonly realRoot: string
    ) {}

    static async create(root: string): Promise<OutputGuard> {
        const absolute = path.resolve(root);
        return new OutputGuard(absolute, await resolveExisting(absolute));
    }

    /**
     * Whether the folder of `absolute`, a path `resolve` returned, was found
     * absent (no file in the way either): then no file there can be read.
     */
    async inAbsentFolder(absolute: string): Promise<boolean> {
        return (await this.folders.get(path.dirname(absolute)))?.absent === true;
    }

    /**
     * The absolute path to write `relativePath` at. Throws UnsafePathError when
     * the path is malformed or, following the links that exist now, lands
     * outside the output folder.
     */
    async resolve(relativePath: string): Promise<string> {
        const normalised = normaliseRelativePath(relativePath);
        const absolute = path.join(this.root, ...normalised.split('/'));
        const real = await resolveExisting(absolute, this.folders);
        if (!isInside(this.realRoot, real) || real === this.realRoot) {
            throw new UnsafePathError(relativePath, 'it resolves outside the output folder (through a symbolic link)');
        }
        return absolute;
    }
}
