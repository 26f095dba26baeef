import { type ArchitectureModel, type ServiceComponent, isDatabase, isService } from '@archgen/model';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { runManifest } from '../../engine/run.js';
import { templateSet } from '../../engine/templates.js';
import { servicesManifest } from '../../targets/compose/services.js';
import type { GenerationResult } from '../../types.js';
import { database, dbConnector, entity, field, serialId, service } from '../../test-support/builders.js';
import { ALL_MODELS, ecommerceModel, variantsModel } from '../../test-support/fixtures.js';
import { flowModel } from '../../test-support/flows.js';
import { file } from '../../test-support/compose.js';
import { postgres } from '../sql/postgres.js';
import { tableView } from '../sql/table.js';
import { constraintsOf, fieldModel, serviceModelView } from './model-view.js';

const svc = (model: ArchitectureModel, name: string): ServiceComponent => {
    const found = model.components.filter(isService).find(c => c.name === name);
    if (!found) throw new Error(`No service ${name}`);
    return found;
};

/** Only the services' part of the compose target. */
const generateServices = (model: ArchitectureModel): GenerationResult => ({ files: runManifest(model, servicesManifest, templateSet()), secrets: [] });

/** The ServiceModel a generated model.ts exports, evaluated. */
function generatedModel(model: ArchitectureModel, serviceName: string): Record<string, unknown> {
    const source = file(generateServices(model), `services/${serviceName}/src/model.ts`).content;
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const exports: Record<string, unknown> = {};
    new Function('exports', 'require', js)(exports, () => ({}));
    return exports['model'] as Record<string, unknown>;
}

describe('model.ts of a service', () => {
    it('describes the users service: its database variables, User without its hash, accounts and roles', () => {
        const model = generatedModel(ecommerceModel, 'users');
        expect(model).toMatchObject({
            component: 'users',
            serviceName: 'users',
            kind: 'backend',
            // Its resource /api/users already answers there.
            infoPath: null,
            database: {
                component: 'users_db',
                engine: 'postgres',
                env: { host: 'USERS_DB_HOST', port: 'USERS_DB_PORT', database: 'USERS_DB_DATABASE', user: 'USERS_DB_USER', password: 'USERS_DB_PASSWORD' }
            },
            auth: {
                secretEnv: 'JWT_SECRET',
                ttlEnv: 'JWT_TTL_SECONDS',
                defaultTtlSeconds: 3600,
                accounts: { entity: 'User', login: 'email', passwordHash: 'passwordHash', password: 'password', roles: { kind: 'enum', field: 'role' } },
                accountsNote: null
            },
            messaging: { publishes: [], consumes: [] }
        });
        const [user] = model['entities'] as { name: string; key: string; fields: { name: string; secret: boolean }[] }[];
        expect(user).toMatchObject({ name: 'User', table: 'users', resource: 'users', key: 'id' });
        expect(user!.fields.filter(f => f.secret).map(f => f.name)).toEqual(['passwordHash']);
    });

    it('gives a service without entities an info route and no auth', () => {
        const lab: ArchitectureModel = {
            ...ecommerceModel,
            components: [service('lab_be_a', { databases: ['lab_db'], dependsOn: ['lab_db'] }), database('lab_db', ['lab_be_a'], [])],
            connectors: [dbConnector('lab_be_a', 'lab_db')],
            brokers: []
        };
        expect(generatedModel(lab, 'lab-be-a')).toMatchObject({
            component: 'lab_be_a', infoPath: '/api/lab-be-a', entities: [], auth: null, database: { component: 'lab_db' }
        });
    });

    it('describes its channels, and serves no database it does not have', () => {
        const messaging = generatedModel(ecommerceModel, 'orders')['messaging'] as { exchange: string; publishes: unknown[]; consumes: Record<string, unknown>[] };
        expect(messaging.exchange).toBe('ecommerce.messages');
        expect(messaging.publishes).toEqual([]);
        expect(messaging.consumes).toMatchObject([{
            channel: 'payments.processed', protocol: 'amqp', queue: 'payments.processed.orders', delayEnv: 'PAYMENTS_PROCESSED_DELAY_MS', delayMs: 0,
            actions: [{ kind: 'update', entity: 'Order', when: { field: 'status', value: { kind: 'literal', value: 'approved' } } }]
        }]);
        expect(generatedModel(variantsModel, 'notifier')).toMatchObject({ database: null, entities: [], infoPath: '/api/notifier' });
    });

    it('carries the flows: children, sums, the user field, call rules, internal routes, triggered messages', () => {
        const orders = generatedModel(flowModel, 'orders');
        expect(orders['entities']).toMatchObject([
            { name: 'Order', children: [{ entity: 'OrderLine', key: 'order_lines', field: 'order_id' }], sums: [{ field: 'total', entity: 'OrderLine', of: 'price', via: 'order_id' }], userField: 'customer_id' },
            { name: 'OrderLine', children: [], sums: [], userField: null }
        ]);
        expect(orders['calls']).toMatchObject([
            { kind: 'lookup', entity: 'OrderLine', field: 'price', factor: 'quantity', target: { urlEnv: 'PRODUCTS_URL', byKey: true } },
            { kind: 'take', entity: 'OrderLine', amount: 'quantity', target: { urlEnv: 'INVENTORY_URL', resource: 'stocks', by: 'product_id', byKey: false } }
        ]);
        expect(generatedModel(flowModel, 'inventory')['internal']).toEqual({ lookups: [], takes: [{ entity: 'Stock', field: 'quantity', by: 'product_id' }] });
        const payments = generatedModel(flowModel, 'payments')['messaging'] as { publishes: Record<string, unknown>[] };
        expect(payments.publishes).toMatchObject([{ channel: 'payments.requested', trigger: { operation: 'create', entity: 'Payment' } }]);
        expect((payments.publishes[0]!['payload'] as { name: string }[]).map(f => f.name)).toEqual(['id', 'order_id', 'amount', 'card_number', 'card_expiry']);
        expect(generatedModel(flowModel, 'processor')).toMatchObject({ database: null, calls: [], internal: { lookups: [], takes: [] } });
    });

    it('uses the first of several databases and says so', () => {
        const two: ArchitectureModel = {
            ...ecommerceModel,
            components: [
                service('api', { databases: ['a_db', 'b_db'], entities: ['Note', 'Tag'], dependsOn: ['a_db', 'b_db'] }),
                database('a_db', ['api'], [entity('Note', 'notes', 'a_db', 'api', [serialId()])]),
                database('b_db', ['api'], [entity('Tag', 'tags', 'b_db', 'api', [serialId()])])
            ],
            connectors: [],
            brokers: []
        };
        const view = serviceModelView(two, svc(two, 'api'));
        expect(view.database?.component).toBe('a_db');
        expect(view.entities.map(e => e.name)).toEqual(['Note']);
        expect(view.notes).toEqual(["One database per service: it uses 'a_db' and leaves out 'b_db'."]);
    });

    it('warns in the file that the runtime does not speak MySQL', () => {
        expect(serviceModelView(variantsModel, svc(variantsModel, 'catalog')).notes).toEqual([
            "'catalog_db' runs MySQL: the runtime speaks PostgreSQL only and refuses to start."
        ]);
    });

    it.each(Object.keys(ALL_MODELS))('is valid TypeScript for every service of the %s model (the runtime too)', name => {
        const result = generateServices(ALL_MODELS[name]!);
        const checked = result.files.filter(f => f.path.endsWith('.ts') && (name === 'ecommerce' || f.path.startsWith('services/')));
        expect(checked.length).toBeGreaterThan(0);
        for (const f of checked) {
            const out = ts.transpileModule(f.content, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.NodeNext } });
            expect(out.diagnostics?.map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n')), f.path).toEqual([]);
        }
    });
});

