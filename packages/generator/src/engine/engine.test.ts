import type { ArchitectureModel, Component, MessageChannel } from '@archgen/model';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { at, database, queueConnector, service } from '../test-support/builders.js';
import { minimalModel } from '../test-support/fixtures.js';
import { headerOf } from './header.js';
import { entry } from './manifest.js';
import { isSafeRelativePath } from './paths.js';
import { runManifest } from './run.js';
import { TemplateSet, findTemplatesRoot } from './templates.js';

const repoTemplates = fileURLToPath(new URL('../../../../templates', import.meta.url));

describe('findTemplatesRoot', () => {
    it('finds the repository templates from src/ and from dist/', () => {
        const pkg = fileURLToPath(new URL('../..', import.meta.url));
        expect(findTemplatesRoot()).toBe(repoTemplates);
        expect(findTemplatesRoot(join(pkg, 'src', 'engine'))).toBe(repoTemplates);
        expect(findTemplatesRoot(join(pkg, 'dist', 'engine'))).toBe(repoTemplates);
    });

    it('says so when there is none', () => {
        expect(() => findTemplatesRoot('/')).toThrow(/No 'templates' folder/);
    });
});

describe('TemplateSet and runManifest', () => {
    const root = mkdtempSync(join(tmpdir(), 'archgen-templates-'));
    const write = (path: string, content: string): void => {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), content);
    };
    // A standalone partial replaces its whole line: partial files end with their own newline.
    write('t/_partials/greet.hbs', 'hello {{name}}\n');
    write('t/page.txt.hbs', '{{> t/greet}}\r\n{{yamlString name}}\n');
    write('t/missing.hbs', '{{nothere}}');
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('names partials by folder, registers helpers, normalises line ends', () => {
        expect(new TemplateSet(root).render('t/page.txt.hbs', { name: 'x' })).toBe('hello x\n"x"\n');
    });

    it('fails loudly on a missing field or template', () => {
        const set = new TemplateSet(root);
        expect(() => set.render('t/missing.hbs', {})).toThrow(/t\/missing.hbs.*nothere/);
        expect(() => set.render('t/none.hbs', {})).toThrow(/not found/);
    });

    const model: ArchitectureModel = minimalModel;
    const page = (output: (v: { name: string }) => string, when?: (m: ArchitectureModel, c: Component) => boolean) => entry({
        template: 't/page.txt.hbs',
        scope: 'component',
        view: (_m, c) => ({ name: c.serviceName }),
        output,
        ...(when ? { when } : {})
    });

    it('renders per item, honours when, sorts by path', () => {
        const files = runManifest(model, [
            page(v => `z/${v.name}.txt`, (_m, c) => c.kind !== 'database'),
            entry({ template: 't/page.txt.hbs', scope: 'once', view: () => ({ name: 'all' }), output: () => 'a.txt', executable: true })
        ], new TemplateSet(root));
        expect(files.map(f => f.path)).toEqual(['a.txt', 'z/api.txt', 'z/lb.txt', 'z/web.txt']);
        expect(files[0]).toEqual({ path: 'a.txt', content: 'hello all\n"all"\n', executable: true });
        expect(files[1]).not.toHaveProperty('executable');
    });

    it('refuses unsafe and duplicate output paths', () => {
        const set = new TemplateSet(root);
        expect(() => runManifest(model, [page(v => `../${v.name}`)], set)).toThrow(/unsafe output path '..\/web'/);
        expect(() => runManifest(model, [page(() => 'same.txt')], set)).toThrow(/Two templates write 'same.txt'/);
    });
});

