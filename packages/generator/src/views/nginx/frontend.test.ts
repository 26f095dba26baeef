import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type FrontendComponent, type GatewayComponent, findComponent } from '@archgen/model';
import { describe, expect, it } from 'vitest';
import { ecommerceModel, minimalModel } from '../../test-support/fixtures.js';
import { frontAndGatewayModel, seedDialectModel } from '../../test-support/nginx.js';
import {
    VENDOR_ASSETS,
    frontendConfView,
    frontendDockerfileView,
    frontendPageView,
    htmlText,
    probeOf,
    vendorAssetView
} from './frontend.js';

const shopFe = findComponent(ecommerceModel, 'shop_fe') as FrontendComponent;

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

    it('lists the components with their docs, escaped, and probes a public GET', () => {
        const page = frontendPageView(ecommerceModel, shopFe);
        expect(page.titleHtml).toBe('E-commerce');
        expect(page.docHtml).toBe('The e-commerce system of the seed.');
        expect(page.components).toHaveLength(ecommerceModel.components.length);
        expect(page.components[0]).toEqual({ nameHtml: 'shop_lb', kindHtml: 'load balancer', replicas: 1, docHtml: '' });
        expect(page.probe).toEqual({ pathHtml: '/api/products', apiHtml: 'api gateway &#39;shop_gw&#39;' });
        const odd = frontendPageView({ ...ecommerceModel, name: 'A <b>&"shop"', doc: undefined as unknown as string }, shopFe);
        expect(odd.titleHtml).toBe('A &lt;b&gt;&amp;&quot;shop&quot;');
        expect(odd.docHtml).toBeNull();
    });

    it('probes the first route of a gateway without auth, /api/ of anything else', () => {
        expect(probeOf(findComponent(seedDialectModel, 'gw') as GatewayComponent)).toBe('/api/a');
        expect(probeOf(findComponent(minimalModel, 'api')!)).toBe('/api/');
        const shopGw = findComponent(ecommerceModel, 'shop_gw') as GatewayComponent;
        expect(probeOf({ ...shopGw, publicRoutes: [] })).toBe('/api/auth');
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
