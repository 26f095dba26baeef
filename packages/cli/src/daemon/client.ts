import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DAEMON_COMMANDS, PROTOCOL_VERSION, encode, frameReader, socketPath, type Frame, type Request } from './protocol.js';

/**
 * node:net, loaded only when a daemon may be listening: every `archgen` start
 * goes through this module. Through require, not import(): inside the bundle
 * (a vm.Script) a dynamic import has no loader.
 */
function loadNet(): typeof import('node:net') {
    return createRequire(import.meta.url)('node:net') as typeof import('node:net');
}

export interface ClientIo {
    readonly argv: readonly string[];
    readonly cwd: string;
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly stdout: { write(text: string): unknown };
    readonly stderr: { write(text: string): unknown };
    readonly stdoutIsTTY: boolean;
    readonly stderrIsTTY: boolean;
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
    const command = io.argv[0];
    if (command === undefined || !DAEMON_COMMANDS.has(command) || process.platform === 'win32') return undefined;
    if (io.env['ARCHGEN_NO_DAEMON'] !== undefined && io.env['ARCHGEN_NO_DAEMON'] !== '') return undefined;
    let socket: string;
    try {
        socket = socketPath(bundle, io.env);
    } catch {
        return undefined;
    }
    if (!existsSync(socket)) return undefined;
    const net = loadNet();
    const request: Request = {
        v: PROTOCOL_VERSION,
        argv: io.argv,
        cwd: io.cwd,
        env: io.env,
        stdoutIsTTY: io.stdoutIsTTY,
        stderrIsTTY: io.stderrIsTTY
    };
    return new Promise<number | undefined>(resolve => {
        let answered = false;
        let done = false;
        const finish = (code: number | undefined): void => {
            if (done) return;
            done = true;
            connection.destroy();
            resolve(code);
        };
        /** No exit code from the daemon: run the command here, unless the daemon already wrote part of its output. */
        const giveUp = (): void => {
            if (!done) finish(answered ? lost(io) : undefined);
        };
        const connection = net.createConnection(socket);
        connection.on('connect', () => connection.write(encode(request)));
        connection.on(
            'data',
            frameReader<Frame>(
                frame => {
                    if ('out' in frame) {
                        answered = true;
                        io.stdout.write(frame.out);
                    } else if ('err' in frame) {
                        answered = true;
                        io.stderr.write(frame.err);
                    } else if ('exit' in frame) {
                        finish(frame.exit);
                    } else {
                        // stale, refused or anything unexpected: run the command here.
                        giveUp();
                    }
                },
                giveUp
            )
        );
        connection.on('error', giveUp);
        connection.on('close', giveUp);
    });
}

const QUIET_ON_EPIPE = Symbol.for('archgen.quietOnEpipe');

/**
 * `archgen check . | head`: when the reader goes away, stop quietly instead
 * of crashing on EPIPE. Once per stream, though both bin/archgen.js and the
 * bundle it falls back to call it.
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

function lost(io: ClientIo): number {
    io.stderr.write('archgen: the archgen daemon stopped before the command finished; run it again (ARCHGEN_NO_DAEMON=1 runs it without the daemon).\n');
    return 2;
}

/** Sends a control request (status, stop) and resolves to the daemon's first answer, or undefined when none is running. */
export async function controlDaemon(socket: string, control: 'status' | 'stop'): Promise<Frame | undefined> {
    if (!existsSync(socket)) return undefined;
    const net = loadNet();
    return new Promise(resolve => {
        let done = false;
        const finish = (frame: Frame | undefined): void => {
            if (done) return;
            done = true;
            connection.destroy();
            resolve(frame);
        };
        const connection = net.createConnection(socket);
        connection.on('connect', () => connection.write(encode({ v: PROTOCOL_VERSION, control })));
        connection.on('data', frameReader<Frame>(finish, () => finish(undefined)));
        connection.on('error', () => finish(undefined));
        connection.on('close', () => finish(undefined));
    });
}
