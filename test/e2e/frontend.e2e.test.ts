/**
 * The generated shop in headless Chromium, against the real system: examples/ecommerce.arch generated
 * and started with its run-local.sh (PostgreSQL, RabbitMQ, nginx, the services), the browser on the
 * public URL (load balancer -> frontend -> gateway -> services). A seller registers, creates a product
 * and stocks it; a customer registers, searches the catalog, fills the cart, is refused an order beyond
 * the stock (409), orders, pays with a card and sees the order become paid; a declined card fails a
 * second order, another card pays it. Then the lab model (no entities) gets the generic explorer.
 *
 * Chromium is Debian's (/usr/bin/chromium, or ARCHGEN_CHROMIUM), driven by playwright-core; a missing
 * browser or server skips the suite with the reason, and fails it with CI=true. Screenshots of each step
 * are written to the suite's temporary folder (printed on stderr) and kept.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Needs, availability, request, useSystem } from './harness.js';

const CHROMIUM = process.env['ARCHGEN_CHROMIUM'] ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'
];
/** Every wait of the page is bounded by this; the payment by its own, longer one. */
const STEP_MS = 15_000;
const PAID_MS = 90_000;
/**
 * The order and its payment settle separately (each service consumes the
 * verdict on its own) and the page polls until both have: allow it several
 * polls, not expect.poll's default second.
 */
const SETTLE_MS = 20_000;

const servers = availability(['postgres', 'nginx', 'rabbitmq', 'npm']);
const ci = process.env['CI'] === 'true';
const browserMissing = existsSync(CHROMIUM) ? [] : [`Chromium is not installed at ${CHROMIUM} (apt-get install chromium, or set ARCHGEN_CHROMIUM)`];
if (browserMissing.length > 0 && !ci) process.stderr.write(`e2e skipped: ${browserMissing.join('; ')}.\n`);
/** The servers' needs, with the browser's reason added to the note (useSystem checks only the servers). */
function withBrowser(servers: Needs): Needs {
    const missing = [...servers.missing, ...browserMissing];
    return { run: missing.length === 0 || ci, missing: servers.missing, note: missing.length > 0 && !ci ? ` (skipped: ${missing.join('; ')})` : '' };
}
const needs = withBrowser(servers);
const labNeeds = withBrowser(availability(['postgres', 'nginx', 'npm']));

/** The page's hash route. */
const hash = (page: Page): string => new URL(page.url()).hash;

/**
 * One headless Chromium for a suite, with a new empty profile in its own temporary folder (kept, with
 * the screenshots; the profile is removed). Page errors and console errors are collected.
 */
