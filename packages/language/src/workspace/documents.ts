import {
    DefaultLangiumDocumentFactory, DocumentState, type AstNode, type Cancellation, type LangiumDocument, type ParseResult, type ParserOptions,
    type URI
} from 'langium';
import { reparseIncrementally } from '../parser/incremental.js';
import { pendingText } from '../parser/lazy-cst.js';

/**
 * Langium's document factory, re-parsing a changed document incrementally
 * where it can: an edit inside one component or connector re-parses that
 * element only (see parser/incremental.ts), anything else the whole text. On
 * a model of 10,000 components an edit then costs milliseconds to parse
 * instead of a second; linking and validation still run over the whole model.
 */
export class ArchDocumentFactory extends DefaultLangiumDocumentFactory {
    /**
     * fromString, parsing a valid text without its CST, which is built when
     * first read (parser/lazy-cst.ts): for a one-off check that reads it only
     * to report a diagnostic. A text with errors is parsed with it.
     */
    fromStringWithLazyCst<T extends AstNode = AstNode>(text: string, uri: URI): LangiumDocument<T> {
        return this.create<T>(uri, text, { cst: 'lazy' } as ParserOptions);
    }

    override async update<T extends AstNode = AstNode>(document: LangiumDocument<T>, cancellationToken: Cancellation.CancellationToken): Promise<LangiumDocument<T>> {
        // As Langium's: the text comes from the editor when it has the document open, else from the disk.
        const oldText = pendingText(document.parseResult.value) ?? document.parseResult.value.$cstNode?.root.fullText;
        const textDocument = this.textDocuments?.get(document.uri.toString());
        const text = textDocument ? textDocument.getText() : await this.fileSystemProvider.readFile(document.uri);
        if (textDocument) {
            Object.defineProperty(document, 'textDocument', { value: textDocument });
        } else {
            const getter = this.createTextDocumentGetter(document.uri, text);
            Object.defineProperty(document, 'textDocument', { get: getter });
        }
        if (oldText !== text) {
            const parser = this.serviceRegistry.getServices(document.uri).parser.LangiumParser;
            const incremental = reparseIncrementally(parser, document.parseResult, text) as ParseResult<T> | undefined;
            (document as { parseResult: ParseResult<T> }).parseResult = incremental ?? await this.parseAsync<T>(document.uri, text, cancellationToken);
            (document.parseResult.value as { $document?: LangiumDocument }).$document = document;
        }
        document.state = DocumentState.Parsed;
        return document;
    }
}
