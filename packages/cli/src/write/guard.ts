import { realpath } from 'node:fs/promises';
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

/**
 * The real path of `target`, following every symbolic link that exists:
 * `realpath` of the deepest existing ancestor, with the missing rest appended.
 */
export async function resolveExisting(target: string): Promise<string> {
    const missing: string[] = [];
    let current = path.resolve(target);
    for (;;) {
        try {
            const real = await realpath(current);
            return missing.length === 0 ? real : path.join(real, ...missing.reverse());
        } catch (error) {
            if (!isFsError(error, 'ENOENT', 'ENOTDIR')) throw error;
            const parent = path.dirname(current);
            if (parent === current) return path.join(current, ...missing.reverse());
            missing.push(path.basename(current));
            current = parent;
        }
    }
}

export function isInside(folder: string, candidate: string): boolean {
    const relative = path.relative(folder, candidate);
    return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/** Maps paths relative to the output folder to absolute paths that stay inside it. */
export class OutputGuard {
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
     * The absolute path to write `relativePath` at. Throws UnsafePathError when
     * the path is malformed or, following the links that exist now, lands
     * outside the output folder.
     */
    async resolve(relativePath: string): Promise<string> {
        const normalised = normaliseRelativePath(relativePath);
        const absolute = path.join(this.root, ...normalised.split('/'));
        const real = await resolveExisting(absolute);
        if (!isInside(this.realRoot, real) || real === this.realRoot) {
            throw new UnsafePathError(relativePath, 'it resolves outside the output folder (through a symbolic link)');
        }
        return absolute;
    }
}
