import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { noColors } from '../colors.js';
import { ruleUrl } from '../project.js';
import { parseRule, type RuleDoc } from '../rules.js';
import { reportOf } from '../load.js';
import { fileReport, range } from '../test-support/report.js';
import { sarifSchemaErrors, type SarifLog } from '../test-support/sarif.js';
import { VERSION } from '../version.js';
import { ruleName, sarifFormatter } from './sarif.js';

const ROOT = path.resolve('/work/repo');

const PAGE = parseRule(
    'connector/unknown-kind',
    '# connector/unknown-kind: Unknown connector kind\n\nA connector is one of three kinds,\n`http`, `db_connector` or `message_queue`.\n\n## Why\n\nBecause.\n'
);

function format(report: ReturnType<typeof reportOf>, rules: ReadonlyMap<string, RuleDoc> = new Map([[PAGE.code, PAGE]]), root = ROOT): SarifLog {
    const text = sarifFormatter.format(report, { colors: noColors, root, rules });
    expect(text.endsWith('}\n')).toBe(true);
    return JSON.parse(text) as SarifLog;
}

/** Two files in a folder with a space, one imported; an error with a suggestion, a warning with related information, a note. */
function sample() {
    const shop = path.join(ROOT, 'my models', 'shop.arch');
    const data = path.join(ROOT, 'my models', 'data.arch');
    return reportOf([
        fileReport(
            ROOT,
            data,
            [
                {
                    range: range(3, 22, 3, 27),
                    severity: 'warning',
                    code: 'component/unconnected',
                    message: "Component 'users' is not connected.",
                    related: [{ uri: pathToFileURL(shop).href, range: range(1, 4, 1, 9), message: 'Referenced here.' }]
                }
            ],
            true
        ),
        fileReport(ROOT, shop, [
            { range: range(24, 14, 24, 26), severity: 'error', code: 'connector/unknown-kind', message: "Unknown connector kind 'mq_connector'.", suggestion: 'message_queue' },
            { range: range(30, 0, 31, 2), severity: 'hint', code: 'component/unconnected', message: 'Also unconnected.' }
        ])
    ]);
}

describe('--format sarif', () => {
    it('validates against the SARIF 2.1.0 schema', () => {
        expect(sarifSchemaErrors(format(sample()))).toEqual([]);
        expect(sarifSchemaErrors(format(reportOf([fileReport(ROOT, path.join(ROOT, 'a.arch'), [])])))).toEqual([]);
    });

    it('is checked by a schema that does reject a wrong log', () => {
        const log = format(sample()) as unknown as { runs: { results: { level: string }[] }[] };
        log.runs[0]!.results[0]!.level = 'fatal';
        expect(sarifSchemaErrors(log)).not.toEqual([]);
    });

    it('names the tool, and declares how it counts columns and where %SRCROOT% is', () => {
        const log = format(sample());
        expect(log.version).toBe('2.1.0');
        expect(log.runs).toHaveLength(1);
        const [run] = log.runs;
        expect(run!.tool.driver).toMatchObject({ name: 'archgen', version: VERSION, informationUri: expect.stringMatching(/^https:\/\//) as unknown });
        expect(run!.columnKind).toBe('utf16CodeUnits');
        expect(run!.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: `${pathToFileURL(ROOT).href}/` } });
    });

    it('lists a rule for every code that occurs, sorted, with its page when it has one', () => {
        const rules = format(sample()).runs[0]!.tool.driver.rules;
        expect(rules.map(r => r.id)).toEqual(['component/unconnected', 'connector/unknown-kind']);
        expect(rules[1]).toEqual({
            id: 'connector/unknown-kind',
            name: 'ConnectorUnknownKind',
            shortDescription: { text: 'Unknown connector kind' },
            fullDescription: { text: 'A connector is one of three kinds, `http`, `db_connector` or `message_queue`.' },
            help: { text: PAGE.markdown, markdown: PAGE.markdown },
            helpUri: ruleUrl('connector/unknown-kind'),
            defaultConfiguration: { level: 'error' }
        });
        // No page yet: no descriptions, no help, no link to a page that does not exist. The most severe level wins.
        expect(rules[0]).toEqual({ id: 'component/unconnected', name: 'ComponentUnconnected', defaultConfiguration: { level: 'warning' } });
    });

    it('gives each result its rule, level, message and location: 1-based, end column exclusive, relative to %SRCROOT%', () => {
        const run = format(sample()).runs[0]!;
        expect(run.results.map(r => [r.ruleId, r.ruleIndex, r.level])).toEqual([
            ['component/unconnected', 0, 'warning'],
            ['connector/unknown-kind', 1, 'error'],
            ['component/unconnected', 0, 'note']
        ]);
        const error = run.results[1]!;
        expect(error.message).toEqual({ text: "Unknown connector kind 'mq_connector'." });
        expect(error.locations).toEqual([
            {
                physicalLocation: {
                    artifactLocation: { uri: 'my%20models/shop.arch', uriBaseId: '%SRCROOT%', index: 1 },
                    region: { startLine: 25, startColumn: 15, endLine: 25, endColumn: 27 }
                }
            }
        ]);
        expect(error.properties).toEqual({ suggestion: 'message_queue' });
        expect(run.results[2]!.locations[0]!.physicalLocation.region).toEqual({ startLine: 31, startColumn: 1, endLine: 32, endColumn: 3 });
    });

    it('carries related information as related locations', () => {
        const warning = format(sample()).runs[0]!.results[0]!;
        expect(warning.relatedLocations).toEqual([
            {
                id: 0,
                physicalLocation: {
                    artifactLocation: { uri: 'my%20models/shop.arch', uriBaseId: '%SRCROOT%', index: 1 },
                    region: { startLine: 2, startColumn: 5, endLine: 2, endColumn: 10 }
                },
                message: { text: 'Referenced here.' }
            }
        ]);
        expect(warning.properties).toBeUndefined();
    });

    it('lists every file checked as an artifact, in path order, marking the imported ones', () => {
        expect(format(sample()).runs[0]!.artifacts).toEqual([
            { location: { uri: 'my%20models/data.arch', uriBaseId: '%SRCROOT%' }, roles: ['analysisTarget'], properties: { imported: true } },
            { location: { uri: 'my%20models/shop.arch', uriBaseId: '%SRCROOT%' }, roles: ['analysisTarget'] }
        ]);
    });

    it('names a file outside the root by its absolute file: URI, without a base', () => {
        const outside = path.resolve('/elsewhere/x.arch');
        const log = format(reportOf([fileReport(ROOT, outside, [{ range: range(0, 0, 0, 1), severity: 'error', code: 'x/y', message: 'E.' }])]));
        expect(log.runs[0]!.artifacts[0]!.location).toEqual({ uri: pathToFileURL(outside).href });
        expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: pathToFileURL(outside).href, index: 0 });
        expect(sarifSchemaErrors(log)).toEqual([]);
    });

    it('prints the same bytes for the same report', () => {
        const text = () => sarifFormatter.format(sample(), { colors: noColors, root: ROOT, rules: new Map([[PAGE.code, PAGE]]) });
        expect(text()).toBe(text());
    });
});

describe('ruleName', () => {
    it('turns a code into an identifier', () => {
        expect(ruleName('connector/unknown-kind')).toBe('ConnectorUnknownKind');
        expect(ruleName('http/sync-cycle')).toBe('HttpSyncCycle');
    });
});
