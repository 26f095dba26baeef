import type { ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
    DAEMON_COMMANDS,
    DEFAULT_IDLE_MINUTES,
    PROTOCOL_VERSION,
    daemonLog,
    encode,
    ensureSocketFolder,
    frameReader,
    socketPath,
    startingLock,
    type Frame,
    type Request
} from './protocol.js';

/**
 * node:net, loaded only when a daemon may be listening: every `archgen` start
 * goes through this module. Through require, not import(): inside the bundle
 * (a vm.Script) a dynamic import has no loader.
 */
function loadNet(): typeof import('node:net') {
    return createRequire(import.meta.url)('node:net') as typeof import('node:net');
}

/** A start that left its lock this long ago died before its daemon listened (a warm-up takes seconds). */
const STALE_LOCK_MS = 120_000;

export interface ClientIo {
    readonly argv: readonly string[];
    readonly cwd: string;
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly stdout: { write(text: string): unknown };
    readonly stderr: { write(text: string): unknown };
    readonly stdoutIsTTY: boolean;
    readonly stderrIsTTY: boolean;
    /** process.umask() of the caller. */
    readonly umask?: number;
}

/**
 * Runs a command in the daemon of this build of the bundle, if one is
 * running and the command is one it runs: resolves to the exit code, or to
 * undefined when the caller must run the command itself (no daemon, another
 * command, ARCHGEN_NO_DAEMON set, the daemon is of an older build, or it went
 * away before answering). Once the daemon has written anything, its answer is
 * final: a daemon that dies then gives exit code 2 and a message, never a
 * second run of the same command.
 */
export async function runInDaemon(bundle: string, io: ClientIo): Promise<number | undefined> {
    if (!daemonMayRun(io)) return undefined;
    let socket: string;
    try {
        socket = socketPath(bundle, io.env);
    } catch {
        return undefined;
    }
    if (!existsSync(socket)) return undefined;
    const request: Request = {
        v: PROTOCOL_VERSION,
        argv: io.argv,
        cwd: io.cwd,
        env: io.env,
        stdoutIsTTY: io.stdoutIsTTY,
        stderrIsTTY: io.stderrIsTTY,
        ...(io.umask === undefined ? {} : { umask: io.umask })
    };
    let answered = false;
    // No exit code from the daemon: the command runs here, unless the daemon already wrote part of its output.
    const noExitCode = (): number | undefined => (answered ? lost(io) : undefined);
    return exchange<number | undefined>(socket, request, (frame, finish) => {
        if ('out' in frame) {
            answered = true;
            io.stdout.write(frame.out);
        } else if ('err' in frame) {
            answered = true;
            io.stderr.write(frame.err);
        } else if ('exit' in frame) {
            finish(frame.exit);
        } else {
            // stale, refused or anything unexpected.
            finish(noExitCode());
        }
    }, noExitCode);
}

/**
 * Sends one request and reads the answer's frames until `onFrame` finishes
 * the exchange; if the connection fails or ends before that, or a frame is
 * not JSON, the exchange ends with `orElse()` (called at most once).
 */
function exchange<T>(socket: string, request: Request, onFrame: (frame: Frame, finish: (value: T) => void) => void, orElse: () => T): Promise<T> {
    const net = loadNet();
    return new Promise<T>(resolve => {
        let done = false;
        const finish = (value: T): void => {
            if (done) return;
            done = true;
            connection.destroy();
            resolve(value);
        };
        const giveUp = (): void => {
            if (!done) finish(orElse());
        };
        const connection = net.createConnection(socket);
        connection.on('connect', () => connection.write(encode(request)));
        connection.on('data', frameReader<Frame>(frame => onFrame(frame, finish), giveUp));
        connection.on('error', giveUp);
        connection.on('close', giveUp);
    });
}

function lost(io: ClientIo): number {
    io.stderr.write('archgen: the archgen daemon stopped before the command finished; run it again (ARCHGEN_NO_DAEMON=1 runs it without the daemon).\n');
    return 2;
}

/** Sends a control request (status, stop) and resolves to the daemon's first answer, or undefined when none is running. */
export async function controlDaemon(socket: string, control: 'status' | 'stop'): Promise<Frame | undefined> {
    if (!existsSync(socket)) return undefined;
    return exchange<Frame | undefined>(socket, { v: PROTOCOL_VERSION, control }, (frame, finish) => finish(frame), () => undefined);
}

export type AutoStart = 'started' | 'off' | 'starting' | 'failed';

