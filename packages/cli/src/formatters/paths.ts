import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Range } from '@archgen/model';
import type { CheckReport } from '../load.js';

/** 1-based line and column; the end column is the one after the last character (as in SARIF). */
export interface Position {
    readonly line: number;
    readonly column: number;
    readonly endLine: number;
    readonly endColumn: number;
}

/**
 * A range as people and CI tools count: 1-based lines and columns, the end
 * column exclusive. Columns are UTF-16 code units, as the language server counts.
 */
export function positionOf(range: Range): Position {
    return {
        line: range.start.line + 1,
        column: range.start.character + 1,
        endLine: range.end.line + 1,
        endColumn: range.end.character + 1
    };
}

/** Where a document URI of the report is on disk: from the report's files, else from a `file:` URI. */
export function pathsOf(report: CheckReport): (uri: string) => string | undefined {
    const known = new Map(report.files.map(({ file }) => [file.uri, file.absolutePath]));
    return uri => {
        const found = known.get(uri);
        if (found !== undefined) return found;
        if (!uri.startsWith('file:')) return undefined;
        try {
            return fileURLToPath(uri);
        } catch {
            return undefined;
        }
    };
}

/** True when the path is `root` or below it. */
export function isInside(root: string, absolutePath: string): boolean {
    const relative = path.relative(root, absolutePath);
    return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}
