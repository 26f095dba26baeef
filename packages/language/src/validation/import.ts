import { AstUtils, UriUtils, type ValidationAcceptor, type ValidationChecks } from 'langium';
import * as ast from '../generated/ast.js';
import { resolveImport } from '../references/imports.js';
import { didYouMean, suggest } from '../util/suggest.js';
import { contextOf } from './_context.js';
import { lineOf, relatedAt, report } from './_shared.js';
import { IssueCodes } from './issue-codes.js';

/**
 * `import "billing.arch"`: a path relative to the importing file, naming an
 * .arch file that exists (is open, in the workspace, or on disk next to the
 * file being checked), not the file itself, and imported once.
 */
export function importShouldNameAnArchFile(node: ast.Import, accept: ValidationAcceptor): void {
    if (node.path === undefined) return;
    if (!node.path.endsWith('.arch')) {
        report(accept, 'error', IssueCodes.ImportNotArch,
            `Import '${node.path}' does not name an .arch file: write the file's path relative to this one, with its extension.`,
            { node, property: 'path' }, node.path.includes('.') ? undefined : `${node.path}.arch`);
        return;
    }
    const document = AstUtils.getDocument(node);
    const target = resolveImport(document.uri, node.path);
    if (target.toString() === document.uri.toString()) {
        report(accept, 'warning', IssueCodes.ImportSelf,
            `This file imports itself: remove the import.`, { node, property: 'path' });
        return;
    }
    const { documents } = contextOf(node);
    if (documents.hasDocument(target)) return;
    // Suggest a file of the same folder that is known (open, in the workspace or imported elsewhere).
    const folder = UriUtils.dirname(target).toString();
    const siblings = documents.all
        .filter(d => d.uri.path.endsWith('.arch') && UriUtils.dirname(d.uri).toString() === folder && d !== document)
        .map(d => UriUtils.basename(d.uri))
        .toArray();
    const written = node.path.split('/');
    const guess = suggest(written[written.length - 1]!, siblings);
    const suggestion = guess === undefined ? undefined : [...written.slice(0, -1), guess].join('/');
    report(accept, 'error', IssueCodes.ImportNotFound,
        `Cannot find the file '${node.path}' (an import names a file relative to the importing one).${didYouMean(suggestion)}`,
        { node, property: 'path' }, suggestion);
}

/** The same file imported twice in one file. */
export function importShouldBeWrittenOnce(model: ast.Model, accept: ValidationAcceptor): void {
    const document = AstUtils.getDocument(model);
    const first = new Map<string, ast.Import>();
    for (const node of model.imports) {
        if (node.path === undefined) continue;
        const key = resolveImport(document.uri, node.path).toString();
        const earlier = first.get(key);
        if (!earlier) {
            first.set(key, node);
            continue;
        }
        report(accept, 'warning', IssueCodes.ImportDuplicate,
            `File '${node.path}' is already imported on line ${lineOf(earlier)}: import each file once.`,
            { node, property: 'path', relatedInformation: relatedAt(earlier, 'The first import.', 'path') });
    }
}

export const importChecks: ValidationChecks<ast.ArchgenAstType> = {
    Import: [importShouldNameAnArchFile],
    Model: [importShouldBeWrittenOnce]
};
