import { type ArchitectureModel, type Component, type FrontendComponent, findComponent } from '@archgen/model';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { STATIC_ROOT_VAR, httpTargetVars } from '../../naming.js';
import { NGINX_STATIC_ROOT } from '../environment.js';
import { IMAGES, componentFolder } from '../layout.js';
import { CONTAINER_PORTS } from '../ports.js';
import { sourceRef } from '../source.js';
import { appView, scriptJson } from './frontend-app.js';
import { type ErrorPageView, envRef, errorPage, healthBody, listenAddress } from './syntax.js';

/** The component a frontend's pages call under `/api/`: its first api. */
function apiOf(model: ArchitectureModel, fe: FrontendComponent): Component | undefined {
    const name = fe.apis[0];
    return name === undefined ? undefined : findComponent(model, name);
}

/** The view of `frontends/<serviceName>/default.conf.template`. */
export interface FrontendConfView {
    readonly folder: string;
    readonly name: string;
    readonly listen: string;
    /** `"${STATIC_ROOT}"`. */
    readonly root: string;
    readonly health: string;
    /** Where `/api/` goes: `${SHOP_GW_URL}`, or none when the frontend calls nothing. */
    readonly api: { readonly name: string; readonly kind: string; readonly url: string } | null;
    readonly errors: readonly ErrorPageView[];
    /** Headers on every page and asset (not on `/api/` answers, which carry the API's own). */
    readonly headers: readonly { readonly name: string; readonly value: string }[];
}

/**
 * The page loads nothing but its own files: scripts, styles and fetches from
 * its origin only, no inline script or style. Bootstrap's CSS draws its
 * checkboxes and select arrows as `data:` SVG images, so images may be `data:`.
 */
export const CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

export const FRONTEND_HEADERS = [
    { name: 'Content-Security-Policy', value: CONTENT_SECURITY_POLICY },
    { name: 'X-Content-Type-Options', value: 'nosniff' },
    { name: 'Referrer-Policy', value: 'same-origin' },
    // Revalidated on each load (ETag): a regenerated page is never mixed with an old app.js.
    { name: 'Cache-Control', value: 'no-cache' }
] as const;

export function frontendConfView(model: ArchitectureModel, fe: FrontendComponent): FrontendConfView {
    const api = apiOf(model, fe);
    return {
        folder: componentFolder(fe),
        name: fe.name,
        listen: listenAddress(),
        root: `"${envRef(STATIC_ROOT_VAR)}"`,
        health: healthBody(fe.name),
        api: api ? { name: api.name, kind: api.kind, url: envRef(httpTargetVars(api.serviceName).url) } : null,
        errors: [
            errorPage(502, `The API behind the frontend did not answer.`),
            errorPage(503, `The API behind the frontend is unavailable.`),
            errorPage(504, `The API behind the frontend took too long to answer.`)
        ],
        headers: FRONTEND_HEADERS.map(h => ({ name: h.name, value: `"${h.value}"` }))
    };
}

/** The view of `frontends/<serviceName>/Dockerfile`. */
export interface FrontendDockerfileView {
    readonly folder: string;
    readonly image: string;
    readonly staticRoot: string;
    readonly port: number;
}

export function frontendDockerfileView(_model: ArchitectureModel, fe: FrontendComponent): FrontendDockerfileView {
    return {
        folder: componentFolder(fe),
        image: IMAGES.nginx,
        staticRoot: NGINX_STATIC_ROOT,
        port: CONTAINER_PORTS.nginx
    };
}