describe('field metadata', () => {
    it('carries type details, bounds, and what the client may leave out', () => {
        const price = field('price', { name: 'decimal', precision: 10, scale: 2 }, { required: true, min: 0 });
        expect(fieldModel(price, false)).toEqual({
            name: 'price', column: 'price', type: 'decimal', length: undefined, precision: 10, scale: 2, values: undefined,
            min: 0, max: undefined, primaryKey: false, required: true, defaulted: false, generated: false, unique: false, secret: false
        });
        const status = field('status', { name: 'enum', values: ['pending', 'paid'] }, { required: true, default: { kind: 'enum', value: 'pending' } });
        expect(fieldModel(status, false)).toMatchObject({ values: ['pending', 'paid'], required: true, defaulted: true, generated: false });
        expect(fieldModel(serialId(), false)).toMatchObject({ primaryKey: true, required: true, defaulted: true, generated: true });
        expect(fieldModel(field('n', { name: 'int' }, { min: Number.NEGATIVE_INFINITY }), false)).toMatchObject({ min: undefined });
    });
});

describe('constraintsOf', () => {
    it.each(Object.keys(ALL_MODELS))('names every constraint of the %s schemas after the field it guards', name => {
        for (const db of ALL_MODELS[name]!.components.filter(isDatabase)) {
            for (const e of db.entities) {
                const table = tableView(postgres, { entity: e, origin: '', inlineKeys: e.fields.filter(f => f.references?.foreignKey), columnComments: new Map() });
                const inSchema = [...table.primaryKey, ...table.uniques, ...table.checks, ...table.foreignKeys].map(c => c.name);
                const known = new Map(constraintsOf(e).map(c => [c.name, c.field]));
                for (const constraint of inSchema) expect(known.has(constraint), `${e.name}: ${constraint}`).toBe(true);
                for (const fieldName of known.values()) expect(e.fields.some(f => f.name === fieldName)).toBe(true);
            }
        }
    });
});
