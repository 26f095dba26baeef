import { ExitCode } from './exit-code.js';

/** Where a command writes: `process.stdout` / `process.stderr`, or a buffer in tests. */
export interface OutputStream {
    write(text: string): unknown;
}

/** Everything a run may touch of the process, so tests can run the CLI in-process. */
export interface CliIo {
    readonly stdout: OutputStream;
    readonly stderr: OutputStream;
    readonly cwd: string;
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly stdoutIsTTY: boolean;
    readonly stderrIsTTY: boolean;
}

/**
 * A failure the user can act on: printed as one line `archgen: <message>`,
 * never with a stack trace.
 */
export class CliError extends Error {
    constructor(
        message: string,
        readonly exitCode: ExitCode = ExitCode.UsageOrIo
    ) {
        super(message);
        this.name = 'CliError';
    }
}

const FS_REASONS: Record<string, string> = {
    ENOENT: 'no such file or directory',
    ENOTDIR: 'not a directory',
    EISDIR: 'is a directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EEXIST: 'file already exists',
    ELOOP: 'too many levels of symbolic links',
    ENOSPC: 'no space left on device',
    EROFS: 'read-only file system',
    ENAMETOOLONG: 'file name too long',
    EMFILE: 'too many open files'
};

/** The short reason of a file-system error, as `ls` or `cat` would say it. */
export function describeFsError(error: unknown): string {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code && FS_REASONS[code]) return FS_REASONS[code];
    return error instanceof Error ? error.message : String(error);
}

export function isFsError(error: unknown, ...codes: string[]): boolean {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    return typeof code === 'string' && codes.includes(code);
}

const QUIET_ON_EPIPE = Symbol.for('archgen.quietOnEpipe');

/**
 * `archgen check . | head`: when the reader goes away, stop quietly instead
 * of crashing on EPIPE. Once per stream, though both bin/archgen.js (before it
 * asks a daemon) and the bundle it falls back to call it.
 */
export function exitQuietlyOnEpipe(streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
    for (const stream of streams) {
        const marked = stream as unknown as Record<symbol, boolean>;
        if (marked[QUIET_ON_EPIPE]) continue;
        marked[QUIET_ON_EPIPE] = true;
        stream.on('error', (error: NodeJS.ErrnoException) => {
            if (error.code !== 'EPIPE') throw error;
            process.exit(process.exitCode ?? 0);
        });
    }
}