/**
 * Whether a command that just ran in its own process should leave a daemon
 * behind for the next calls: a command the daemon runs, not on Windows (no
 * Unix sockets), and neither ARCHGEN_NO_DAEMON nor CI set. In automation
 * (CI) each call is usually the only one, and a process left behind only
 * costs memory.
 */
export function autoStartWanted(io: Pick<ClientIo, 'argv' | 'env'>, platform: NodeJS.Platform = process.platform): boolean {
    if (!daemonMayRun(io, platform)) return false;
    const ci = io.env['CI']?.trim().toLowerCase();
    return ci === undefined || ci === '' || ci === '0' || ci === 'false';
}

/**
 * Called by the launcher (launcher.ts) after it ran a command in its own
 * process because no daemon of this build listens: starts one in the
 * background (as `archgen daemon start` would, without waiting for it), so
 * that the next `archgen generate` starts at once. Only if autoStartWanted,
 * and not while another call is starting one (startingLock). Never fails the
 * command: a daemon that cannot start leaves the next call as slow as this
 * one, and says why in its log (daemonLog). On a terminal it says once that
 * it started.
 */
export function autoStartDaemon(bundle: string, io: ClientIo, platform: NodeJS.Platform = process.platform): AutoStart {
    if (!autoStartWanted(io, platform)) return 'off';
    let socket: string;
    try {
        ensureSocketFolder(io.env);
        socket = socketPath(bundle, io.env);
    } catch {
        return 'failed';
    }
    const lock = startingLock(socket);
    if (!takeLock(lock)) return 'starting';
    try {
        launchDaemon(bundle, socket, DEFAULT_IDLE_MINUTES, io.env).on('error', () => rmSync(lock, { force: true }));
    } catch {
        rmSync(lock, { force: true });
        return 'failed';
    }
    if (io.stderrIsTTY) {
        io.stderr.write(
            `archgen: started a daemon that runs the next commands at once; it stops after ${DEFAULT_IDLE_MINUTES} minutes without one.\n` +
                "archgen: 'archgen daemon stop' stops it now; ARCHGEN_NO_DAEMON=1 runs every command in its own process.\n"
        );
    }
    return 'started';
}

/** The launcher of an installed archgen, `<package>/bin/archgen.js`, beside the bundle's `dist/`. */
export function launcherOf(bundle: string): string {
    return path.join(path.dirname(bundle), '..', 'bin', 'archgen.js');
}

/**
 * Starts `archgen daemon run` of `bundle`, detached from this process (it
 * outlives it) with its output in daemonLog(socket), and returns at once.
 * The daemon's own process never uses a daemon (ARCHGEN_NO_DAEMON); the
 * commands it serves get each caller's environment.
 */
export function launchDaemon(bundle: string, socket: string, idleMinutes: number, env: ClientIo['env']): ChildProcess {
    const bin = launcherOf(bundle);
    if (!existsSync(bin)) {
        throw new Error(`there is no ${bin} to start it with (the daemon runs from an archgen installation, not from the editor extension's copy)`);
    }
    const { spawn } = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
    const log = openSync(daemonLog(socket), 'w', 0o600);
    try {
        const child = spawn(process.execPath, [bin, 'daemon', 'run', '--idle-minutes', String(idleMinutes)], {
            cwd: path.dirname(bundle),
            env: { ...env, ARCHGEN_NO_DAEMON: '1' },
            detached: true,
            stdio: ['ignore', log, log]
        });
        child.unref();
        return child;
    } finally {
        closeSync(log);
    }
}

/** Makes `lock` if nobody holds it; one older than STALE_LOCK_MS is taken over. */
function takeLock(lock: string): boolean {
    for (let attempt = 0; attempt < 2; attempt++) {
        try {
            closeSync(openSync(lock, 'wx', 0o600));
            return true;
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return false;
            try {
                if (Date.now() - statSync(lock).mtimeMs < STALE_LOCK_MS) return false;
                rmSync(lock, { force: true });
            } catch {
                // Removed meanwhile by the daemon that held it: try again.
            }
        }
    }
    return false;
}

/** A command a daemon runs, where daemons run (not Windows: no Unix sockets), and ARCHGEN_NO_DAEMON not set. */
function daemonMayRun(io: Pick<ClientIo, 'argv' | 'env'>, platform: NodeJS.Platform = process.platform): boolean {
    const command = io.argv[0];
    return command !== undefined && DAEMON_COMMANDS.has(command) && platform !== 'win32' && !isSet(io.env['ARCHGEN_NO_DAEMON']);
}

function isSet(value: string | undefined): boolean {
    return value !== undefined && value !== '';
}
