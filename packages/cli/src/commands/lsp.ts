import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-code.js';
import { CliError } from '../io.js';

/**
 * `archgen lsp --stdio`: the archgen language server for any editor. Only the
 * stdio transport is offered; stdout then carries nothing but LSP messages.
 */
export function registerLsp(program: Command, context: CommandContext): void {
    program
        .command('lsp')
        .description('Run the archgen language server (LSP) over stdin/stdout.')
        .option('--stdio', 'speak LSP over stdin and stdout')
        .addHelpText('after', '\nEditors start it as `archgen lsp --stdio`; nothing but LSP messages is written to stdout.')
        .action(async (options: { stdio?: boolean }) => {
            if (options.stdio !== true) {
                throw new CliError('lsp: missing --stdio (the only transport): run `archgen lsp --stdio`.', ExitCode.UsageOrIo);
            }
            await startServer();
            context.exitCode = ExitCode.Success;
        });
}

/** Starts the server on the process's stdin/stdout; resolves once it listens (it then runs until `exit`). */
async function startServer(): Promise<void> {
    const [{ createConnection, ProposedFeatures }, { startArchgenLanguageServer }] = await Promise.all([
        import('vscode-languageserver/node.js'),
        import('../lsp/server.js')
    ]);
    // Anything printed by accident must not corrupt the protocol stream.
    console.log = console.info = (...args: unknown[]) => void process.stderr.write(`${args.map(String).join(' ')}\n`);
    startArchgenLanguageServer(createConnection(ProposedFeatures.all, process.stdin, process.stdout));
}
