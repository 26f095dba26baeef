import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import type { CommandContext } from '../context.js';
import { controlDaemon, launchDaemon } from '../daemon/client.js';
import { DEFAULT_IDLE_MINUTES, daemonLog, ensureSocketFolder, socketPath, startingLock } from '../daemon/protocol.js';
import { answers, startDaemon } from '../daemon/server.js';
import { ExitCode } from '../exit-code.js';
import { CliError, type CliIo } from '../io.js';

const START_TIMEOUT_MS = 30_000;

type Run = (argv: readonly string[], io: CliIo) => Promise<number>;

/**
 * `archgen daemon start|stop|status`: an archgen process that stays up and
 * runs the commands of later `archgen` calls (check, generate, diagram,
 * explain, fmt, init), which then skip Node.js loading and compiling archgen.
 * Such a command that runs in its own process starts one in the background
 * (client.ts autoStartDaemon; not on CI, not with ARCHGEN_NO_DAEMON), and
 * `archgen daemon start` starts one and waits for it. It stops by itself
 * after a while without work. It serves one build of archgen: after a
 * rebuild, the next command runs in its own process and starts a new one.
 */
export function registerDaemon(program: Command, context: CommandContext, run: Run): void {
    const daemon = program
        .command('daemon')
        .description('Keep an archgen process running so that later commands start at once.')
        .addHelpText(
            'after',
            '\nWhile a daemon runs, check, generate, diagram, explain, fmt and init run in it, with the caller\'s\n' +
                'folder and environment. One of these commands run without a daemon starts one in the background\n' +
                `for the next (it stops after ${DEFAULT_IDLE_MINUTES} minutes without a command), except on CI (CI set) or with\n` +
                'ARCHGEN_NO_DAEMON=1, which also runs every command in its own process.\n' +
                'A daemon stops after --idle-minutes without a command, on `archgen daemon stop`, or when\n' +
                'archgen is rebuilt. Its socket is private to your user ($XDG_RUNTIME_DIR or the temp folder).'
        );
    daemon
        .command('start')
        .description('start the daemon in the background')
        .addOption(idleMinutesOption())
        .action(async (options: { idleMinutes: string }) => {
            const idle = idleMinutes(options.idleMinutes);
            const bundle = requireBundle();
            const socket = socketFor(bundle, context.io);
            if (await answers(socket)) {
                context.io.stdout.write(`archgen daemon already running (${socket}).\n`);
                return;
            }
            const pid = await spawnDaemon(bundle, socket, idle, context.io);
            context.io.stdout.write(`archgen daemon started (pid ${pid}); it stops after ${idle} minutes without a command, or with 'archgen daemon stop'.\n`);
        });
    daemon
        .command('stop')
        .description('stop the daemon')
        .action(async () => {
            const socket = socketFor(requireBundle(), context.io);
            const answer = await controlDaemon(socket, 'stop');
            context.io.stdout.write(answer && 'stopping' in answer ? 'archgen daemon stopped.\n' : 'No archgen daemon is running.\n');
        });
    daemon
        .command('status')
        .description('say whether the daemon runs')
        .action(async () => {
            const socket = socketFor(requireBundle(), context.io);
            const answer = await controlDaemon(socket, 'status');
            if (answer && 'status' in answer) {
                const s = answer.status;
                context.io.stdout.write(`archgen daemon running: pid ${s.pid}, since ${s.startedAt}, ${s.runs} command(s) run, stops after ${s.idleMinutes} idle minutes.\n`);
            } else {
                context.io.stdout.write('No archgen daemon is running.\n');
            }
        });
    daemon
        .command('run', { hidden: true })
        .description('run the daemon in the foreground (what `start` runs)')
        .addOption(idleMinutesOption())
        .action(async (options: { idleMinutes: string }) => {
            const idle = idleMinutes(options.idleMinutes);
            const bundle = requireBundle();
            const socket = socketFor(bundle, context.io);
            const stopped = new Promise<string>(resolve => {
                void startDaemon({ socket, bundle, run, idleMs: idle * 60_000, onStop: resolve, warmUp: () => warmUp(run, context.io) })
                    .then(running => {
                        const stop = (): void => void running.stop('stop');
                        process.once('SIGTERM', stop);
                        process.once('SIGINT', stop);
                        context.io.stderr.write(`archgen daemon listening on ${socket}\n`);
                    })
                    .catch((error: unknown) => resolve(`failed: ${error instanceof Error ? error.message : String(error)}`))
                    // Listening or given up: another call may start a daemon again.
                    .finally(() => rmSync(startingLock(socket), { force: true }));
            });
            const reason = await stopped;
            context.io.stderr.write(`archgen daemon stopped (${reason}).\n`);
            rmSync(daemonLog(socket), { force: true });
            if (reason.startsWith('failed')) context.exitCode = ExitCode.UsageOrIo;
        });
}

