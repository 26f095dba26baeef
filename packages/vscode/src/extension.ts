// The archgen VS Code extension: a LanguageClient for the bundled language
// server (dist/server.cjs) and the "Generate the skeleton of this model…"
// command, which runs the bundled CLI (dist/cli.cjs) so generation follows the
// CLI's safe-write rules exactly.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
    LanguageClient,
    TransportKind,
    type LanguageClientOptions,
    type ServerOptions
} from 'vscode-languageclient/node.js';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    output = vscode.window.createOutputChannel('archgen');
    context.subscriptions.push(output);

    context.subscriptions.push(
        vscode.commands.registerCommand('archgen.generateSkeleton', (resource?: vscode.Uri) =>
            generateSkeleton(context, resource)
        ),
        vscode.workspace.onDidChangeConfiguration(async event => {
            // Strict mode travels in initializationOptions: restart the server to apply it.
            if (event.affectsConfiguration('archgen.strict') && client) {
                await client.stop();
                client = createClient(context);
                await client.start();
            }
        })
    );

    client = createClient(context);
    await client.start();
}

export async function deactivate(): Promise<void> {
    await client?.stop();
    client = undefined;
}

function createClient(context: vscode.ExtensionContext): LanguageClient {
    const module = context.asAbsolutePath(path.join('dist', 'server.cjs'));
    const serverOptions: ServerOptions = {
        run: { module, transport: TransportKind.ipc },
        debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } }
    };
    const strict = vscode.workspace.getConfiguration('archgen').get<boolean>('strict', false);
    const clientOptions: LanguageClientOptions = {
        documentSelector: [{ language: 'arch' }],
        synchronize: {
            configurationSection: 'archgen',
            fileEvents: vscode.workspace.createFileSystemWatcher('**/*.arch')
        },
        initializationOptions: { strict },
        outputChannel: output
    };
    return new LanguageClient('archgen', 'archgen language server', serverOptions, clientOptions);
}

/** Asks for a folder, then runs `node dist/cli.cjs generate <model> -o <folder>`. */
async function generateSkeleton(context: vscode.ExtensionContext, resource?: vscode.Uri): Promise<void> {
    const model = modelUri(resource);
    if (!model) {
        void vscode.window.showErrorMessage('archgen: open a .arch model first.');
        return;
    }
    const document = vscode.workspace.textDocuments.find(d => d.uri.toString() === model.toString());
    if (document?.isDirty && !(await document.save())) {
        void vscode.window.showErrorMessage('archgen: save the model before generating its skeleton.');
        return;
    }
    const picked = await vscode.window.showOpenDialog({
        canSelectFiles: false,
        canSelectFolders: true,
        canSelectMany: false,
        openLabel: 'Generate here',
        title: `Where should the skeleton of ${path.basename(model.fsPath)} go?`,
        defaultUri: vscode.workspace.getWorkspaceFolder(model)?.uri ?? vscode.Uri.file(path.dirname(model.fsPath))
    });
    const folder = picked?.[0];
    if (!folder) return;

    const channel = output!;
    const cli = context.asAbsolutePath(path.join('dist', 'cli.cjs'));
    const args = [cli, 'generate', model.fsPath, '-o', folder.fsPath];
    channel.show(true);
    channel.appendLine(`$ archgen generate ${model.fsPath} -o ${folder.fsPath}`);

    const exitCode = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'archgen: generating the skeleton…' },
        () =>
            new Promise<number>(resolve => {
                const child = spawn(process.execPath, args, {
                    cwd: path.dirname(model.fsPath),
                    // VS Code's own binary runs as Node with this variable set.
                    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' },
                    stdio: ['ignore', 'pipe', 'pipe']
                });
                child.stdout.on('data', (chunk: Buffer) => channel.append(chunk.toString()));
                child.stderr.on('data', (chunk: Buffer) => channel.append(chunk.toString()));
                child.on('error', error => {
                    channel.appendLine(`archgen: ${error.message}`);
                    resolve(2);
                });
                child.on('close', code => resolve(code ?? 2));
            })
    );

    if (exitCode === 0) {
        const open = await vscode.window.showInformationMessage(
            `archgen: skeleton generated in ${folder.fsPath}.`,
            'Reveal folder'
        );
        if (open) await vscode.commands.executeCommand('revealFileInOS', folder);
    } else {
        const what = exitCode === 1 ? 'the model has errors' : 'generation failed';
        const show = await vscode.window.showErrorMessage(`archgen: ${what}; see the output.`, 'Show output');
        if (show) channel.show();
    }
}

function modelUri(resource?: vscode.Uri): vscode.Uri | undefined {
    if (resource instanceof vscode.Uri && resource.fsPath.endsWith('.arch')) return resource;
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.languageId === 'arch' && editor.document.uri.scheme === 'file') return editor.document.uri;
    return undefined;
}
