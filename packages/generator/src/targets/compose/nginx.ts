import { type Manifest, entry } from '../../engine/manifest.js';
import {
    VENDOR_ASSETS,
    frontendAssetView,
    frontendConfView,
    frontendDockerfileView,
    frontendPageView,
    vendorAssetView
} from '../../views/nginx/frontend.js';
import { gatewayView } from '../../views/nginx/gateway.js';
import { loadBalancerView } from '../../views/nginx/load-balancer.js';

/**
 * The nginx-based components: gateways, load balancers and the frontends'
 * static sites. Every `default.conf.template` is a conf.d file (http context)
 * whose hosts and ports are `${NAME}` variables of the environment contract
 * (views/environment.ts); views/nginx/native.ts says how to run it without Docker.
 */
export const nginxManifest: Manifest = [
    entry({
        template: 'compose/gateways/default.conf.template.hbs',
        scope: 'gateway',
        view: gatewayView,
        output: view => `${view.folder}/default.conf.template`
    }),
    entry({
        template: 'compose/load-balancers/default.conf.template.hbs',
        scope: 'load_balancer',
        view: loadBalancerView,
        output: view => `${view.folder}/default.conf.template`
    }),
    entry({
        template: 'compose/frontends/default.conf.template.hbs',
        scope: 'frontend',
        view: frontendConfView,
        output: view => `${view.folder}/default.conf.template`
    }),
    entry({
        template: 'compose/frontends/Dockerfile.hbs',
        scope: 'frontend',
        view: frontendDockerfileView,
        output: view => `${view.folder}/Dockerfile`
    }),
    entry({
        template: 'compose/frontends/public/index.html.hbs',
        scope: 'frontend',
        view: frontendPageView,
        output: view => `${view.folder}/public/index.html`
    }),
    entry({
        template: 'compose/frontends/public/app.js.hbs',
        scope: 'frontend',
        view: frontendAssetView,
        output: view => `${view.folder}/public/app.js`
    }),
    entry({
        template: 'compose/frontends/public/app.css.hbs',
        scope: 'frontend',
        view: frontendAssetView,
        output: view => `${view.folder}/public/app.css`
    }),
    ...VENDOR_ASSETS.map(asset => entry({
        template: 'compose/frontends/public/vendor/asset.hbs',
        scope: 'frontend',
        view: (_model, fe) => vendorAssetView(fe, asset),
        output: view => `${view.folder}/public/vendor/${view.file}`,
        // Bootstrap's own bytes (its licence comment first): no header.
        verbatim: true
    }))
];
