import { type ArchitectureModel, isService } from '@archgen/model';
import { describe, expect, it } from 'vitest';
import { runManifest } from '../../engine/run.js';
import { templateSet } from '../../engine/templates.js';
import { servicesManifest } from '../../targets/compose/services.js';
import { frontend, loadBalancer } from '../../test-support/builders.js';
import { ecommerceModel } from '../../test-support/fixtures.js';
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
            'package.json',
            'runtime/package.json',
            ...RUNTIME_SOURCES.map(f => `runtime/src/${f}`).sort(),
            'runtime/tsconfig.json',
            ...services.slice().sort().flatMap(s => [
                `services/${s}/Dockerfile`,
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
        expect(Object.keys(root['dependencies'] as object)).toEqual(['fastify', 'pg']);
        expect(Object.keys(root['devDependencies'] as object)).toEqual(['@types/node', '@types/pg', 'typescript']);
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
        expect(instructions.slice(-3)).toEqual(['USER node', 'EXPOSE 3000', 'CMD ["node", "services/payment-processor/dist/main.js"]']);
    });

    it('reads the contract\'s variable names and headers in the runtime', () => {
        const config = files.find(f => f.path === 'runtime/src/config.ts')!.content;
        for (const name of ["'PORT'", "'SERVICE_NAME'", "'INSTANCE_ID'", "'LISTEN_HOST'"]) expect(config).toContain(name);
        const auth = files.find(f => f.path === 'runtime/src/auth/routes.ts')!.content;
        for (const name of ["'X-Archgen-Public'", "'X-Archgen-Roles'", "'X-User-Id'", "'X-User-Roles'"]) expect(auth).toContain(name);
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
