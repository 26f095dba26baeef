import { pathToFileURL } from 'node:url';
import type { ArchDiagnostic } from '@archgen/language';
import type { Range } from '@archgen/model';
import { compareStrings } from '../files/expand.js';
import { displayPath } from '../load.js';
import { PROJECT_URL, ruleUrl } from '../project.js';
import { VERSION } from '../version.js';
import type { Formatter } from './formatter.js';
import { isInside, pathsOf, positionOf } from './paths.js';

/** The schema the log names (and the one the tests validate it against, vendored in test/fixtures/schemas). */
export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** The base every artifact URI inside the root is relative to; `run.originalUriBaseIds` says where it is. */
export const SRCROOT = '%SRCROOT%';

type Level = 'error' | 'warning' | 'note';

function levelOf(severity: ArchDiagnostic['severity']): Level {
    return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

const LEVEL_RANK: Record<Level, number> = { error: 0, warning: 1, note: 2 };

/** `connector/unknown-kind` -> `ConnectorUnknownKind`: SARIF's `name`, an identifier people can read. */
export function ruleName(code: string): string {
    return code
        .split(/[/-]/)
        .filter(part => part !== '')
        .map(part => part[0]!.toUpperCase() + part.slice(1))
        .join('');
}

/** A relative path as a URI reference: every segment percent-encoded (`my model.arch` -> `my%20model.arch`). */
function uriReference(relative: string): string {
    return relative.split('/').map(encodeURIComponent).join('/');
}

/**
 * SARIF regions count as archgen does: 1-based lines and columns, `endColumn`
 * the column after the last character. Columns are UTF-16 code units, which
 * the run declares in `columnKind` (SARIF's default when it is absent is
 * Unicode code points, which differ from archgen's columns after an astral character).
 */
function regionOf(range: Range) {
    const p = positionOf(range);
    return { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn };
}

/**
 * One SARIF 2.1.0 log with one run (https://docs.oasis-open.org/sarif/sarif/v2.1.0/):
 * - `tool.driver`: archgen, its version, and a `rules` entry for every code
 *   that occurs (sorted by code), with the title, summary and text of its page
 *   `docs/rules/<code>.md` when the code has one, and its default level;
 * - `artifacts`: every file checked, in path order (inputs and the files they
 *   import), each inside the root named relative to `%SRCROOT%`, which
 *   `originalUriBaseIds` maps to the root folder; a file outside the root by its absolute `file:` URI;
 * - `results`: one per diagnostic, by file then position, with its rule, level,
 *   message, location, related locations and, when the diagnostic has one, the
 *   did-you-mean replacement in `properties.suggestion`.
 * The output depends only on the report, the root and the rule pages: the same
 * inputs give the same bytes.
 */
export const sarifFormatter: Formatter = {
    description: 'one SARIF 2.1.0 log, for GitHub code scanning and other SARIF tools',
    colored: false,
    usesRules: true,
    format(report, { root, rules }) {
        const pathOf = pathsOf(report);
        const artifactIndex = new Map(report.files.map(({ file }, index) => [file.uri, index]));

        /** Inside the root: relative to `%SRCROOT%`; outside it: an absolute `file:` URI (no base may apply). */
        const fileLocation = (uri: string): { uri: string; uriBaseId?: string } => {
            const absolute = pathOf(uri);
            if (absolute === undefined) return { uri };
            return isInside(root, absolute)
                ? { uri: uriReference(displayPath(root, absolute)), uriBaseId: SRCROOT }
                : { uri: pathToFileURL(absolute).href };
        };
        const artifactLocation = (uri: string) => {
            const index = artifactIndex.get(uri);
            return { ...fileLocation(uri), ...(index !== undefined ? { index } : {}) };
        };
        const physicalLocation = (uri: string, range: Range) => ({
            physicalLocation: { artifactLocation: artifactLocation(uri), region: regionOf(range) }
        });

        const diagnostics = report.files.flatMap(({ file, diagnostics }) => diagnostics.map(d => ({ uri: file.uri, d })));
        const levels = new Map<string, Level>();
        for (const { d } of diagnostics) {
            const level = levelOf(d.severity);
            const known = levels.get(d.code);
            if (known === undefined || LEVEL_RANK[level] < LEVEL_RANK[known]) levels.set(d.code, level);
        }
        const codes = [...levels.keys()].sort(compareStrings);
        const ruleIndex = new Map(codes.map((code, index) => [code, index]));

        const descriptors = codes.map(code => {
            const page = rules.get(code);
            return {
                id: code,
                name: ruleName(code),
                ...(page
                    ? {
                          shortDescription: { text: page.title },
                          fullDescription: { text: page.summary },
                          help: { text: page.markdown, markdown: page.markdown },
                          helpUri: ruleUrl(code)
                      }
                    : {}),
                defaultConfiguration: { level: levels.get(code)! }
            };
        });

        const results = diagnostics.map(({ uri, d }) => ({
            ruleId: d.code,
            ruleIndex: ruleIndex.get(d.code)!,
            level: levelOf(d.severity),
            message: { text: d.message },
            locations: [physicalLocation(uri, d.range)],
            ...(d.related.length > 0
                ? {
                      relatedLocations: d.related.map((r, index) => ({
                          id: index,
                          ...physicalLocation(r.uri, r.range),
                          message: { text: r.message }
                      }))
                  }
                : {}),
            ...(d.suggestion !== undefined ? { properties: { suggestion: d.suggestion } } : {})
        }));

        const log = {
            $schema: SARIF_SCHEMA_URI,
            version: '2.1.0',
            runs: [
                {
                    tool: {
                        driver: {
                            name: 'archgen',
                            version: VERSION,
                            semanticVersion: VERSION,
                            informationUri: PROJECT_URL,
                            rules: descriptors
                        }
                    },
                    originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(root).href.replace(/\/?$/, '/') } },
                    artifacts: report.files.map(({ file, imported }) => ({
                        location: fileLocation(file.uri),
                        roles: ['analysisTarget'],
                        ...(imported ? { properties: { imported: true } } : {})
                    })),
                    results,
                    columnKind: 'utf16CodeUnits'
                }
            ]
        };
        return `${JSON.stringify(log, null, 2)}\n`;
    }
};
