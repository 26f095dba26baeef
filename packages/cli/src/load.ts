import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ArchDiagnostic, CheckedDocument, CheckSourcesOptions } from '@archgen/language';
import { compareStrings } from './files/expand.js';
import { CliError, describeFsError } from './io.js';
import type { Checker } from './language.js';

/** A source file as read from disk. */
export interface SourceFile {
    readonly absolutePath: string;
    /** The path relative to the working folder, as printed in diagnostics. */
    readonly display: string;
    readonly uri: string;
    readonly text: string;
}

export interface FileReport {
    readonly file: SourceFile;
    /** True for a file no input named, checked because an input imports it. */
    readonly imported: boolean;
    /** Sorted by position, then code. */
    readonly diagnostics: readonly ArchDiagnostic[];
    readonly result: CheckedDocument;
}

export interface Summary {
    readonly errors: number;
    readonly warnings: number;
    readonly files: number;
}

/** What every formatter prints: the files in path order, and the counts. */
export interface CheckReport {
    readonly files: readonly FileReport[];
    readonly summary: Summary;
}

export function displayPath(cwd: string, absolutePath: string): string {
    const relative = path.relative(cwd, absolutePath);
    return (relative === '' ? '.' : relative).split(path.sep).join('/');
}

/** Reads every file; the first that cannot be read stops the command with one line. */
export async function readSources(files: readonly string[], cwd: string, checker: Checker): Promise<SourceFile[]> {
    return Promise.all(
        files.map(async absolutePath => {
            const display = displayPath(cwd, absolutePath);
            let text: string;
            try {
                text = await readFile(absolutePath, 'utf8');
            } catch (error) {
                throw new CliError(`cannot read '${display}': ${describeFsError(error)}`);
            }
            return { absolutePath, display, uri: checker.uriOf(absolutePath), text };
        })
    );
}

/**
 * Checks the sources together, with the files they import (each file sees
 * its own names and those it imports), and builds the report: the sources and
 * the imported files, in path order.
 */
export async function checkFiles(sources: readonly SourceFile[], checker: Checker, cwd = process.cwd(), options: CheckSourcesOptions = {}): Promise<CheckReport> {
    const results = await checker.check(sources.map(({ uri, text }) => ({ uri, text })), options);
    const byUri = new Map(sources.map(source => [source.uri, source] as const));
    const files = results
        .map(result => {
            let file = byUri.get(result.uri);
            if (!file && !result.imported) throw new Error(`no source for the check result of ${result.uri}`);
            if (!file) {
                const absolutePath = checker.pathOf(result.uri);
                file = { absolutePath, display: displayPath(cwd, absolutePath), uri: result.uri, text: '' };
            }
            return { file, result, imported: result.imported === true, diagnostics: [...result.diagnostics].sort(compareDiagnostics) };
        })
        .sort((a, b) => compareStrings(a.file.display, b.file.display));
    if (files.filter(f => !f.imported).length !== sources.length) throw new Error('a source has no check result');
    return reportOf(files);
}

/** A report over files already in path order, with its summary (the counts every formatter prints). */
export function reportOf(files: readonly FileReport[]): CheckReport {
    const all = files.flatMap(file => file.diagnostics);
    return {
        files,
        summary: {
            errors: all.filter(d => d.severity === 'error').length,
            warnings: all.filter(d => d.severity === 'warning').length,
            files: files.length
        }
    };
}

function compareDiagnostics(a: ArchDiagnostic, b: ArchDiagnostic): number {
    return (
        a.range.start.line - b.range.start.line ||
        a.range.start.character - b.range.start.character ||
        compareStrings(a.code, b.code) ||
        compareStrings(a.message, b.message)
    );
}
