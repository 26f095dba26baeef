/** Hand-built check reports for formatter tests (no parser involved). */
import { pathToFileURL } from 'node:url';
import type { ArchDiagnostic } from '@archgen/language';
import type { FileReport } from '../load.js';
import { displayPath } from '../load.js';

export type DiagnosticSpec = Omit<ArchDiagnostic, 'uri' | 'related'> & { related?: ArchDiagnostic['related'] };

/** A file of a report: its absolute path, whether only an import brought it in, and its diagnostics. */
export function fileReport(cwd: string, absolutePath: string, diagnostics: readonly DiagnosticSpec[], imported = false): FileReport {
    const uri = pathToFileURL(absolutePath).href;
    const full = diagnostics.map(d => ({ related: [], ...d, uri }));
    return {
        file: { absolutePath, display: displayPath(cwd, absolutePath), uri, text: '' },
        imported,
        diagnostics: full,
        result: { uri, diagnostics: full, hasErrors: full.some(d => d.severity === 'error'), ...(imported ? { imported: true } : {}) }
    };
}

export function range(line: number, character: number, endLine: number, endCharacter: number): ArchDiagnostic['range'] {
    return { start: { line, character }, end: { line: endLine, character: endCharacter } };
}