/** `&`, `<`, `>`, `"`, `'` as HTML entities: text and attribute values alike. */
export function htmlText(text: string): string {
    return text.replace(/[&<>"']/g, ch => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

export interface ComponentRowView {
    readonly nameHtml: string;
    readonly kindHtml: string;
    readonly replicas: number;
    readonly docHtml: string;
}

/** A link of the page's navigation: a hash route. */
export interface NavLinkView {
    readonly href: string;
    readonly labelHtml: string;
    readonly testid: string;
    /** Shown only to users with one of these roles (`data-roles`, space-separated); empty: to anyone. */
    readonly rolesHtml: string;
}

/** A view of the page, shown by its hash route; app.js fills its body. */
export interface PageSectionView {
    readonly id: string;
    readonly titleHtml: string;
}

/** The view of `frontends/<serviceName>/public/index.html` (every text already HTML-escaped). */
export interface FrontendPageView {
    readonly folder: string;
    /** `shop.arch:4`, for the generated-by comment. */
    readonly sourceHtml: string;
    readonly titleHtml: string;
    readonly docHtml: string | null;
    readonly frontendHtml: string;
    /** `shop` or `explorer`: which kind of page app.js builds. */
    readonly mode: 'shop' | 'explorer';
    readonly nav: readonly NavLinkView[];
    readonly sections: readonly PageSectionView[];
    /** The components of the system the frontend belongs to (see systemOf), in model order. */
    readonly components: readonly ComponentRowView[];
    /** The table's caption: the whole architecture, or the part this frontend belongs to. */
    readonly componentsCaptionHtml: string;
    /** The app view as JSON for `<script type="application/json">` (see frontend-app.ts). */
    readonly appJson: string;
}

const SHOP_SECTIONS = [
    ['catalog', 'Catalog'], ['cart', 'Cart'], ['checkout', 'Checkout'], ['orders', 'Your orders'], ['order', 'Order'],
    ['sell', 'Sell: products and stock'], ['account', 'Account']
] as const;
const EXPLORER_SECTIONS = [['home', 'Resources'], ['resource', 'Resource'], ['account', 'Account']] as const;

export function frontendPageView(model: ArchitectureModel, fe: FrontendComponent): FrontendPageView {
    const app = appView(model, fe);
    const shop = app.shop;
    const link = (href: string, label: string, testid: string, roles: readonly string[] | null = null): NavLinkView =>
        ({ href, labelHtml: htmlText(label), testid, rolesHtml: htmlText((roles ?? []).join(' ')) });
    const account = app.auth ? [link('#/account', 'Log in', 'nav-account')] : [];
    const nav = shop
        ? [
            link('#/catalog', 'Catalog', 'nav-catalog'),
            link('#/cart', 'Cart', 'nav-cart'),
            link('#/orders', 'Orders', 'nav-orders', shop.order.customerRoles),
            link('#/sell', 'Sell', 'nav-sell', shop.catalog.sellerRoles),
            ...account,
            link('#/about', 'About', 'nav-about')
        ]
        : [link('#/', 'Resources', 'nav-home'), ...account, link('#/about', 'About', 'nav-about')];
    const sections = (shop ? SHOP_SECTIONS : EXPLORER_SECTIONS).filter(([id]) => id !== 'account' || app.auth);
    const system = systemOf(model, fe);
    return {
        folder: componentFolder(fe),
        sourceHtml: htmlText(sourceRef(fe.source)),
        titleHtml: htmlText(model.name),
        docHtml: model.doc ? htmlText(model.doc) : null,
        frontendHtml: htmlText(fe.name),
        mode: shop ? 'shop' : 'explorer',
        nav,
        sections: sections.map(([id, title]) => ({ id, titleHtml: htmlText(title) })),
        components: system.map(c => ({
            nameHtml: htmlText(c.name),
            kindHtml: htmlText(c.kind.replace(/_/g, ' ')),
            replicas: c.replicas,
            docHtml: htmlText(c.doc ?? '')
        })),
        componentsCaptionHtml: htmlText(system.length === model.components.length
            ? 'The components of the architecture'
            : `The components of the system this frontend belongs to (${system.length} of the architecture's ${model.components.length})`),
        appJson: scriptJson(app)
    };
}

/**
 * The components connected to `fe` through connectors (of any kind, either
 * direction), itself included, in model order: the system the frontend is
 * part of. Usually the whole architecture; a model of several independent
 * systems lists each frontend's own (a page listing every component of a
 * large model would make the output grow as frontends x components).
 */
export function systemOf(model: ArchitectureModel, fe: Component): readonly Component[] {
    let groups = systems.get(model);
    if (!groups) {
        groups = connectedGroups(model);
        systems.set(model, groups);
    }
    const group = groups.of.get(fe.name);
    return group === undefined ? [fe] : groups.members[group]!;
}

const systems = new WeakMap<ArchitectureModel, { of: Map<string, number>; members: Component[][] }>();

function connectedGroups(model: ArchitectureModel): { of: Map<string, number>; members: Component[][] } {
    const index = new Map(model.components.map((c, i) => [c.name, i] as const));
    const parent = model.components.map((_, i) => i);
    const find = (i: number): number => {
        while (parent[i] !== i) {
            parent[i] = parent[parent[i]!]!;
            i = parent[i]!;
        }
        return i;
    };
    for (const connector of model.connectors) {
        const a = index.get(connector.from);
        const b = index.get(connector.to);
        if (a !== undefined && b !== undefined) parent[find(a)] = find(b);
    }
    const of = new Map<string, number>();
    const members: Component[][] = [];
    const groupOfRoot = new Map<number, number>();
    model.components.forEach((c, i) => {
        const root = find(i);
        let group = groupOfRoot.get(root);
        if (group === undefined) {
            group = members.length;
            groupOfRoot.set(root, group);
            members.push([]);
        }
        members[group]!.push(c);
        of.set(c.name, group);
    });
    return { of, members };
}

/** The view of the static files the template holds whole (`app.js`, `app.css`): only where they go. */
export interface FrontendAssetView {
    readonly folder: string;
}

export function frontendAssetView(_model: ArchitectureModel, fe: FrontendComponent): FrontendAssetView {
    return { folder: componentFolder(fe) };
}

// ---------------------------------------------------------------- vendored assets

/** Files copied from npm packages into `public/vendor/`, so pages need no CDN. */
export const VENDOR_ASSETS = [
    { file: 'bootstrap.min.css', specifier: 'bootstrap/dist/css/bootstrap.min.css' },
    { file: 'bootstrap.bundle.min.js', specifier: 'bootstrap/dist/js/bootstrap.bundle.min.js' }
] as const;

export type VendorAsset = (typeof VENDOR_ASSETS)[number];

/** The view of `public/vendor/<file>`: the packaged file as it is, less its source-map reference. */
export interface VendorAssetView {
    readonly folder: string;
    readonly file: string;
    readonly content: string;
}

const require = createRequire(import.meta.url);
const vendorCache = new Map<string, string>();

/** Reads a packaged asset once; the map file it names is not shipped, so its reference is dropped. */
export function vendorContent(specifier: string): string {
    let content = vendorCache.get(specifier);
    if (content === undefined) {
        content = readFileSync(require.resolve(specifier), 'utf8')
            .replace(/\r\n/g, '\n')
            .replace(/\n?(\/\*# sourceMappingURL=[^*]*\*\/|\/\/# sourceMappingURL=\S*)\s*$/, '\n');
        vendorCache.set(specifier, content);
    }
    return content;
}

export function vendorAssetView(fe: FrontendComponent, asset: VendorAsset): VendorAssetView {
    return { folder: componentFolder(fe), file: asset.file, content: vendorContent(asset.specifier) };
}
