import { describe, expect, it } from 'vitest';
import { generate } from '../../generate.js';
import { ecommerceModel, minimalModel } from '../../test-support/fixtures.js';
import { readmeView } from './readme.js';

const readme = (model: typeof ecommerceModel) => generate(model, { target: 'compose' }).files.find(f => f.path === 'README.md')!.content;

describe('the generated README', () => {
    it('lists every component with its role, and every connector', () => {
        const view = readmeView(ecommerceModel);
        expect(view.components.map(c => c.name)).toEqual(ecommerceModel.components.map(c => c.name));
        expect(view.connectors).toHaveLength(ecommerceModel.connectors.length);
        const text = readme(ecommerceModel);
        for (const c of ecommerceModel.components) expect(text).toContain(`| \`${c.name}\` (\`${c.serviceName}\`) | ${c.kind} |`);
    });

    it('documents the routes, the resources, how to start with compose and without it, and the delay setting', () => {
        const text = readme(ecommerceModel);
        expect(text).toContain('## Routes of the gateway');
        expect(text).toContain('docker compose up --build');
        expect(text).toContain('./run-local.sh up');
        expect(text).toContain('| `PAYMENTS_REQUESTED_DELAY_MS` |');
        const view = readmeView(ecommerceModel);
        expect(view.resources.length).toBeGreaterThan(0);
        for (const r of view.resources) expect(text).toContain(`| \`${r.path}\` |`);
        expect(view.publicUrl).toMatch(/^http:\/\/localhost:\d+\/$/);
    });

    it('shows how to stop one part and start it again, with names of this model', () => {
        expect(readmeView(ecommerceModel).localNames).toEqual({ stop: 'products#2', restart: 'rabbitmq' });
        const text = readme(ecommerceModel);
        expect(text).toContain('./run-local.sh stop products#2 ');
        expect(text).toContain('./run-local.sh restart rabbitmq\n');
        expect(readmeView(minimalModel).localNames).toEqual({ stop: 'api', restart: 'postgres' });
    });

    it('documents every environment variable a component reads', () => {
        const text = readme(ecommerceModel);
        for (const c of readmeView(ecommerceModel).environment) {
            expect(text).toContain(`<summary><code>${c.component}</code></summary>`);
            for (const v of c.vars) expect(text).toContain(`| \`${v.name}\` |`);
        }
    });

    it('works for a model with nothing but the basics', () => {
        const text = readme(minimalModel);
        expect(text).toContain('## Components');
        expect(text).not.toContain('## Messages');
    });
});
