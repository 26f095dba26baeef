import { createArchgenServices } from '@archgen/language';
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { DiagnosticSeverity, type Connection } from 'vscode-languageserver/node.js';

/** What an editor may pass as `initializationOptions` (the VS Code extension does). */
export interface ArchgenInitializationOptions {
    /** Report warnings as errors, as `archgen check --strict` fails on them. */
    readonly strict?: boolean;
}

/**
 * Starts the archgen language server on a connection: the one bootstrap that
 * `archgen lsp --stdio` and the VS Code extension's server share (STYLE.md:
 * the bootstrap lives outside the language package). In strict mode every
 * warning is published as an error, where diagnostics leave the server, so
 * the validation rules stay unaware of it.
 */
export function startArchgenLanguageServer(connection: Connection): void {
    let strict = false;
    const sendDiagnostics = connection.sendDiagnostics.bind(connection);
    connection.sendDiagnostics = params =>
        sendDiagnostics(
            strict
                ? {
                      ...params,
                      diagnostics: params.diagnostics.map(d =>
                          d.severity === DiagnosticSeverity.Warning ? { ...d, severity: DiagnosticSeverity.Error } : d
                      )
                  }
                : params
        );
    const { shared } = createArchgenServices({ connection, ...NodeFileSystem });
    shared.lsp.LanguageServer.onInitialize(params => {
        strict = (params.initializationOptions as ArchgenInitializationOptions | undefined)?.strict === true;
    });
    startLanguageServer(shared);
}
