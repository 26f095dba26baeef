import type { LangiumDocument } from 'langium';
import type { DocumentLinkProvider } from 'langium/lsp';
import type { DocumentLink } from 'vscode-languageserver-protocol';
import { importStatements, resolveImport } from '../references/imports.js';

/** The path of every `import "file.arch"` links to the file it names. */
export class ArchDocumentLinkProvider implements DocumentLinkProvider {
    getDocumentLinks(document: LangiumDocument): DocumentLink[] {
        return importStatements(document).flatMap(({ node, path }) => {
            const range = node.$cstNode?.range;
            if (!range || !node.$cstNode) return [];
            // The string, without the keyword: the last token of the statement.
            const text = node.$cstNode.text;
            const start = text.lastIndexOf('"', text.length - 2);
            const offset = document.textDocument.offsetAt(range.start) + Math.max(start, 0);
            return [{
                range: { start: document.textDocument.positionAt(offset), end: range.end },
                target: resolveImport(document.uri, path).toString(),
                tooltip: `Open ${path}`
            }];
        });
    }
}
