import type { ArchitectureModel } from '@archgen/model';
import { describe, expect, it } from 'vitest';
import { composeOf, composeSchemaValidator } from './test-support/compose.js';
import { diagram, generate, listTargets } from './index.js';
import { isSafeRelativePath } from './engine/paths.js';
import { ALL_MODELS, ecommerceModel, minimalModel } from './test-support/fixtures.js';
import type { TargetId } from './types.js';

describe('generate', () => {
    it('lists its targets', () => {
        expect(listTargets().map(t => t.id)).toEqual(['compose']);
    });

    it.each(Object.entries(ALL_MODELS))('is deterministic for the %s model', (_name, model) => {
        const first = generate(model, { target: 'compose' });
        const second = generate(structuredClone(model), { target: 'compose' });
        expect(second).toEqual(first);
        const paths = first.files.map(f => f.path);
        expect(paths).toEqual([...paths].sort());
        expect(new Set(paths).size).toBe(paths.length);
        expect(paths.every(isSafeRelativePath)).toBe(true);
    });

    it('emits the compose tree of the e-commerce model', () => {
        const paths = generate(ecommerceModel, { target: 'compose' }).files.map(f => f.path);
        // The top of the tree; each part's files are asserted by its own tests (services: views/services/workspace.test.ts).
        expect([...new Set(paths.map(p => p.split('/')[0]))]).toEqual([
            '.dockerignore',
            '.env.example',
            '.gitignore',
            'README.md',
            'brokers',
            'databases',
            'diagram.mmd',
            'docker-compose.yml',
            'frontends',
            'gateways',
            'load-balancers',
            'package.json',
            'run-local.mjs',
            'run-local.sh',
            'runtime',
            'services',
            'tsconfig.base.json',
            'tsconfig.json'
        ]);
        expect(paths.filter(p => p.startsWith('brokers/') || p.startsWith('databases/'))).toEqual([
            'brokers/rabbitmq/enabled_plugins',
            'databases/inventory-db/schema.sql',
            'databases/orders-db/schema.sql',
            'databases/payments-db/schema.sql',
            'databases/products-db/schema.sql',
            'databases/users-db/schema.sql'
        ]);
    });

    it('returns the secrets, sorted, without values', () => {
        const { secrets } = generate(ecommerceModel, { target: 'compose' });
        expect(secrets.map(s => s.name)).toEqual([...secrets.map(s => s.name)].sort());
        expect(secrets.find(s => s.name === 'JWT_SECRET')).toMatchObject({ kind: 'jwt-secret' });
        expect(secrets.find(s => s.name === 'USERS_DB_USER')).toMatchObject({ kind: 'username', suggested: 'users_db_user' });
        expect(secrets.filter(s => s.kind !== 'username').every(s => s.suggested === undefined)).toBe(true);
        expect(generate(minimalModel, { target: 'compose' }).secrets.map(s => s.name)).toEqual(['API_DB_PASSWORD', 'API_DB_USER']);
    });

    it('gives an empty architecture a valid, empty compose file', () => {
        const empty: ArchitectureModel = { ...minimalModel, components: [], connectors: [], brokers: [] };
        const result = generate(empty, { target: 'compose' });
        const validate = composeSchemaValidator();
        expect(validate(composeOf(result)), JSON.stringify(validate.errors)).toBe(true);
        expect(composeOf(result).services).toEqual({});
        expect(result.secrets).toEqual([]);
    });

    it('writes the diagram it is given beside a README that shows it; without one, the README points at the Mermaid', () => {
        const svg = '<svg xmlns="http://www.w3.org/2000/svg"><title>stand-in</title></svg>';
        const drawn = generate(ecommerceModel, { target: 'compose', diagram: { svg } }).files;
        expect(drawn.find(f => f.path === 'diagram.svg')?.content).toBe(`${svg}\n`);
        const readme = drawn.find(f => f.path === 'README.md')!.content;
        expect(readme).toContain('## Architecture\n\n![Architecture](diagram.svg)\n');
        const mermaid = drawn.find(f => f.path === 'diagram.mmd')!.content;
        expect(mermaid).toBe(diagram(ecommerceModel, 'mermaid'));

        const plain = generate(ecommerceModel, { target: 'compose' }).files;
        expect(plain.some(f => f.path === 'diagram.svg')).toBe(false);
        expect(plain.find(f => f.path === 'README.md')!.content).toContain('## Architecture\n\n`diagram.mmd` holds the architecture diagram in Mermaid;');
        // Everything but the README and the SVG is the same with or without the picture.
        const rest = (files: typeof plain) => files.filter(f => f.path !== 'README.md' && f.path !== 'diagram.svg');
        expect(rest(drawn)).toEqual(rest(plain));
    });

    it('refuses an unknown target', () => {
        expect(() => generate(minimalModel, { target: 'k8s' as TargetId })).toThrow(/Unknown target 'k8s'/);
    });
});
