import { type GatewayComponent, findComponent } from '@archgen/model';
import { describe, expect, it } from 'vitest';
import { ecommerceModel } from '../../test-support/fixtures.js';
import { seedDialectModel } from '../../test-support/nginx.js';
import { gatewayView, ruleKey } from './gateway.js';

const shopGw = findComponent(ecommerceModel, 'shop_gw') as GatewayComponent;
const seedGw = findComponent(seedDialectModel, 'gw') as GatewayComponent;

describe('gatewayView', () => {
    const view = gatewayView(ecommerceModel, shopGw);

    it('routes each prefix to the upstream of its via component, most specific first', () => {
        expect(view.routes.map(r => [r.prefix, r.upstream])).toEqual([
            ['/api/order-details', 'archgen_shop_gw__orders'],
            ['/api/products', 'archgen_shop_gw__products'],
            ['/api/payments', 'archgen_shop_gw__payments'],
            ['/api/stocks', 'archgen_shop_gw__inventory'],
            ['/api/orders', 'archgen_shop_gw__orders'],
            ['/api/users', 'archgen_shop_gw__users'],
            ['/api/auth', 'archgen_shop_gw__users']
        ]);
        expect(view.routes[0]!.pattern).toBe('^/api/order-details(?:/|\\z)');
        expect(view.routes.at(-1)!.comment).toBe('/api/auth -> users, ecommerce.arch:21');
    });

    it('declares one upstream per component it sends to, servers from <TARGET>_SERVERS', () => {
        expect(view.upstreams.map(u => [u.name, u.servers])).toEqual([
            ['archgen_shop_gw__users', ['${USERS_SERVERS}']],
            ['archgen_shop_gw__products', ['${PRODUCTS_SERVERS}']],
            ['archgen_shop_gw__inventory', ['${INVENTORY_SERVERS}']],
            ['archgen_shop_gw__orders', ['${ORDERS_SERVERS}']],
            ['archgen_shop_gw__payments', ['${PAYMENTS_SERVERS}']]
        ]);
        expect(view.listen).toBe('${LISTEN_HOST}:${PORT}');
    });

    it('asks the issuer with the public and role rules of the model', () => {
        expect(view.auth).toMatchObject({
            issuer: 'users',
            location: '/_archgen/auth',
            verifyUrl: 'http://archgen_shop_gw__users/api/auth/verify',
            publicMap: '$archgen_shop_gw_public',
            rolesMap: '$archgen_shop_gw_roles'
        });
        expect(view.auth!.publicRules.map(r => [r.key, r.value])).toEqual([
            ['"~^(?:POST) /api/auth/register(?:/|\\\\z)"', '1'],
            ['"~^(?:POST) /api/auth/login(?:/|\\\\z)"', '1'],
            ['"~^(?:GET) /api/products(?:/|\\\\z)"', '1']
        ]);
        expect(view.auth!.roleRules).toEqual([]);
        expect(view.userId).toBe('$archgen_user_id');
    });

    it('writes a rule for the listed methods, or any method', () => {
        expect(ruleKey(['POST', 'PUT'], '/api/products')).toBe('"~^(?:POST|PUT) /api/products(?:/|\\\\z)"');
        expect(ruleKey([], '/api/admin')).toBe('"~^[A-Z]+ /api/admin(?:/|\\\\z)"');
        const withRoles = gatewayView(ecommerceModel, {
            ...shopGw,
            restrictions: [
                { methods: ['DELETE'], path: '/api/products', roles: ['seller', 'admin'], source: shopGw.source },
                { methods: [], path: '/api/products/archive', roles: ['admin'], source: shopGw.source }
            ]
        });
        expect(withRoles.auth!.roleRules.map(r => [r.key, r.value])).toEqual([
            ['"~^[A-Z]+ /api/products/archive(?:/|\\\\z)"', '"admin"'],
            ['"~^(?:DELETE) /api/products(?:/|\\\\z)"', '"seller,admin"']
        ]);
    });

    it('takes rate limit, body size and CORS origins from the model', () => {
        expect(view).toMatchObject({ zone: 'archgen_shop_gw', rate: '10r/s', burst: 20, maxBodySize: '1m' });
        expect(view.cors).toMatchObject({ otherOrigins: '""', origins: ['"http://localhost:8080"'], originMap: '$archgen_shop_gw_cors_origin' });
        expect(view.errors.map(e => e.status)).toEqual([401, 403, 413, 429, 500, 502, 503, 504]);
        expect(JSON.parse(view.notFound.slice(1, -1))).toMatchObject({ statusCode: 404 });
    });

    it('without auth proxies directly and still drops client X-User-* headers', () => {
        const seed = gatewayView(seedDialectModel, seedGw);
        expect(seed.auth).toBeNull();
        expect(seed.userId).toBe('""');
        expect(seed.userRoles).toBe('""');
        expect(seed).toMatchObject({ rate: '100r/m', burst: 5, maxBodySize: '512k' });
        expect(seed.cors).toMatchObject({ otherOrigins: '$http_origin', origins: [] });
    });

    it('sends routes through the load balancer in front of their service', () => {
        const seed = gatewayView(seedDialectModel, seedGw);
        expect(seed.upstreams.map(u => u.name)).toEqual(['archgen_gw__lb']);
        expect(seed.routes.map(r => [r.prefix, r.upstream])).toEqual([
            ['/api/b/special', 'archgen_gw__lb'],
            ['/api/a', 'archgen_gw__lb'],
            ['/api/b', 'archgen_gw__lb']
        ]);
        expect(seed.routes[1]!.comment).toBe('/api/a -> be_a (via lb), seed.arch:3');
    });

    it('says so when the issuer is out of reach', () => {
        const lost = { ...shopGw, dependsOn: ['products'], auth: { ...shopGw.auth!, issuer: 'users' } };
        expect(() => gatewayView(ecommerceModel, lost)).toThrow(/cannot reach its token issuer 'users'/);
    });
});
