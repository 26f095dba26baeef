import { Command, CommanderError } from 'commander';
import v8 from 'node:v8';
import { colorsFor } from './colors.js';
import { registerCheck } from './commands/check.js';
import { registerGenerate } from './commands/generate.js';
import { registerLsp } from './commands/lsp.js';
import { registerDaemon } from './commands/daemon.js';
import { registerDiagram } from './commands/diagram.js';
import { registerExplain } from './commands/explain.js';
import { registerFmt } from './commands/fmt.js';
import { registerInit } from './commands/init.js';
import { defaultDependencies, type CommandContext, type Dependencies } from './context.js';
import { ExitCode } from './exit-code.js';
import { CliError, exitQuietlyOnEpipe, type CliIo } from './io.js';
import { VERSION } from './version.js';

/** Commander's `error: unknown option '--x'\n(Did you mean --y?)` as one line. */
function oneLine(message: string): string {
    return message.replace(/^error:\s*/, '').replace(/\s*\n\s*/g, ' ').trim();
}

function createProgram(context: CommandContext): Command {
    const { io } = context;
    const stderrColors = colorsFor(io.stderrIsTTY, io.env);
    const program = new Command('archgen')
        .description('Compile .arch architecture models into runnable system skeletons.')
        .version(VERSION, '-V, --version', 'print the archgen version')
        .exitOverride()
        .showSuggestionAfterError(true)
        .configureOutput({
            writeOut: text => void io.stdout.write(text),
            writeErr: text => void io.stderr.write(text),
            outputError: (text, write) => write(`${stderrColors.red('archgen:')} ${oneLine(text)}\n`),
            getOutHasColors: () => io.stdoutIsTTY && io.env['NO_COLOR'] === undefined,
            getErrHasColors: () => io.stderrIsTTY && io.env['NO_COLOR'] === undefined
        })
        .addHelpText('after', '\nExit codes: 0 success, 1 the model has errors, 2 usage or I/O error.');
    registerCheck(program, context);
    registerGenerate(program, context);
    registerLsp(program, context);
    registerDiagram(program, context);
    registerExplain(program, context);
    registerFmt(program, context);
    registerInit(program, context);
    registerDaemon(program, context, run);
    return program;
}

/**
 * Runs archgen in-process: parses `argv` (the arguments after `archgen`),
 * runs the command and returns its exit code. Never throws; user errors
 * print one line on stderr, internal errors a short message (and the stack
 * with ARCHGEN_DEBUG=1).
 */
export async function run(argv: readonly string[], io: CliIo, deps: Partial<Dependencies> = {}): Promise<number> {
    const context: CommandContext = { io, deps: { ...defaultDependencies, ...deps }, exitCode: ExitCode.Success };
    const colors = colorsFor(io.stderrIsTTY, io.env);
    try {
        await createProgram(context).parseAsync([...argv], { from: 'user' });
        return context.exitCode;
    } catch (error) {
        if (error instanceof CommanderError) {
            // Help and version exit 0; everything else Commander reports is a usage error (already printed).
            return error.exitCode === 0 ? ExitCode.Success : ExitCode.UsageOrIo;
        }
        if (error instanceof CliError) {
            io.stderr.write(`${colors.red('archgen:')} ${error.message}\n`);
            return error.exitCode;
        }
        const message = error instanceof Error ? error.message : String(error);
        io.stderr.write(`${colors.red('archgen: internal error:')} ${message}\n`);
        if (io.env['ARCHGEN_DEBUG'] === '1' && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
        return ExitCode.UsageOrIo;
    }
}

/** The `archgen` binary: runs on the real process and sets its exit code. */
export async function main(): Promise<void> {
    setV8Flags();
    exitQuietlyOnEpipe();
    process.exitCode = await run(process.argv.slice(2), {
        stdout: process.stdout,
        stderr: process.stderr,
        cwd: process.cwd(),
        env: process.env,
        stdoutIsTTY: process.stdout.isTTY === true,
        stderrIsTTY: process.stderr.isTTY === true
    });
}

/**
 * V8 settings for a process that runs one command. Graphviz (WebAssembly)
 * lays out at most one diagram per run; by default V8 soon starts compiling
 * its busiest functions again with TurboFan on background threads, which
 * slows a short layout down more than it speeds it up (the first layout of
 * examples/ecommerce.arch takes ~30 ms instead of 50 to 130 on two cores, and
 * one of 1,000 components is still faster). A budget this large only defers
 * that: a layout of many seconds still gets the faster code.
 */
const V8_FLAGS: readonly string[] = ['--wasm-tiering-budget=2000000000'];

/**
 * Applies V8_FLAGS. Called once the bundle is compiled: its code cache was
 * made under V8's default flags, and V8 refuses a cache made under others.
 */
function setV8Flags(): void {
    for (const flag of V8_FLAGS) v8.setFlagsFromString(flag);
}
