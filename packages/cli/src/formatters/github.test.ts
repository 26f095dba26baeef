import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { noColors } from '../colors.js';
import { reportOf } from '../load.js';
import { fileReport, range } from '../test-support/report.js';
import { escapeData, escapeProperty, githubFormatter } from './github.js';

const ROOT = path.resolve('/work/repo');
const format = (report: ReturnType<typeof reportOf>, root = ROOT) => githubFormatter.format(report, { colors: noColors, root, rules: new Map() });

/** What the runner does with a command line (actions/runner ActionCommand: unescape `%0D`, `%0A`, `%3A`, `%2C`, then `%25`). */
function parseCommand(line: string): { command: string; properties: Record<string, string>; message: string } {
    const match = /^::(\S+) (.*?)::(.*)$/.exec(line);
    if (!match) throw new Error(`not a workflow command with properties: ${line}`);
    const unescape = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
    const properties = Object.fromEntries(
        match[2]!.split(',').map(pair => {
            const at = pair.indexOf('=');
            return [pair.slice(0, at), unescape(pair.slice(at + 1))];
        })
    );
    const message = match[3]!.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
    return { command: match[1]!, properties, message };
}

describe('escaping as the GitHub toolkit does', () => {
    it('escapes % first, then CR and LF, in a message; and : and , too in a property', () => {
        expect(escapeData('100%0A: a, b\r\nc')).toBe('100%250A: a, b%0D%0Ac');
        expect(escapeProperty('100%0A: a, b\r\nc')).toBe('100%250A%3A a%2C b%0D%0Ac');
    });

    it('leaves everything else alone', () => {
        expect(escapeData("Unknown kind 'x' = y; [z] #1 ::")).toBe("Unknown kind 'x' = y; [z] #1 ::");
        expect(escapeProperty('models/shop.arch')).toBe('models/shop.arch');
    });
});

describe('--format github', () => {
    it('prints one ::error / ::warning / ::notice per diagnostic with file, line, col, end and the code as title', () => {
        const report = reportOf([
            fileReport(ROOT, path.join(ROOT, 'models/shop.arch'), [
                { range: range(1, 4, 1, 13), severity: 'warning', code: 'component/unconnected', message: 'A warning.' },
                { range: range(24, 14, 24, 26), severity: 'error', code: 'connector/unknown-kind', message: 'An error.' },
                { range: range(30, 0, 30, 3), severity: 'info', code: 'model/hint', message: 'A note.' }
            ])
        ]);
        expect(format(report).split('\n')).toEqual([
            '::warning file=models/shop.arch,line=2,col=5,endLine=2,endColumn=14,title=component/unconnected::A warning.',
            '::error file=models/shop.arch,line=25,col=15,endLine=25,endColumn=27,title=connector/unknown-kind::An error.',
            '::notice file=models/shop.arch,line=31,col=1,endLine=31,endColumn=4,title=model/hint::A note.',
            '1 error, 1 warning in 1 file',
            ''
        ]);
    });

    it('escapes a message with a comma, colon, percent and newline, and a file name with them, so the runner reads them back', () => {
        const file = path.join(ROOT, 'odd,name:100%.arch');
        const message = "Rate '50%' is too high: at most 10, per route.\nSecond line.";
        const report = reportOf([fileReport(ROOT, file, [{ range: range(0, 0, 0, 4), severity: 'error', code: 'gateway/invalid-rate-limit', message }])]);
        const [line] = format(report).split('\n');
        expect(line).toBe(
            '::error file=odd%2Cname%3A100%25.arch,line=1,col=1,endLine=1,endColumn=5,title=gateway/invalid-rate-limit::' +
                "Rate '50%25' is too high: at most 10, per route.%0ASecond line."
        );
        expect(parseCommand(line!)).toEqual({
            command: 'error',
            properties: { file: 'odd,name:100%.arch', line: '1', col: '1', endLine: '1', endColumn: '5', title: 'gateway/invalid-rate-limit' },
            message
        });
    });

    it('keeps every annotation on one line, whatever the message holds', () => {
        const report = reportOf([
            fileReport(ROOT, path.join(ROOT, 'a.arch'), [
                { range: range(0, 0, 0, 1), severity: 'error', code: 'x/y', message: 'one\r\ntwo\nthree\r' }
            ])
        ]);
        expect(format(report).split('\n')).toHaveLength(3);
    });

    it('gives a range over several lines its lines only (the runner drops columns then)', () => {
        const report = reportOf([
            fileReport(ROOT, path.join(ROOT, 'a.arch'), [{ range: range(2, 4, 5, 1), severity: 'error', code: 'x/y', message: 'Spans.' }])
        ]);
        expect(format(report).split('\n')[0]).toBe('::error file=a.arch,line=3,endLine=6,title=x/y::Spans.');
    });

    it('follows the message with the related information, on lines of its own', () => {
        const first = path.join(ROOT, 'data.arch');
        const second = path.join(ROOT, 'services.arch');
        const report = reportOf([
            fileReport(ROOT, first, []),
            fileReport(ROOT, second, [
                {
                    range: range(3, 22, 3, 27),
                    severity: 'error',
                    code: 'component/duplicate-name',
                    message: "Component 'users' is already declared in data.arch.",
                    related: [{ uri: pathToFileURL(first).href, range: range(1, 22, 1, 27), message: "'users' is first declared here." }]
                }
            ])
        ]);
        const [line] = format(report).split('\n');
        expect(parseCommand(line!).message).toBe("Component 'users' is already declared in data.arch.\ndata.arch:2:23: 'users' is first declared here.");
    });

    it('names files relative to the root it is given (the workspace in a workflow)', () => {
        const cwd = path.join(ROOT, 'models');
        const report = reportOf([fileReport(cwd, path.join(cwd, 'shop.arch'), [{ range: range(0, 0, 0, 1), severity: 'warning', code: 'x/y', message: 'W.' }])]);
        expect(format(report, ROOT)).toMatch(/^::warning file=models\/shop\.arch,/);
        expect(format(report, cwd)).toMatch(/^::warning file=shop\.arch,/);
    });

    it('prints only the summary when there is nothing to say', () => {
        expect(format(reportOf([fileReport(ROOT, path.join(ROOT, 'a.arch'), [])]))).toBe('No problems in 1 file.\n');
    });
});
