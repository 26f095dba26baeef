// The language server, bundled into dist/server.cjs: the same bootstrap as
// `archgen lsp --stdio` (it lives in the CLI package, not in the language
// package: STYLE.md). Started by the extension over IPC; `--stdio` works too.
import { startArchgenLanguageServer } from '@archgen/cli';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';

startArchgenLanguageServer(createConnection(ProposedFeatures.all));