function useBrowser(name: string) {
    let folder = '';
    let context: BrowserContext | undefined;
    let page: Page | undefined;
    const problems: string[] = [];

    beforeAll(async () => {
        if (browserMissing.length > 0) throw new Error(`Cannot run the browser test: ${browserMissing.join('; ')}.`);
        folder = mkdtempSync(join(tmpdir(), `archgen-frontend-e2e-${name}-`));
        const profile = join(folder, 'profile');
        mkdirSync(profile);
        context = await chromium.launchPersistentContext(profile, {
            executablePath: CHROMIUM,
            headless: true,
            args: CHROMIUM_ARGS,
            viewport: { width: 1280, height: 900 },
            timeout: 60_000
        });
        context.setDefaultTimeout(STEP_MS);
        context.setDefaultNavigationTimeout(STEP_MS);
        page = context.pages()[0] ?? (await context.newPage());
        page.on('pageerror', error => problems.push(`page error: ${error.message}`));
        page.on('console', message => {
            // A refused request is logged by Chromium itself ("Failed to load resource: ... 409"): expected here.
            if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
        });
    }, 90_000);

    afterAll(async () => {
        await context?.close().catch(() => undefined);
        if (folder) rmSync(join(folder, 'profile'), { recursive: true, force: true });
    }, 30_000);

    const current = (): Page => {
        if (!page) throw new Error('The browser did not start (see the suite\'s beforeAll error).');
        return page;
    };

    /** What the page shows has no rendering slip (a printed null, an object as text); API bodies (`pre`) aside. */
    async function readable(): Promise<void> {
        let text = await current().locator('main').innerText();
        for (const body of await current().locator('main pre').allInnerTexts()) text = text.replace(body, '');
        expect(text).not.toMatch(/\[object |\bnull\b|\bundefined\b|\bNaN\b/);
    }

    async function screenshot(shot: string): Promise<string> {
        await readable();
        const file = join(folder, `${shot}.png`);
        await current().screenshot({ path: file, fullPage: true });
        return file;
    }

    return { page: current, folder: () => folder, problems, readable, screenshot };
}

describe.skipIf(!needs.run)(`the generated shop in headless Chromium${needs.note}`, () => {
    const system = useSystem('examples/ecommerce.arch', needs, { PAYMENTS_REQUESTED_DELAY_MS: '500' });
    const unique = Date.now().toString(36);
    const product = { name: `Desk lamp ${unique}`, price: '24.50', category: `lighting-${unique}`, sku: `LAMP-${unique}` };
    const password = 'correct horse battery';
    const expiry = `12/${String((new Date().getFullYear() + 3) % 100).padStart(2, '0')}`;
    const browser = useBrowser('shop');
    const { readable, screenshot } = browser;
    let page: Page;
    beforeAll(() => {
        page = browser.page();
    });
    const view = (name: string) => page.locator(`section[data-view="${name}"]`);

    async function register(name: string, roles: { customer: boolean; seller: boolean }): Promise<void> {
        await page.getByTestId('nav-account').click();
        const form = page.getByTestId('register-form');
        await form.getByLabel('Name').fill(name);
        await form.getByLabel('Email').fill(`${name}-${unique}@example.test`);
        await form.getByLabel('Password').fill(password);
        await form.getByLabel('Role: customer').setChecked(roles.customer);
        await form.getByLabel('Role: seller').setChecked(roles.seller);
        await form.getByRole('button', { name: 'Create account' }).click();
        await expect.poll(() => page.getByTestId('session').textContent()).toContain(`Signed in as ${name}`);
        await expect.poll(() => page.getByTestId('status').textContent()).toContain(`Welcome, ${name}: you are signed in as`);
    }

    it('serves the page with a strict Content-Security-Policy, every asset from its own origin', async () => {
        const answer = await page.goto(system().url);
        expect(answer?.status()).toBe(200);
        expect(answer?.headers()['content-security-policy']).toMatch(/^default-src 'self';/);
        await expect.poll(() => page.title()).toBe('ecommerce');
        await page.getByTestId('nav-catalog').waitFor();
        const loaded = (await page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")) as string[];
        const remote = loaded.filter(url => new URL(url).origin !== new URL(system().url).origin);
        expect(loaded.length).toBeGreaterThanOrEqual(4);
        expect(remote).toEqual([]);
        // The API's answers keep their own headers.
        expect((await request(`${system().url}api/products?limit=1`)).headers.get('content-security-policy')).toBeNull();
    });

    it('registers a seller, who creates a product and stocks it', async () => {
        await register('seller', { customer: false, seller: true });
        expect(await page.getByTestId('session').textContent()).toContain('(seller)');
        await expect.poll(() => hash(page)).toBe('#/sell');
        const form = page.getByTestId('product-form');
        await form.getByLabel('Name').fill(product.name);
        await form.getByLabel('Price').fill(product.price);
        await form.getByLabel('Category').fill(product.category);
        await form.getByLabel('SKU').fill(product.sku);
        await form.getByLabel('Description').fill('A lamp for the e2e test.');
        await form.getByRole('button', { name: 'Create product' }).click();
        await expect.poll(() => page.getByTestId('product-created').textContent()).toContain(product.name);
        const stock = page.getByTestId('stock-form');
        await expect.poll(() => stock.getByLabel('Product').locator('option:checked').textContent()).toContain(product.name);
        await stock.getByLabel('Quantity').fill('5');
        await stock.getByRole('button', { name: 'Save stock' }).click();
        await expect.poll(() => page.getByTestId('stock-saved').textContent()).toContain('5');
        await expect.poll(() => page.getByTestId('seller-stock').allTextContents()).toEqual(['5']);
        await screenshot('1-seller');
        await page.getByTestId('nav-account').click();
        await page.getByTestId('logout').click();
        await expect.poll(() => page.getByTestId('session').textContent()).toBe('Not signed in');
    });

    it('registers a customer, who finds the product by SKU and by name and fills the cart', async () => {
        await register('customer', { customer: true, seller: false });
        await expect.poll(() => hash(page)).toBe('#/catalog');
        expect(await page.getByTestId('nav-sell').isVisible()).toBe(false);
        const search = view('catalog').getByRole('search');
        for (const [field, text] of [['sku', product.sku], ['name', product.name.toUpperCase()]] as const) {
            await search.getByLabel('in').selectOption(field);
            await search.getByRole('searchbox').fill(text);
            await search.getByRole('button', { name: 'Search' }).click();
            await expect.poll(() => page.getByTestId('catalog-count').textContent()).toContain('1 product matching');
        }
        const card = page.getByTestId('product-card');
        await expect.poll(() => card.getByTestId('product-name').allTextContents()).toEqual([product.name]);
        expect(await card.getByTestId('product-price').textContent()).toBe('24.50');
        await expect.poll(() => card.getByTestId('product-stock').textContent()).toBe('In stock: 5');
        await card.getByLabel('Quantity').fill('2');
        await card.getByRole('button', { name: 'Add to cart' }).click();
        await expect.poll(() => page.getByTestId('cart-count').textContent()).toBe('2');
        await screenshot('2-catalog');
    });

    it('refuses an order beyond the stock with a clear 409, taking nothing', async () => {
        await page.getByTestId('nav-cart').click();
        await page.getByLabel(`Quantity of ${product.name}`).fill('99');
        await page.getByLabel(`Quantity of ${product.name}`).press('Tab');
        await expect.poll(() => page.getByTestId('cart-total').textContent()).toBe('2,425.50');
        await page.getByTestId('go-checkout').click();
        await page.getByTestId('place-order').click();
        const refused = page.getByTestId('checkout-error');
        await expect.poll(() => refused.textContent()).toContain('Not enough stock for this order');
        expect(await refused.getAttribute('role')).toBe('alert');
        await screenshot('3-out-of-stock');
        expect((await request(`${system().url}api/inventories?product_id=${await productId()}`)).json).toMatchObject({ items: [{ quantity: 5 }] });
        await page.getByTestId('nav-cart').click();
        await page.getByLabel(`Quantity of ${product.name}`).fill('2');
        await page.getByLabel(`Quantity of ${product.name}`).press('Tab');
        await expect.poll(() => page.getByTestId('cart-total').textContent()).toBe('49.00');
    });

    it('checks out, pays with a valid card and sees the order become paid', async () => {
        await page.getByTestId('go-checkout').click();
        await page.getByTestId('place-order').click();
        await expect.poll(() => page.getByTestId('order-placed').textContent()).toMatch(/Order #\d+ placed\. Total: 49\.00\./);
        expect(await page.getByTestId('cart-count').textContent()).toBe('0');
        const pay = page.getByTestId('payment-form');
        await pay.getByLabel('Card number').fill('4111 1111 1111 1111');
        await pay.getByLabel('Expiry (MM/YY)').fill(expiry);
        await screenshot('4-payment');
        await pay.getByRole('button', { name: 'Pay 49.00' }).click();
        await expect.poll(() => hash(page)).toMatch(/^#\/orders\/\d+$/);
        await expect.poll(() => page.getByTestId('order-status').getAttribute('data-status'), { timeout: PAID_MS }).toBe('paid');
        await expect.poll(() => page.getByTestId('payment-row').textContent(), { timeout: SETTLE_MS }).toMatch(/approved49\.00[0-9a-f-]{36}/);
        await expect.poll(() => page.getByTestId('order-lines').textContent()).toContain(product.name);
        await expect.poll(() => page.getByTestId('status').textContent()).toContain('paid: thank you');
        expect((await request(`${system().url}api/inventories/${await productId()}`)).json).toMatchObject({ quantity: 3 });
    }, 2 * PAID_MS + 30_000);

    it('shows a declined card as a failed payment, and pays the order with another card', async () => {
        await page.getByTestId('nav-catalog').click();
        await page.getByTestId('product-card').getByRole('button', { name: 'Add to cart' }).click();
        await page.getByTestId('nav-cart').click();
        await page.getByTestId('go-checkout').click();
        await page.getByTestId('place-order').click();
        await expect.poll(() => page.getByTestId('order-placed').textContent()).toMatch(/Total: 24\.50\./);
        const pay = page.getByTestId('payment-form');
        await pay.getByLabel('Card number').fill('4111 1111 1111 1112');
        await pay.getByLabel('Expiry (MM/YY)').fill(expiry);
        await pay.getByRole('button', { name: 'Pay 24.50' }).click();
        await expect.poll(() => page.getByTestId('order-status').getAttribute('data-status'), { timeout: PAID_MS }).toBe('payment_failed');
        expect(await page.getByTestId('payment-form').count()).toBe(1);
        await expect.poll(() => page.getByTestId('status').textContent()).toContain('The card was declined');
        await expect.poll(() => page.getByTestId('payment-row').textContent()).toContain('declined');
        const retry = view('order').getByTestId('payment-form');
        await retry.getByLabel('Card number').fill('4111 1111 1111 1111');
        await retry.getByLabel('Expiry (MM/YY)').fill(expiry);
        await screenshot('6-declined');
        await retry.getByRole('button', { name: 'Pay 24.50' }).click();
        await expect.poll(() => page.getByTestId('order-status').getAttribute('data-status'), { timeout: PAID_MS }).toBe('paid');
        await expect.poll(() => page.getByTestId('payment-row').allTextContents(), { timeout: SETTLE_MS }).toEqual([expect.stringContaining('declined'), expect.stringContaining('approved')]);
    }, 2 * PAID_MS + 30_000);

    it('lists the customer\'s orders, and the catalog shows the stock taken; the screenshot is kept', async () => {
        await page.getByTestId('nav-orders').click();
        await expect.poll(() => page.getByTestId('order-row').count()).toBe(2);
        expect(await page.getByTestId('order-row').getByTestId('order-status').evaluateAll(badges => badges.map(b => b.getAttribute('data-status')))).toEqual(['paid', 'paid']);
        await page.getByTestId('order-link').last().click();
        await page.getByTestId('order-lines').waitFor();
        await expect.poll(() => page.getByTestId('order-total').textContent()).toBe('49.00');
        await expect.poll(() => page.getByTestId('payment-row').count()).toBe(1);
        const shot = await screenshot('5-order-paid');
        process.stderr.write(`frontend e2e: screenshots in ${browser.folder()} (the paid order: ${shot})\n`);
        await page.getByTestId('nav-catalog').click();
        await expect.poll(() => page.getByTestId('product-card').getByTestId('product-stock').textContent()).toBe('In stock: 2');
        await readable();
        expect(browser.problems).toEqual([]);
    });

    async function productId(): Promise<number> {
        const found = await request(`${system().url}api/products?sku=${encodeURIComponent(product.sku)}`);
        return (found.json as { items: { id: number }[] }).items[0]!.id;
    }
});

describe.skipIf(!labNeeds.run)(`the explorer of a model without a shop, in headless Chromium${labNeeds.note}`, () => {
    // The lab: frontend -> gateway -> load balancer -> two entity-less backends (two instances each).
    const system = useSystem('test/fixtures/e2e/lab-shared-db.arch', labNeeds);
    const browser = useBrowser('lab');

    it('offers the gateway\'s routes and shows which instance answered each call', async () => {
        const page = browser.page();
        await page.goto(system().url);
        await expect.poll(() => page.locator('body').getAttribute('data-mode')).toBe('explorer');
        const calls = page.getByTestId('endpoint-call');
        await expect.poll(() => calls.allTextContents()).toEqual(['GET /api/lab-be-a', 'GET /api/lab-be-b']);
        // Entity-less backends are interchangeable skeletons behind one balancer: any instance may answer.
        const served = new Set<string>();
        const result = page.getByTestId('endpoint-result').first();
        for (let i = 0; i < 6; i++) {
            await calls.first().click();
            await expect.poll(() => result.textContent()).toMatch(/^200, served by lab_be_[ab]@lab-be-[ab]-[12]/);
            served.add(/lab-be-[ab]-[12]/.exec((await result.textContent())!)![0]);
        }
        expect(served.size).toBeGreaterThan(1);
        await calls.nth(1).click();
        await expect.poll(() => page.getByTestId('endpoint-result').nth(1).textContent()).toMatch(/^200, served by lab_be_[ab]@/);
        await browser.screenshot('lab-endpoints');
        await page.getByTestId('nav-about').click();
        await expect.poll(() => page.getByTestId('components').locator('tbody tr').count()).toBe(6);
        const shot = await browser.screenshot('lab-explorer');
        process.stderr.write(`frontend e2e: the lab explorer at ${shot}\n`);
        expect(browser.problems).toEqual([]);
    });
});
