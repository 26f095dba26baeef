import type { ChalkInstance } from 'chalk';
import type { ArchDiagnostic } from '@archgen/language';
import type { CheckReport, Summary } from '../load.js';
import type { Formatter } from './formatter.js';

function plural(count: number, word: string): string {
    return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `2 errors, 1 warning in 3 files` or `No problems in 3 files.` */
export function formatSummary(summary: Summary): string {
    const parts = [
        ...(summary.errors > 0 ? [plural(summary.errors, 'error')] : []),
        ...(summary.warnings > 0 ? [plural(summary.warnings, 'warning')] : [])
    ];
    const where = plural(summary.files, 'file');
    return parts.length === 0 ? `No problems in ${where}.` : `${parts.join(', ')} in ${where}`;
}

function severityLabel(severity: ArchDiagnostic['severity'], colors: ChalkInstance): string {
    switch (severity) {
        case 'error':
            return colors.red(severity);
        case 'warning':
            return colors.yellow(severity);
        default:
            return colors.cyan(severity);
    }
}

/** `file:line:col severity code message`, 1-based line and column. */
export function formatDiagnostic(file: string, diagnostic: ArchDiagnostic, colors: ChalkInstance): string {
    const { line, character } = diagnostic.range.start;
    const where = colors.bold(`${file}:${line + 1}:${character + 1}`);
    return `${where} ${severityLabel(diagnostic.severity, colors)} ${colors.dim(diagnostic.code)} ${diagnostic.message}`;
}

export function formatDiagnostics(report: CheckReport, colors: ChalkInstance): string {
    return report.files
        .flatMap(({ file, diagnostics }) => diagnostics.map(d => `${formatDiagnostic(file.display, d, colors)}\n`))
        .join('');
}

export const textFormatter: Formatter = {
    description: 'one line per diagnostic, then a summary line',
    colored: true,
    usesRules: false,
    format(report, { colors }) {
        const summary = formatSummary(report.summary);
        const painted = report.summary.errors > 0 ? colors.red(summary) : report.summary.warnings > 0 ? colors.yellow(summary) : summary;
        return `${formatDiagnostics(report, colors)}${painted}\n`;
    }
};
