import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type ArchitectureModel, type FrontendComponent, findComponent } from '@archgen/model';
import { describe, expect, it } from 'vitest';
import { runManifest } from '../../engine/run.js';
import { templateSet } from '../../engine/templates.js';
import { nginxManifest } from '../../targets/compose/nginx.js';
import { ecommerceModel } from '../../test-support/fixtures.js';
import { frontAndGatewayModel, seedDialectModel } from '../../test-support/nginx.js';
import { appView } from './frontend-app.js';
import {
    CONTENT_SECURITY_POLICY,
    VENDOR_ASSETS,
    frontendConfView,
    frontendDockerfileView,
    frontendPageView,
    htmlText,
    systemOf,
    vendorAssetView
} from './frontend.js';

const shopFe = findComponent(ecommerceModel, 'shop_fe') as FrontendComponent;

/** The nginx files of a model, by path. */
function renderedFiles(model: ArchitectureModel): Map<string, string> {
    return new Map(runManifest(model, nginxManifest, templateSet()).map(f => [f.path, f.content]));
}

describe('frontend views', () => {
    it('serves STATIC_ROOT and passes /api/ to the api it calls, by its URL variable', () => {
        expect(frontendConfView(ecommerceModel, shopFe)).toMatchObject({
            folder: 'frontends/shop-fe',
            listen: '${LISTEN_HOST}:${PORT}',
            root: '"${STATIC_ROOT}"',
            api: { name: 'shop_gw', kind: 'api_gateway', url: '${SHOP_GW_URL}' }
        });
        const alone = findComponent(frontAndGatewayModel, 'site') as FrontendComponent;
        expect(frontendConfView(frontAndGatewayModel, alone).api).toBeNull();
    });

    it('builds from the nginx image with the pages where compose points STATIC_ROOT', () => {
        expect(frontendDockerfileView(ecommerceModel, shopFe)).toMatchObject({
            image: 'nginx:1.27-alpine',
            staticRoot: '/usr/share/nginx/html',
            port: 8080
        });
    });

    it('sends a strict Content-Security-Policy with the pages, not with the API\'s answers', () => {
        const conf = frontendConfView(ecommerceModel, shopFe);
        expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'self';/);
        expect(conf.headers).toContainEqual({ name: 'Content-Security-Policy', value: `"${CONTENT_SECURITY_POLICY}"` });
        expect(conf.headers.map(h => h.name)).toEqual(['Content-Security-Policy', 'X-Content-Type-Options', 'Referrer-Policy', 'Cache-Control']);
        const rendered = renderedFiles(ecommerceModel).get('frontends/shop-fe/default.conf.template')!;
        const root = rendered.slice(rendered.indexOf('location / {'));
        expect(root.slice(0, root.indexOf('}'))).toContain(`add_header Content-Security-Policy "${CONTENT_SECURITY_POLICY}" always;`);
        const apiBlock = rendered.slice(rendered.indexOf('location /api/ {'));
        expect(apiBlock.slice(0, apiBlock.indexOf('}'))).not.toContain('add_header');
    });

    it('lists the components with their docs, escaped, and carries the app view as JSON', () => {
        const page = frontendPageView(ecommerceModel, shopFe);
        expect(page.titleHtml).toBe('E-commerce');
        expect(page.docHtml).toBe('The e-commerce system of the seed.');
        expect(page.components).toHaveLength(ecommerceModel.components.length);
        expect(page.components[0]).toEqual({ nameHtml: 'shop_lb', kindHtml: 'load balancer', replicas: 1, docHtml: '' });
        expect(JSON.parse(page.appJson)).toEqual(JSON.parse(JSON.stringify(appView(ecommerceModel, shopFe))));
        const odd = frontendPageView({ ...ecommerceModel, name: 'A <b>&"shop"', doc: undefined as unknown as string }, shopFe);
        expect(odd.titleHtml).toBe('A &lt;b&gt;&amp;&quot;shop&quot;');
        expect(odd.docHtml).toBeNull();
        expect(odd.appJson).not.toContain('<');
    });

    it('lists the system the frontend belongs to: the whole architecture when connected, its own part of several systems', () => {
        const connected = frontendPageView(ecommerceModel, shopFe);
        expect(connected.componentsCaptionHtml).toBe('The components of the architecture');
        // A second, unconnected system: a frontend on its own.
        const lone = { ...shopFe, name: 'lone_fe', serviceName: 'lone-fe', apis: [] } as FrontendComponent;
        const two: ArchitectureModel = { ...ecommerceModel, components: [...ecommerceModel.components, lone] };
        const shopPage = frontendPageView(two, shopFe);
        expect(shopPage.components.map(c => c.nameHtml)).toEqual(ecommerceModel.components.map(c => c.name));
        expect(shopPage.componentsCaptionHtml).toBe(
            `The components of the system this frontend belongs to (${ecommerceModel.components.length} of the architecture&#39;s ${two.components.length})`);
        expect(frontendPageView(two, lone).components.map(c => c.nameHtml)).toEqual(['lone_fe']);
        expect(systemOf(two, lone)).toEqual([lone]);
    });

    it('gives a model without the shop shape the explorer\'s views and links', () => {
        const explorer = frontendPageView(ecommerceModel, shopFe);
        expect(explorer.mode).toBe('explorer');
        expect(explorer.nav.map(n => n.href)).toEqual(['#/', '#/account', '#/about']);
        expect(explorer.sections.map(s => s.id)).toEqual(['home', 'resource', 'account']);
        const lab = frontendPageView(seedDialectModel, findComponent(seedDialectModel, 'web') as FrontendComponent);
        expect(lab.nav.map(n => n.href)).toEqual(['#/', '#/about']);
        expect(lab.sections.map(s => s.id)).toEqual(['home', 'resource']);
    });

    it('renders one page whose views and data come from the model, with no inline script or remote asset', () => {
        const files = renderedFiles(ecommerceModel);
        const html = files.get('frontends/shop-fe/public/index.html')!;
        const js = files.get('frontends/shop-fe/public/app.js')!;
        const json = /<script id="app-view" type="application\/json">([\s\S]*?)<\/script>/.exec(html)![1]!;
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(appView(ecommerceModel, shopFe))));
        for (const id of ['home', 'resource', 'account', 'about']) expect(html).toContain(`data-view="${id}"`);
        expect(html).toContain('role="status" aria-live="polite"');
        // Every script is a file of the site or data; no handler attributes, nothing from another origin.
        expect([...html.matchAll(/<script\b[^>]*>/g)].map(m => m[0])).toEqual([
            '<script id="app-view" type="application/json">',
            '<script src="/vendor/bootstrap.bundle.min.js" defer>',
            '<script src="/app.js" defer>'
        ]);
        for (const text of [html, js]) {
            expect(text).not.toMatch(/\son[a-z]+=/i);
            expect(text).not.toMatch(/https?:\/\//);
            expect(text).not.toContain(' style=');
        }
        expect(js).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|eval\(|new Function/);
        expect(js).toMatch(/^\/\/ Generated by archgen from frontend 'shop_fe' \(ecommerce\.arch:\d+\)\. Edit the model, not this file\.\n/);
        expect(renderedFiles(ecommerceModel).get('frontends/shop-fe/public/index.html')).toBe(html);
    });

    it('escapes HTML text and attributes', () => {
        expect(htmlText(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    });

    it('bundles Bootstrap from its npm package, without the source-map reference', () => {
        const require = createRequire(import.meta.url);
        for (const asset of VENDOR_ASSETS) {
            const view = vendorAssetView(shopFe, asset);
            const original = readFileSync(require.resolve(asset.specifier), 'utf8');
            expect(view.folder).toBe('frontends/shop-fe');
            expect(view.content).not.toContain('sourceMappingURL');
            expect(original).toContain('sourceMappingURL');
            expect(view.content.length).toBeGreaterThan(original.length - 200);
            expect(original.startsWith(view.content.trimEnd())).toBe(true);
            expect(vendorAssetView(shopFe, asset).content).toBe(view.content);
        }
        expect(VENDOR_ASSETS.map(a => a.file)).toEqual(['bootstrap.min.css', 'bootstrap.bundle.min.js']);
    });
});
