import { rmSync } from 'node:fs';
import net from 'node:net';
import type { CliIo } from '../io.js';
import { PROTOCOL_VERSION, bundleIdentity, encode, frameReader, type DaemonStatus, type Frame, type Request, type RunRequest } from './protocol.js';

export interface DaemonOptions {
    /** Where to listen: the socket of this build (protocol.ts socketPath). */
    readonly socket: string;
    /** The bundle this process runs: a request that finds it rebuilt is answered `stale` and the daemon stops. */
    readonly bundle: string;
    /** Runs one command, as `run` in main.ts. */
    readonly run: (argv: readonly string[], io: CliIo) => Promise<number>;
    /** Stop after this long without a request. */
    readonly idleMs: number;
    /** Run before it listens: what makes the first command as fast as the next ones (JIT warm-up). */
    readonly warmUp?: () => Promise<void>;
    /** How often to look whether the bundle was rebuilt (default 5 s). */
    readonly staleCheckMs?: number;
    /** Called once the daemon stopped listening and removed its socket. */
    readonly onStop?: (reason: 'idle' | 'stop' | 'stale') => void;
}

export interface RunningDaemon {
    readonly server: net.Server;
    /** Stops listening and removes the socket; resolves once closed. */
    stop(reason?: 'idle' | 'stop' | 'stale'): Promise<void>;
}

/**
 * Serves commands on a Unix socket, one at a time in arrival order (two
 * generates into one folder never interleave), each with the client's
 * arguments, working folder, environment and terminals: the same `run` as a
 * process of its own, minus the start-up. Stops after `idleMs` without a
 * request, on a `stop` request, or when the bundle it runs was rebuilt.
 */
export async function startDaemon(options: DaemonOptions): Promise<RunningDaemon> {
    const identity = bundleIdentity(options.bundle);
    const startedAt = new Date().toISOString();
    let runs = 0;
    let queue: Promise<unknown> = Promise.resolve();
    let idle: NodeJS.Timeout | undefined;
    let stopping: Promise<void> | undefined;

    const current = (): boolean => {
        try {
            return bundleIdentity(options.bundle) === identity;
        } catch {
            return false;
        }
    };
    const armIdle = (): void => {
        if (idle) clearTimeout(idle);
        idle = setTimeout(() => void stop('idle'), options.idleMs);
        idle.unref?.();
    };
    const status = (): DaemonStatus => ({ pid: process.pid, bundle: options.bundle, startedAt, runs, idleMinutes: options.idleMs / 60_000 });

    const server = net.createServer(connection => {
        const send = (frame: Frame): void => {
            if (!connection.destroyed) connection.write(encode(frame));
        };
        let received = false;
        connection.on('error', () => connection.destroy());
        connection.on(
            'data',
            frameReader<Request>(
                request => {
                    if (received) return;
                    received = true;
                    armIdle();
                    if (request.v !== PROTOCOL_VERSION) {
                        send({ refused: `protocol ${String(request.v)}, this daemon speaks ${PROTOCOL_VERSION}` });
                        connection.end();
                    } else if ('control' in request) {
                        if (request.control === 'stop') {
                            send({ stopping: true });
                            connection.end();
                            void stop('stop');
                        } else {
                            send({ status: status() });
                            connection.end();
                        }
                    } else if (!current()) {
                        send({ stale: true });
                        connection.end();
                        void stop('stale');
                    } else {
                        queue = queue.then(() => serve(request, send)).then(() => connection.end(), () => connection.end());
                    }
                },
                line => {
                    send({ refused: `not a request: ${line.slice(0, 80)}` });
                    connection.end();
                }
            )
        );
    });

    const serve = async (request: RunRequest, send: (frame: Frame) => void): Promise<void> => {
        runs++;
        const io: CliIo = {
            stdout: { write: text => send({ out: String(text) }) },
            stderr: { write: text => send({ err: String(text) }) },
            cwd: request.cwd,
            env: request.env,
            stdoutIsTTY: request.stdoutIsTTY,
            stderrIsTTY: request.stderrIsTTY
        };
        let code: number;
        // The caller's umask for the files the command creates (one command runs at a time: the mask is the process's).
        const umask = typeof request.umask === 'number' && Number.isInteger(request.umask) && request.umask >= 0 && request.umask <= 0o777
            ? process.umask(request.umask)
            : undefined;
        try {
            code = await options.run(request.argv, io);
        } catch (error) {
            // run never throws; if it does, the client still gets an answer.
            send({ err: `archgen: internal error in the daemon: ${error instanceof Error ? error.message : String(error)}\n` });
            code = 2;
        } finally {
            if (umask !== undefined) process.umask(umask);
        }
        send({ exit: code });
        armIdle();
    };

    const stop = (reason: 'idle' | 'stop' | 'stale' = 'stop'): Promise<void> => {
        stopping ??= (async () => {
            if (idle) clearTimeout(idle);
            // The socket goes first, so no new client finds it; the commands already queued still run.
            rmSync(options.socket, { force: true });
            await new Promise<void>(resolve => server.close(() => resolve()));
            await queue.catch(() => undefined);
            options.onStop?.(reason);
        })();
        return stopping;
    };

    const refuseBesideAnother = async (): Promise<void> => {
        if (await answers(options.socket)) throw new Error(`a daemon already listens on ${options.socket}`);
    };
    // Another daemon of this build already serves: nothing to warm up for.
    await refuseBesideAnother();
    // Warmed up before it listens: a command never waits behind the warm-up (it runs in its own process meanwhile).
    if (options.warmUp) await options.warmUp().catch(() => undefined);
    // Checked again: another start may have won meanwhile. A socket file nobody answers on was left by a killed daemon.
    await refuseBesideAnother();
    rmSync(options.socket, { force: true });
    await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.socket, () => {
            server.off('error', reject);
            resolve();
        });
    });
    armIdle();
    // A rebuilt archgen gets its own daemon: this one goes at once rather than when idle.
    const watch = setInterval(() => {
        if (!current()) void stop('stale');
    }, options.staleCheckMs ?? 5_000);
    watch.unref();
    server.once('close', () => clearInterval(watch));
    return { server, stop };
}

/** Whether something accepts connections on `socket`. */
export function answers(socket: string): Promise<boolean> {
    return new Promise(resolve => {
        const connection = net.createConnection(socket);
        connection.on('connect', () => {
            connection.destroy();
            resolve(true);
        });
        connection.on('error', () => resolve(false));
    });
}