describe('runManifest headers', () => {
    const root = mkdtempSync(join(tmpdir(), 'archgen-headers-'));
    mkdirSync(join(root, 't'), { recursive: true });
    writeFileSync(join(root, 't', 'plain.hbs'), '{{name}}\n');
    afterAll(() => rmSync(root, { recursive: true, force: true }));
    const set = new TemplateSet(root);
    const header = (files: readonly { path: string; content: string }[], path: string) =>
        headerOf(path, files.find(f => f.path === path)!.content);

    // The entry file imports services.arch beside it: every element is named by its own file.
    const ENTRY = 'file:///home/me/shop/shop.arch';
    const SERVICES = 'file:///home/me/shop/services.arch';
    const channel: MessageChannel = {
        channel: 'orders.placed', broker: 'rabbitmq', engine: 'rabbitmq', protocol: 'amqp', payload: { fields: [] },
        delivery: 'at_least_once', delayMs: 0, actions: [{ kind: 'handler', name: 'notify', source: at(30, SERVICES) }]
    };
    const model: ArchitectureModel = {
        name: 'shop', projectName: 'shop', source: at(5, ENTRY),
        components: [
            service('orders', { line: 8, uri: SERVICES }),
            service('mailer', { kind: 'mqtp', line: 9, uri: SERVICES, consumes: ['orders.placed'] }),
            database('orders_db', ['orders'], [], { line: 12, uri: ENTRY })
        ],
        connectors: [
            queueConnector('orders', 'mailer', channel, 27)
        ].map(c => ({ ...c, source: at(27, SERVICES) })),
        brokers: [
            { name: 'rabbitmq', engine: 'rabbitmq', protocols: ['amqp'], channels: ['orders.placed'] },
            { name: 'mosquitto', engine: 'mosquitto', protocols: ['mqtt'], channels: [] }
        ]
    };
    const plain = <S extends 'once' | 'service' | 'database' | 'broker' | 'handler'>(scope: S, output: string) =>
        entry({ template: 't/plain.hbs', scope, view: () => ({ name: scope }), output: () => output });

    it('names the scope\'s item, in the file it is written in', () => {
        const files = runManifest(model, [
            entry({ template: 't/plain.hbs', scope: 'service', view: (_m, s) => ({ name: s.serviceName }), output: v => `${v.name}/Dockerfile` }),
            plain('database', 'schema.sql'),
            plain('once', 'docker-compose.yml')
        ], set);
        expect(header(files, 'orders/Dockerfile')).toBe("Generated by archgen from backend 'orders' (services.arch:9). Edit the model, not this file.");
        expect(header(files, 'mailer/Dockerfile')).toBe("Generated by archgen from mqtp 'mailer' (services.arch:10). Edit the model, not this file.");
        expect(header(files, 'schema.sql')).toBe("Generated by archgen from database 'orders_db' (shop.arch:13). Edit the model, not this file.");
        expect(header(files, 'docker-compose.yml')).toBe("Generated by archgen from architecture 'shop' (shop.arch:6). Edit the model, not this file.");
    });

    it('places a broker at its first connector, or at the architecture when none uses it', () => {
        const files = runManifest(model, [
            entry({ template: 't/plain.hbs', scope: 'broker', view: (_m, b) => ({ name: b.name }), output: v => `${v.name}.conf` })
        ], set);
        expect(header(files, 'rabbitmq.conf')).toBe("Generated by archgen from broker 'rabbitmq' (services.arch:28). Edit the model, not this file.");
        expect(header(files, 'mosquitto.conf')).toBe("Generated by archgen from broker 'mosquitto' (shop.arch:6). Edit the model, not this file.");
    });

    it('says a once entry (a handler stub) is the user\'s', () => {
        const files = runManifest(model, [{ ...plain('handler', 'notify.ts'), once: true }], set);
        expect(files[0]).toMatchObject({ path: 'notify.ts', once: true });
        expect(header(files, 'notify.ts')).toBe(
            "Generated once by archgen from handler 'notify' (services.arch:31). This file is yours to edit: regenerating never replaces it.");
    });

    it('lets an entry name another element, and leaves verbatim and JSON files alone', () => {
        const files = runManifest(model, [
            { ...plain('once', 'entity.ts'), origin: () => ({ kind: 'entity', name: 'Order', source: at(14, ENTRY) }) },
            { ...plain('once', 'vendor.js'), verbatim: true },
            plain('once', 'package.json')
        ], set);
        expect(header(files, 'entity.ts')).toBe("Generated by archgen from entity 'Order' (shop.arch:15). Edit the model, not this file.");
        expect(files.find(f => f.path === 'vendor.js')!.content).toBe('once\n');
        expect(files.find(f => f.path === 'package.json')!.content).toBe('once\n');
    });
});

describe('isSafeRelativePath', () => {
    it.each(['a', 'a/b.txt', '.env', 'x/.gitignore'])('accepts %s', p => expect(isSafeRelativePath(p)).toBe(true));
    it.each(['', '/etc/passwd', '../x', 'a/../b', 'a//b', './a', 'a\\b', 'C:/x', 'a/'])('refuses %s', p =>
        expect(isSafeRelativePath(p)).toBe(false));
});
