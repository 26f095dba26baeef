import type { CheckedDocument, CheckSourcesOptions, SourceInput } from '@archgen/language';

/** Parses, links and validates sources: the only way the CLI reaches the language package. */
export interface Checker {
    /** The document URI of an absolute file path (`file:///...`). */
    uriOf(absolutePath: string): string;
    /** The absolute file path of a document URI. */
    pathOf(uri: string): string;
    /** With `{ model: false }`, no IR is built (the results then have no `model`). */
    check(inputs: readonly SourceInput[], options?: CheckSourcesOptions): Promise<CheckedDocument[]>;
}

/**
 * The real checker over Langium's node file system. Loaded lazily so that
 * `--help` and `--version` do not pay for loading Langium.
 */
export async function createChecker(): Promise<Checker> {
    const [{ createArchgenServices, checkSources }, { NodeFileSystem }, { URI }] = await Promise.all([
        import('@archgen/language'),
        import('langium/node'),
        import('langium')
    ]);
    const services = createArchgenServices(NodeFileSystem);
    return {
        uriOf: absolutePath => URI.file(absolutePath).toString(),
        pathOf: uri => URI.parse(uri).fsPath,
        check: (inputs, options) => checkSources(services, inputs, options)
    };
}

/** Prints sources in the canonical layout, with the language server's own formatter. */
export interface SourceFormatter {
    /** The text in the canonical layout; unchanged when it has syntax errors. */
    format(input: SourceInput): Promise<string>;
}

/** The formatter of `archgen fmt`: `formatText` of the language package, loaded lazily like the checker. */
export async function createFormatter(): Promise<SourceFormatter> {
    const [{ createArchgenServices, formatText }, { EmptyFileSystem }] = await Promise.all([
        import('@archgen/language'),
        import('langium')
    ]);
    // Formatting reads no other file: a file's imports do not change its layout.
    const services = createArchgenServices(EmptyFileSystem);
    return { format: input => formatText(services, input) };
}
