import type { ArchDiagnostic } from '@archgen/language';
import { displayPath } from '../load.js';
import type { Formatter } from './formatter.js';
import { pathsOf, positionOf } from './paths.js';
import { formatSummary } from './text.js';

/*
 * GitHub workflow commands: `::<command> key=value,key=value::<message>`, one per line on stdout.
 * The escaping follows GitHub's own toolkit (actions/toolkit, packages/core/src/command.ts):
 * in the message, `%` becomes `%25` first (so an escape can never be read twice), then CR `%0D` and LF `%0A`,
 * so a message stays on its one line; a property value gets the same three plus `:` -> `%3A` and `,` -> `%2C`,
 * because `,` separates the properties and `::` ends them. The runner reads them back with the same two tables
 * (actions/runner, src/Runner.Worker/ActionCommand.cs: `_escapeDataMappings`, `_escapePropertyMappings`).
 */

/** A message (the text after `::`), escaped as the toolkit's `escapeData` does. */
export function escapeData(text: string): string {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value (`file=`, `title=`), escaped as the toolkit's `escapeProperty` does. */
export function escapeProperty(text: string): string {
    return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(severity: ArchDiagnostic['severity']): 'error' | 'warning' | 'notice' {
    return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'notice';
}

/**
 * One workflow command per diagnostic, then the summary line (plain text, no command):
 *
 *     ::error file=models/shop.arch,line=25,col=15,endLine=25,endColumn=27,title=connector/unknown-kind::Connector kind ...
 *
 * Paths are relative to `root` (the workspace in a workflow, so the annotation lands on the file in the pull
 * request). The runner drops `col` and `endColumn` when `line` and `endLine` differ, so a range over several lines
 * carries only its lines. Related information (the first definition of a duplicate) follows the message on lines
 * of its own.
 */
export const githubFormatter: Formatter = {
    description: 'GitHub Actions annotations (::error, ::warning), then a summary line',
    colored: false,
    usesRules: false,
    format(report, { root }) {
        const pathOf = pathsOf(report);
        const where = (uri: string) => {
            const absolute = pathOf(uri);
            return absolute === undefined ? uri : displayPath(root, absolute);
        };
        const lines = report.files.flatMap(({ file, diagnostics }) =>
            diagnostics.map(d => {
                const p = positionOf(d.range);
                const properties: [string, string | number][] = [
                    ['file', displayPath(root, file.absolutePath)],
                    ['line', p.line],
                    ...(p.line === p.endLine ? [['col', p.column] as [string, number]] : []),
                    ['endLine', p.endLine],
                    ...(p.line === p.endLine ? [['endColumn', p.endColumn] as [string, number]] : []),
                    ['title', d.code]
                ];
                const related = d.related.map(r => {
                    const at = positionOf(r.range);
                    return `\n${where(r.uri)}:${at.line}:${at.column}: ${r.message}`;
                });
                const head = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
                return `::${command(d.severity)} ${head}::${escapeData(d.message + related.join(''))}\n`;
            })
        );
        return `${lines.join('')}${formatSummary(report.summary)}\n`;
    }
};
