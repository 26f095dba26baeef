import { type ArchitectureModel, isService } from '@archgen/model';
import { describe, expect, it } from 'vitest';
import { runManifest } from '../../engine/run.js';
import { templateSet } from '../../engine/templates.js';
import { servicesManifest } from '../../targets/compose/services.js';
import { frontend, loadBalancer } from '../../test-support/builders.js';
import { ecommerceModel, minimalModel } from '../../test-support/fixtures.js';
import { flowModel } from '../../test-support/flows.js';
import type { GeneratedFile } from '../../types.js';
import { RUNTIME_SOURCES } from './workspace.js';

const render = (model: ArchitectureModel): GeneratedFile[] => runManifest(model, servicesManifest, templateSet());
const json = (files: GeneratedFile[], path: string): Record<string, unknown> => {
    const found = files.find(f => f.path === path);
    if (!found) throw new Error(`No ${path}`);
    return JSON.parse(found.content) as Record<string, unknown>;
};

describe('the services workspace of the e-commerce model', () => {
    const files = render(ecommerceModel);
    const services = ecommerceModel.components.filter(isService).map(s => s.serviceName);

    it('writes the workspace, the runtime and one small package per service', () => {
        expect(files.map(f => f.path)).toEqual([
            '.dockerignore',
            'asyncapi.yaml',
            'package.json',
            'runtime/package.json',
            ...RUNTIME_SOURCES.map(f => `runtime/src/${f.file}`).sort(),
            'runtime/tsconfig.json',
            ...services.slice().sort().flatMap(s => [
                `services/${s}/Dockerfile`,
                `services/${s}/openapi.json`,
                `services/${s}/package.json`,
                `services/${s}/src/main.ts`,
                `services/${s}/src/model.ts`,
                `services/${s}/tsconfig.json`
            ]),
            'tsconfig.base.json',
            'tsconfig.json'
        ]);
    });

    it('is one npm workspace: dependencies at the root, a build and a start script per service', () => {
        const root = json(files, 'package.json');
        expect(root).toMatchObject({ name: 'ecommerce', private: true, type: 'module', workspaces: ['runtime', 'services/*'] });
        // Its channels speak AMQP and MQTT: both broker clients.
        expect(Object.keys(root['dependencies'] as object)).toEqual(['amqplib', 'fastify', 'mqtt', 'pg']);
        expect(Object.keys(root['devDependencies'] as object)).toEqual(['@types/amqplib', '@types/node', '@types/pg', 'typescript']);
        expect(root['scripts']).toEqual({
            build: 'tsc -b',
            ...Object.fromEntries(services.map(s => [`start:${s}`, `node services/${s}/dist/main.js`]))
        });
        expect(json(files, 'tsconfig.json')['references']).toEqual([
            { path: 'runtime' }, ...services.map(s => ({ path: `services/${s}` }))
        ]);
        expect(json(files, 'runtime/package.json')).toMatchObject({ name: '@ecommerce/runtime', exports: { '.': { default: './dist/index.js' } } });
        expect(json(files, 'services/orders/package.json')).toMatchObject({
            name: '@ecommerce/orders',
            main: 'dist/main.js',
            dependencies: { '@ecommerce/runtime': '0.1.0' }
        });
        expect(json(files, 'services/orders/tsconfig.json')).toMatchObject({ extends: '../../tsconfig.base.json', references: [{ path: '../../runtime' }] });
    });

    it('builds each image in two stages from the output folder and runs it as the node user', () => {
        const dockerfile = files.find(f => f.path === 'services/payment-processor/Dockerfile')!.content;
        const instructions = dockerfile.split('\n').filter(l => /^[A-Z]+ /.test(l));
        expect(instructions.filter(l => l.startsWith('FROM '))).toEqual(['FROM node:20-alpine AS build', 'FROM node:20-alpine']);
        expect(instructions).toContain('RUN npx tsc -b services/payment-processor && npm prune --omit=dev --no-audit --no-fund');
        expect(instructions).toContain('COPY --from=build /app/services/payment-processor/openapi.json services/payment-processor/');
        expect(instructions.slice(-3)).toEqual(['USER node', 'EXPOSE 3000', 'CMD ["node", "services/payment-processor/dist/main.js"]']);
    });

    it('reads the contract\'s variable names and headers in the runtime', () => {
        const config = files.find(f => f.path === 'runtime/src/config.ts')!.content;
        for (const name of ["'PORT'", "'SERVICE_NAME'", "'INSTANCE_ID'", "'LISTEN_HOST'"]) expect(config).toContain(name);
        const auth = files.find(f => f.path === 'runtime/src/auth/routes.ts')!.content;
        for (const name of ["'X-Archgen-Public'", "'X-Archgen-Roles'", "'X-User-Id'", "'X-User-Roles'"]) expect(auth).toContain(name);
    });
});

