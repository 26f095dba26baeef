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
