import { type LoadBalancerComponent, findComponent, isService } from '@archgen/model';
import { describe, expect, it } from 'vitest';
import { ecommerceModel } from '../../test-support/fixtures.js';
import { frontAndGatewayModel, seedDialectModel } from '../../test-support/nginx.js';
import { loadBalancerView } from './load-balancer.js';

const lb = (model: typeof ecommerceModel, name: string) => findComponent(model, name) as LoadBalancerComponent;

describe('loadBalancerView', () => {
    it('with one target sends everything to its upstream', () => {
        const view = loadBalancerView(ecommerceModel, lb(ecommerceModel, 'shop_lb'));
        expect(view.upstreams).toEqual([
            { name: 'archgen_shop_lb__shop_fe', directives: [], servers: ['${SHOP_FE_SERVERS}'], comment: "frontend 'shop_fe'" }
        ]);
        expect(view.routes).toEqual([]);
        expect(view.fallback).toMatchObject({ pattern: '/', upstream: 'archgen_shop_lb__shop_fe' });
        expect(view.summary).toBe("round robin over frontend 'shop_fe'; an instance that fails 3 times is left out for 10s");
        expect(view.errors.map(e => e.status)).toEqual([502, 503, 504]);
        expect(view.folder).toBe('load-balancers/shop-lb');
    });

    it('with several targets routes each prefix a gateway sends through it, and spreads the rest', () => {
        // Services that own entities are not interchangeable: each prefix goes to its own service.
        const owning = {
            ...seedDialectModel,
            components: seedDialectModel.components.map(c => (isService(c) ? { ...c, entities: [`${c.name}_thing`] } : c))
        };
        const view = loadBalancerView(owning, lb(owning, 'lb'));
        expect(view.upstreams.map(u => [u.name, u.directives, u.servers])).toEqual([
            ['archgen_lb__be_a', ['least_conn'], ['${BE_A_SERVERS}']],
            ['archgen_lb__be_b', ['least_conn'], ['${BE_B_SERVERS}']],
            ['archgen_lb__all', ['least_conn'], ['${BE_A_SERVERS}', '${BE_B_SERVERS}']]
        ]);
        expect(view.routes.map(r => [r.pattern, r.upstream])).toEqual([
            ['^/api/b/special(?:/|\\z)', 'archgen_lb__be_a'],
            ['^/api/a(?:/|\\z)', 'archgen_lb__be_a'],
            ['^/api/b(?:/|\\z)', 'archgen_lb__be_b']
        ]);
        expect(view.routes[1]!.comment).toBe("/api/a -> be_a (routed here by 'gw', seed.arch:3)");
        expect(view.fallback.upstream).toBe('archgen_lb__all');
    });

    it('spreads every route of interchangeable skeletons (no entities) over all of them', () => {
        const view = loadBalancerView(seedDialectModel, lb(seedDialectModel, 'lb'));
        expect(view.routes.map(r => [r.pattern, r.upstream])).toEqual([
            ['^/api/b/special(?:/|\\z)', 'archgen_lb__all'],
            ['^/api/a(?:/|\\z)', 'archgen_lb__all'],
            ['^/api/b(?:/|\\z)', 'archgen_lb__all']
        ]);
        expect(view.routes[1]!.comment).toBe("/api/a -> any of 'be_a', 'be_b' (interchangeable skeletons; routed here by 'gw', seed.arch:3)");
    });

    it('gives / to the frontend among its targets', () => {
        const view = loadBalancerView(frontAndGatewayModel, lb(frontAndGatewayModel, 'edge'));
        expect(view.fallback).toMatchObject({ upstream: 'archgen_edge__site', comment: "Everything else: frontend 'site'." });
        expect(view.upstreams.map(u => [u.name, u.directives])).toEqual([
            ['archgen_edge__site', ['ip_hash']],
            ['archgen_edge__api_gw', ['ip_hash']]
        ]);
        expect(view.routes).toEqual([]);
    });
});
