import { type ArchitectureModel, type Component, isFrontend, isGateway, isLoadBalancer } from '@archgen/model';
import { describe, expect, it } from 'vitest';
import { runManifest } from '../../engine/run.js';
import { templateSet } from '../../engine/templates.js';
import { composeTarget } from '../../targets/compose.js';
import { nginxManifest } from '../../targets/compose/nginx.js';
import { ALL_MODELS } from '../../test-support/fixtures.js';
import { frontAndGatewayModel, seedDialectModel } from '../../test-support/nginx.js';
import { environmentFor } from '../environment.js';
import { componentFolder } from '../layout.js';
import { renderNginxTemplate } from './native.js';

const MODELS: Readonly<Record<string, ArchitectureModel>> = { ...ALL_MODELS, seed: seedDialectModel, front: frontAndGatewayModel };
const isNginx = (c: Component) => isFrontend(c) || isGateway(c) || isLoadBalancer(c);

it('is part of the compose target', () => {
    expect(composeTarget.manifest).toEqual(expect.arrayContaining([...nginxManifest]));
});

describe.each(Object.entries(MODELS))('nginx files of the %s model', (_name, model) => {
    const files = runManifest(model, nginxManifest, templateSet());
    const nginx = model.components.filter(isNginx);

    it('gives each nginx component its conf.d template, each frontend its site', () => {
        const expected = nginx.flatMap(c => {
            const folder = componentFolder(c);
            if (!isFrontend(c)) return [`${folder}/default.conf.template`];
            return ['Dockerfile', 'default.conf.template', 'public/app.css', 'public/app.js', 'public/index.html',
                'public/vendor/bootstrap.bundle.min.js', 'public/vendor/bootstrap.min.css'].map(f => `${folder}/${f}`);
        });
        expect(files.map(f => f.path).sort()).toEqual(expected.sort());
    });

    it.each(nginx.map(c => [c.name, c] as const))('%s reads hosts and ports only from its environment', (_n, component) => {
        const template = files.find(f => f.path === `${componentFolder(component)}/default.conf.template`)!.content;
        const env = environmentFor(model, component);
        const read = [...template.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map(m => m[1]!);
        expect(read.filter(name => !env.some(v => v.name === name))).toEqual([]);
        expect(read).toEqual(expect.arrayContaining(['LISTEN_HOST', 'PORT']));
        // Every other `$` is an nginx variable.
        expect(template.replace(/\$\{[A-Z0-9_]+\}/g, '').match(/\$(?![a-z_])/g)).toBeNull();
        // No host name or port written down: they come from the variables.
        for (const c of model.components) expect(template).not.toMatch(new RegExp(`\\b${c.serviceName}:\\d`));
        expect(template).not.toMatch(/^\s*(listen|server|proxy_pass)\s[^;]*:\d/m);
        const rendered = renderNginxTemplate(template, env);
        expect(rendered).not.toContain('${');
        expect(rendered).toContain('listen 0.0.0.0:8080;');
    });
});