describe('broker clients and handlers', () => {
    it('depends on no broker client and includes no transport when the model carries no messages', () => {
        const files = render(minimalModel);
        const root = json(files, 'package.json');
        expect(Object.keys(root['dependencies'] as object)).toEqual(['fastify', 'pg']);
        expect(Object.keys(root['devDependencies'] as object)).toEqual(['@types/node', '@types/pg', 'typescript']);
        const paths = files.map(f => f.path);
        expect(paths).not.toContain('runtime/src/messaging/amqp.ts');
        expect(paths).not.toContain('runtime/src/messaging/mqtt.ts');
        const transports = files.find(f => f.path === 'runtime/src/messaging/transports.ts')!.content;
        expect(transports).not.toMatch(/^import .*\.\/(amqp|mqtt)\.js/m);
    });

    it('includes only the transport its channels speak', () => {
        const files = render(flowModel);
        expect(Object.keys(json(files, 'package.json')['dependencies'] as object)).toEqual(['amqplib', 'fastify', 'pg']);
        const paths = files.map(f => f.path);
        expect(paths).toContain('runtime/src/messaging/amqp.ts');
        expect(paths).not.toContain('runtime/src/messaging/mqtt.ts');
        expect(files.find(f => f.path === 'runtime/src/messaging/transports.ts')!.content).toContain("import { AmqpTransport } from './amqp.js';");
    });

    it('writes a stub per handler for you to fill in, and main.ts registers each by its name in the model', () => {
        const files = render(flowModel);
        expect(files.map(f => f.path).filter(p => p.includes('/handlers/'))).toEqual([
            'services/orders/src/handlers/2nd_check.ts',
            'services/orders/src/handlers/notify-customer.ts'
        ]);
        const stub = files.find(f => f.path === 'services/orders/src/handlers/notify-customer.ts')!.content;
        expect(stub).toContain('import type { HandlerContext } from "@flow/runtime";');
        expect(stub).toContain('export async function notify_customer(context: HandlerContext): Promise<void> {');
        const main = files.find(f => f.path === 'services/orders/src/main.ts')!.content;
        expect(main).toContain('import { notify_customer } from "./handlers/notify-customer.js";');
        expect(main).toContain('import { handler_2nd_check } from "./handlers/2nd_check.js";');
        expect(main).toContain('"2nd check!": handler_2nd_check,');
        expect(main).toContain('    contract: new URL("../openapi.json", import.meta.url),');
        expect(files.find(f => f.path === 'services/payments/src/main.ts')!.content)
            .toContain('await startService(model, { contract: new URL("../openapi.json", import.meta.url) });');
    });
});

describe('a model without services', () => {
    it('gets no workspace at all', () => {
        const model: ArchitectureModel = {
            ...ecommerceModel,
            components: [frontend('web', []), loadBalancer('lb', ['web'])],
            connectors: [],
            brokers: []
        };
        expect(render(model)).toEqual([]);
    });
});
