import type { ArchDiagnostic } from '@archgen/language';
import type { Range } from '@archgen/model';
import type { Formatter } from './formatter.js';

/** 1-based line and column; the end column is the one after the last character (as in SARIF). */
function position(range: Range): { line: number; column: number; endLine: number; endColumn: number } {
    return {
        line: range.start.line + 1,
        column: range.start.character + 1,
        endLine: range.end.line + 1,
        endColumn: range.end.character + 1
    };
}

/**
 * One JSON document:
 * `{ files: [{ file, uri, diagnostics: [{ line, column, endLine, endColumn, severity, code, message, suggestion?, related? }] }],
 *    summary: { errors, warnings, files } }`.
 */
export const jsonFormatter: Formatter = {
    description: 'one JSON document with every file, its diagnostics and a summary',
    colored: false,
    usesRules: false,
    format(report) {
        const fileOf = new Map(report.files.map(({ file }) => [file.uri, file.display]));
        const diagnostic = (d: ArchDiagnostic) => ({
            ...position(d.range),
            severity: d.severity,
            code: d.code,
            message: d.message,
            ...(d.suggestion !== undefined ? { suggestion: d.suggestion } : {}),
            ...(d.related.length > 0
                ? {
                      related: d.related.map(r => ({
                          file: fileOf.get(r.uri) ?? r.uri,
                          uri: r.uri,
                          ...position(r.range),
                          message: r.message
                      }))
                  }
                : {})
        });
        const document = {
            files: report.files.map(({ file, diagnostics, imported }) => ({
                file: file.display,
                uri: file.uri,
                ...(imported ? { imported: true } : {}),
                diagnostics: diagnostics.map(diagnostic)
            })),
            summary: report.summary
        };
        return `${JSON.stringify(document, null, 2)}\n`;
    }
};
