import { EmptyFileSystem, type AstNode } from 'langium';
import { describe, expect, it } from 'vitest';
import { checkSources } from '../api.js';
import { createArchgenServices } from '../arch-module.js';
import { check } from '../test-support/index.js';
import { allFixtures, checkFixture, fixtureText, issues, suggestions } from './__tests__/helpers.js';
import { safely } from './_shared.js';
import { wrapChecks } from './index.js';
import { ALL_ISSUE_CODES, IssueCodes } from './issue-codes.js';

describe('the seed model', () => {
    it('gives exactly one error, connector/unknown-kind at 25:15, suggesting message_queue', async () => {
        const doc = await checkFixture('seed/invalid-seed-model.arch');
        expect(issues(doc)).toEqual(['25:15-25:27 error connector/unknown-kind']);
        expect(suggestions(doc, IssueCodes.UnknownConnectorKind)).toEqual(['message_queue']);
    });

    it('with message_queue substituted, checks clean (no errors, no warnings) and builds the IR', async () => {
        expect(fixtureText('seed/valid-seed-model.arch'))
            .toBe(fixtureText('seed/invalid-seed-model.arch').replace('mq_connector', 'message_queue'));
        const doc = await checkFixture('seed/valid-seed-model.arch');
        expect(issues(doc)).toEqual([]);
        expect(doc.model?.components).toHaveLength(14);
    });
});

describe('the catalogue', () => {
    it('reports every error of a file at once, even after a syntax error', async () => {
        const doc = await checkFixture('all/invalid-many-errors.arch');
        expect(issues(doc)).toEqual([
            '2:15-2:28 error component/unknown-kind',
            '2:29-2:31 warning component/unconnected',
            '2:43-2:50 error load-balancer/unknown-strategy',
            '3:42-3:47 error exposure/invalid-port',
            '5:15-5:26 error gateway/invalid-path',
            '5:30-5:35 error gateway/route-unreachable',
            '6:9-6:13 error gateway/invalid-issuer',
            '6:14-6:19 error gateway/unknown-auth-scheme',
            '7:20-7:21 error gateway/invalid-rate-limit',
            '7:26-7:30 error gateway/invalid-rate-limit',
            '8:14-8:23 error gateway/invalid-cors-origin',
            '9:18-9:22 error syntax/unexpected-token',
            '11:40-11:41 error component/invalid-replicas',
            '11:43-11:51 error property/not-applicable',
            '12:23-12:28 error component/duplicate-name',
            '14:9-14:15 error exposure/public-database',
            '15:16-15:22 error database/unknown-engine',
            '17:16-17:23 error field/unknown-type',
            '18:13-18:18 error field/reserved-word',
            '18:26-18:27 error field/invalid-type-arguments',
            '19:34-19:42 error field/conflicting-modifiers',
            '20:13-20:17 error field/duplicate-name',
            '23:27-23:35 error connector/incompatible-kinds',
            '24:15-24:27 error connector/unknown-kind',
            '25:38-25:41 error connector/incompatible-kinds',
            '25:52-25:57 error message/invalid-channel',
            '25:65-25:67 error value/invalid-duration',
            '26:37-26:44 error message/not-a-queue',
            '27:31-27:36 error reference/unknown-component'
        ]);
        expect(doc.model).toBeUndefined();
    });

    it('every valid-*.arch fixture checks without any diagnostic, and every invalid-*.arch with at least one', async () => {
        for (const path of allFixtures()) {
            const doc = await checkFixture(path);
            const name = path.split('/').pop()!;
            if (name.startsWith('valid-')) expect(issues(doc), path).toEqual([]);
            else expect(name.startsWith('invalid-') && doc.diagnostics.length > 0, path).toBe(true);
        }
    });

    it('exercises every issue code in some fixture (internal/check-failed: see below)', async () => {
        const seen = new Set<string>();
        for (const path of allFixtures()) for (const d of (await checkFixture(path)).diagnostics) seen.add(d.code);
        const missing = ALL_ISSUE_CODES.filter(code => code !== IssueCodes.InternalError && !seen.has(code));
        expect(missing).toEqual([]);
        expect([...seen].filter(code => !(ALL_ISSUE_CODES as readonly string[]).includes(code))).toEqual([]);
    });

    it('messages are one capitalised sentence ending in a period (a did-you-mean may follow)', async () => {
        for (const path of allFixtures()) {
            for (const d of (await checkFixture(path)).diagnostics) {
                expect(d.message, `${path} ${d.code}`).toMatch(/^[A-Z].*[.?]$/s);
            }
        }
    });

    it('related information points into the same document', async () => {
        const doc = await checkFixture('names/invalid-duplicate-components.arch');
        const duplicate = doc.diagnostics.find(d => d.code === IssueCodes.DuplicateComponent)!;
        expect(duplicate.related).toEqual([{
            uri: doc.uri,
            range: { start: { line: 3, character: 22 }, end: { line: 3, character: 27 } },
            message: "'users' is first declared here."
        }]);
    });

    it('tolerates partial ASTs: no truncation of a valid model makes a check throw', async () => {
        for (const path of ['architecture/valid-architecture.arch', 'gateway/valid-gateway.arch', 'action/valid-actions.arch', 'field/valid-fields.arch']) {
            const text = fixtureText(path);
            for (let end = 1; end < text.length; end += 23) {
                const doc = await check(text.slice(0, end), `partial/${path}-${end}`);
                expect(issues(doc, IssueCodes.InternalError), `${path} cut at ${end}`).toEqual([]);
            }
        }
    });
});

describe('internal/check-failed', () => {
    it('a throwing check becomes one diagnostic and the other checks still run', async () => {
        const services = createArchgenServices(EmptyFileSystem);
        services.archgen.validation.ValidationRegistry.register(wrapChecks({
            Model: [function brokenCheck(): void {
                throw new Error('something broke.');
            }]
        }));
        const [doc] = await checkSources(services, [{
            uri: 'file:///test/internal.arch',
            text: 'architecture internal:\n    component frontnd web\n'
        }]);
        expect(issues(doc!)).toEqual([
            '1:1-2:26 error internal/check-failed',
            '2:15-2:22 error component/unknown-kind',
            '2:23-2:26 warning component/unconnected'
        ]);
        expect(doc!.diagnostics[0]!.message).toBe("Internal error in check 'brokenCheck': something broke.");
    });

    it('safely() also catches a rejected promise', async () => {
        const reported: { severity: string; message: string; code: unknown }[] = [];
        const wrapped = safely(async function asyncCheck(): Promise<void> {
            throw new Error('late');
        });
        const node = { $type: 'Model' } as AstNode;
        await wrapped(node, (severity, message, info) => reported.push({ severity, message, code: info.code }), undefined as never);
        expect(reported).toEqual([{ severity: 'error', message: "Internal error in check 'asyncCheck': late.", code: IssueCodes.InternalError }]);
    });
});
