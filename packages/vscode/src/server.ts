// The language server, bundled into dist/server.cjs. The LSP bootstrap lives
// here (and in `archgen lsp --stdio`), not in the language package (STYLE.md).
// Started by the extension over IPC; `node dist/server.cjs --stdio` works too.
import { createArchgenServices } from '@archgen/language';
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, DiagnosticSeverity, ProposedFeatures } from 'vscode-languageserver/node.js';

/** What the VS Code extension passes as `initializationOptions`. */
interface ArchgenInitializationOptions {
    /** `archgen.strict`: report warnings as errors, as `archgen check --strict` fails on them. */
    readonly strict?: boolean;
}

const connection = createConnection(ProposedFeatures.all);

let strict = false;
// Strict mode: every warning is published as an error. Done where diagnostics
// leave the server, so the validation rules and the CLI stay unaware of it.
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
