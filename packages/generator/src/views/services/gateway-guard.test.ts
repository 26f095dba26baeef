import { describe, expect, it } from 'vitest';
import type { ArchitectureModel, GatewayComponent, HttpMethod, RouteRule, ServiceComponent } from '@archgen/model';
import { ecommerceModel } from '../../test-support/ecommerce.js';
import { at, gateway, service } from '../../test-support/builders.js';
import { mostSpecificFirst } from '../nginx/syntax.js';
import { guardOf, prefixesCovering, under } from './gateway-guard.js';

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'DELETE'];
const PREFIXES = ['', '/', '/api', '/api/', '/api/a', '/api/a/b', '/api/b', '/api/ab', '/x', '/x/y'];
const PATHS = ['/', '/api', '/api/', '/api/a', '/api/a/', '/api/a/b', '/api/a/b/c', '/api/ab', '/api/b/1', '/api//a', '/x/y/z', '/y'];

/** The guard as it was computed before the prefix index: every rule sorted, then scanned, per request. */
function guardByScan(gateways: readonly GatewayComponent[], service: string, method: HttpMethod, path: string) {
    const applies = (rule: RouteRule) => (rule.methods.length === 0 || rule.methods.includes(method)) && under(path, rule.path);
    const found = [];
    for (const gw of gateways) {
        if (!gw.routes.some(r => r.service === service)) continue;
        const route = mostSpecificFirst(gw.routes, r => r.prefix).find(r => under(path, r.prefix));
        if (!route || route.service !== service || !gw.auth) continue;
        if (gw.publicRoutes.some(applies)) continue;
        const restriction = mostSpecificFirst(gw.restrictions, r => r.path).find(applies);
        found.push({ gateway: gw.name, roles: restriction?.roles ?? [] });
    }
    return found;
}

/** A small deterministic generator (xorshift), so that a failure names its seed. */
function random(seed: number) {
    let x = seed | 1;
    const next = () => {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        return (x >>> 0) / 2 ** 32;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const some = <T>(items: readonly T[]): T[] => items.filter(() => next() < 0.35);
    return { next, pick, some };
}

describe('guardOf', () => {
    it('lists every prefix a path falls under, longest first', () => {
        expect(prefixesCovering('/api/a/b')).toEqual(['/api/a/b', '/api/a', '/api', '/', '']);
        expect(prefixesCovering('/api//a')).toEqual(['/api//a', '/api/', '/api', '/', '']);
        expect(prefixesCovering('/')).toEqual(['/', '']);
        for (const path of PATHS) {
            for (const prefix of PREFIXES) expect(prefixesCovering(path).includes(prefix), `${path} under ${prefix}`).toBe(under(path, prefix));
        }
    });

    it('finds the guard the sorted scan of every rule finds, on 400 random gateways', () => {
        let guarded = 0;
        let open = 0;
        for (let seed = 1; seed <= 400; seed++) {
            const r = random(seed);
            const services = ['s1', 's2', 's3'];
            const rule = (): RouteRule => ({ methods: r.some(METHODS), path: r.pick(PREFIXES), source: at(seed) });
            const gateways = [0, 1].map(g => gateway(`gw${g}`, {
                routes: Array.from({ length: 1 + Math.floor(r.next() * 6) }, () => {
                    const target = r.pick(services);
                    return { prefix: r.pick(PREFIXES), service: target, via: target, implicit: false, source: at(seed) };
                }),
                publicRoutes: Array.from({ length: Math.floor(r.next() * 3) }, rule),
                restrictions: Array.from({ length: Math.floor(r.next() * 5) }, () => ({ ...rule(), roles: r.some(['admin', 'seller', 'customer']) })),
                ...(r.next() < 0.85 ? { auth: { scheme: 'jwt' as const, issuer: 's3', roles: ['admin', 'seller', 'customer'], tokenTtlSeconds: 3600, source: at(seed) } } : {})
            }));
            const model: ArchitectureModel = { ...ecommerceModel, components: [...gateways, ...services.map(name => service(name))] };
            for (const name of services) {
                const target = model.components.find(c => c.name === name) as ServiceComponent;
                for (const method of METHODS) {
                    for (const path of PATHS) {
                        const expected = guardByScan(gateways, name, method, path);
                        const guard = guardOf(model, target, method, path);
                        const where = `seed ${seed}: ${method} ${path} to ${name}`;
                        if (expected.length === 0) {
                            expect(guard, where).toBeNull();
                            open++;
                            continue;
                        }
                        guarded++;
                        expect(guard?.roles, where).toEqual([...new Set(expected.flatMap(g => g.roles))]);
                        expect(guard?.text, where).toContain(expected.map(g => `'${g.gateway}'`).join(', '));
                    }
                }
            }
        }
        // Both outcomes, many times.
        expect(guarded).toBeGreaterThan(1000);
        expect(open).toBeGreaterThan(1000);
    });
});