/**
 * Runs what users run most (init, check, generate with its diagram) once on
 * the e-commerce starter model in a temporary folder, with no output: V8 then
 * has compiled and optimised that code before the first real command.
 */
async function warmUp(run: Run, io: CliIo): Promise<void> {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'archgen-daemon-warm-up-'));
    const quiet = { write: () => true };
    const quietIo: CliIo = { ...io, stdout: quiet, stderr: quiet, cwd: folder, stdoutIsTTY: false, stderrIsTTY: false };
    try {
        await run(['init', 'model', '--template', 'ecommerce'], quietIo);
        for (let round = 0; round < 3; round++) {
            await run(['check', 'model/model.arch'], quietIo);
            await run(['generate', 'model/model.arch', '-o', `out${round}`, '--target', 'all'], quietIo);
        }
    } finally {
        rmSync(folder, { recursive: true, force: true });
    }
}

/** `--idle-minutes`, of both `start` and the `run` it starts. */
function idleMinutesOption(): Option {
    return new Option('--idle-minutes <minutes>', 'stop after this many minutes without a command').default(String(DEFAULT_IDLE_MINUTES));
}

function idleMinutes(value: string): number {
    const minutes = Number(value);
    if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 24 * 60) {
        throw new CliError(`daemon: --idle-minutes must be a number of minutes between 0 and 1440, not '${value}'.`);
    }
    return minutes;
}

/**
 * The bundle this process runs (dist/archgen.cjs). The daemon serves only
 * the bundle: the compiled modules (a build without the bundle step) change
 * without one file that says so.
 */
function requireBundle(): string {
    const file = fileURLToPath(import.meta.url);
    if (!file.endsWith('.cjs')) throw new CliError('daemon: archgen runs from its compiled modules, not its bundle; run `npm run build` first.');
    return file;
}

function socketFor(bundle: string, io: CliIo): string {
    try {
        ensureSocketFolder(io.env);
        return socketPath(bundle, io.env);
    } catch (error) {
        throw new CliError(`daemon: ${error instanceof Error ? error.message : String(error)}.`);
    }
}

/** Starts `archgen daemon run` detached and waits until it answers (warmed up); resolves to the pid of the daemon that answers. */
async function spawnDaemon(bundle: string, socket: string, idle: number, io: CliIo): Promise<number> {
    let exited: string | undefined;
    let child: ReturnType<typeof launchDaemon>;
    try {
        child = launchDaemon(bundle, socket, idle, io.env);
    } catch (error) {
        throw new CliError(`daemon: ${error instanceof Error ? error.message : String(error)}.`);
    }
    child.on('exit', code => (exited = `exited with code ${String(code)}`));
    const deadline = Date.now() + START_TIMEOUT_MS;
    // It listens once it has warmed up: the first command is then as fast as the next.
    while (Date.now() < deadline) {
        const answer = await controlDaemon(socket, 'status');
        // Another start may have won the race: its daemon serves as well.
        if (answer && 'status' in answer) return answer.status.pid;
        if (exited !== undefined) break;
        await new Promise(resolve => setTimeout(resolve, 25));
    }
    let detail = '';
    try {
        detail = readFileSync(daemonLog(socket), 'utf8').trim().split('\n').slice(-3).join(' ');
    } catch {
        // No log: nothing to add.
    }
    if (exited === undefined) child.kill();
    throw new CliError(`daemon: it did not start (${exited ?? `not ready in ${START_TIMEOUT_MS / 1000} s`})${detail ? `: ${detail}` : ''}.`);
}
