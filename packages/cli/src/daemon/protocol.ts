import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * What `archgen` and its daemon say to each other over a Unix socket: one
 * JSON object per line, each way. The client sends one Request; the daemon
 * answers with Output frames as the command writes, then one Exit frame.
 * A Control request asks the daemon about itself (status, stop).
 *
 * This module is loaded by bin/archgen.js before anything else (from
 * dist/daemon/, not from the bundle), so it imports nothing heavy.
 */
export const PROTOCOL_VERSION = 1;

export interface RunRequest {
    readonly v: typeof PROTOCOL_VERSION;
    readonly argv: readonly string[];
    readonly cwd: string;
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly stdoutIsTTY: boolean;
    readonly stderrIsTTY: boolean;
    /** The caller's file mode mask, so that the files a command creates get the modes they would get in its own process. */
    readonly umask?: number;
}

export interface ControlRequest {
    readonly v: typeof PROTOCOL_VERSION;
    readonly control: 'status' | 'stop';
}

export type Request = RunRequest | ControlRequest;

export type Frame =
    | { readonly out: string }
    | { readonly err: string }
    | { readonly exit: number }
    /** The daemon runs an older build than the client's: the client runs the command itself. */
    | { readonly stale: true }
    | { readonly status: DaemonStatus }
    | { readonly stopping: true }
    /** The request could not be read (another protocol version, bad JSON). */
    | { readonly refused: string };

export interface DaemonStatus {
    readonly pid: number;
    readonly bundle: string;
    readonly startedAt: string;
    readonly runs: number;
    readonly idleMinutes: number;
}

/**
 * The commands a daemon runs. Not `lsp` (it owns stdin/stdout), not `daemon`,
 * and nothing that reads standard input: a request carries arguments, the
 * working folder and the environment only.
 */
export const DAEMON_COMMANDS: ReadonlySet<string> = new Set(['check', 'generate', 'diagram', 'explain', 'fmt', 'init']);

/** How long a daemon waits for a command before it stops, unless `--idle-minutes` says otherwise. */
export const DEFAULT_IDLE_MINUTES = 15;

/**
 * `<socket>.starting`: made (exclusively) by whoever starts a daemon in the
 * background, removed by the daemon once it listens or gives up. While it is
 * there, other calls do not start a second daemon.
 */
export function startingLock(socket: string): string {
    return `${socket}.starting`;
}

/** `<socket>.log`: what a daemon started in the background writes. */
export function daemonLog(socket: string): string {
    return `${socket}.log`;
}

/**
 * The identity of a build of the bundle: its path, size and modification
 * time, and the Node.js running it. A rebuilt bundle has another identity,
 * hence another socket: a client never talks to a daemon running older code.
 */
export function bundleIdentity(bundle: string): string {
    const stat = statSync(bundle);
    return [path.resolve(bundle), stat.size, stat.mtimeMs, stat.ino, process.version, process.execPath].join('\0');
}

/**
 * The folder of this user's daemon sockets: `$XDG_RUNTIME_DIR/archgen`, else
 * `<tmpdir>/archgen-<uid>`. Created private (0700); refused when it exists
 * but belongs to someone else or others may write in it, since whoever
 * controls the folder could stand in for the daemon.
 */
export function socketFolder(env: Readonly<Record<string, string | undefined>>): string {
    const runtime = env['XDG_RUNTIME_DIR'];
    const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
    return runtime && path.isAbsolute(runtime) ? path.join(runtime, 'archgen') : path.join(os.tmpdir(), `archgen-${uid}`);
}

/** socketFolder, made if missing and checked to be this user's and private. */
export function ensureSocketFolder(env: Readonly<Record<string, string | undefined>>): string {
    const folder = socketFolder(env);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    assertPrivate(folder);
    return folder;
}

/** Throws unless `folder` is a real folder owned by this user that nobody else may write in. */
export function assertPrivate(folder: string): void {
    const stat = lstatSync(folder);
    const uid = typeof process.getuid === 'function' ? process.getuid() : stat.uid;
    if (!stat.isDirectory()) throw new Error(`${folder} is not a folder`);
    if (stat.uid !== uid) throw new Error(`${folder} belongs to another user`);
    if ((stat.mode & 0o022) !== 0) throw new Error(`${folder} is writable by other users`);
}

/** The socket of the daemon for this build of the bundle. */
export function socketPath(bundle: string, env: Readonly<Record<string, string | undefined>>): string {
    const key = createHash('sha256').update(bundleIdentity(bundle)).digest('hex').slice(0, 16);
    return path.join(socketFolder(env), `daemon-${key}.sock`);
}

/** Splits a byte stream into lines and parses each as JSON; a line that is not JSON is reported to `bad`. */
export function frameReader<T>(onFrame: (frame: T) => void, bad: (line: string) => void): (chunk: Buffer | string) => void {
    let pending = '';
    return chunk => {
        pending += chunk.toString();
        let newline = pending.indexOf('\n');
        while (newline >= 0) {
            const line = pending.slice(0, newline);
            pending = pending.slice(newline + 1);
            if (line.length > 0) {
                let frame: T;
                try {
                    frame = JSON.parse(line) as T;
                } catch {
                    bad(line);
                    return;
                }
                onFrame(frame);
            }
            newline = pending.indexOf('\n');
        }
    };
}

export function encode(value: Request | Frame): string {
    return `${JSON.stringify(value)}\n`;
}
