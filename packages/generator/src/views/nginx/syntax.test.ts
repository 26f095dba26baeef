import { describe, expect, it } from 'vitest';
import {
    assertPlainPath,
    errorPage,
    jsonError,
    mostSpecificFirst,
    nginxName,
    nginxSingleQuoted,
    nginxString,
    nginxTime,
    prefixPattern,
    upstreamName,
    upstreamServers
} from './syntax.js';

/** nginx's PCRE `\z` is JavaScript's `$` without multiline. */
const matches = (pattern: string, path: string) => new RegExp(pattern.replace('\\z', '$')).test(path);

describe('nginx syntax', () => {
    it('names upstreams after both ends', () => {
        expect(nginxName('shop-gw')).toBe('shop_gw');
        expect(upstreamName('shop-gw', 'payment-processor')).toBe('archgen_shop_gw__payment_processor');
    });

    it('matches a prefix and everything below it, nothing beside it', () => {
        const pattern = prefixPattern('/api/order-details');
        expect(pattern).toBe('^/api/order-details(?:/|\\z)');
        expect(['/api/order-details', '/api/order-details/', '/api/order-details/7/lines'].every(p => matches(pattern, p))).toBe(true);
        expect(['/api/order-detailsx', '/api/order', '/x/api/order-details'].some(p => matches(pattern, p))).toBe(false);
        expect(prefixPattern('/api/v1.2')).toBe('^/api/v1\\.2(?:/|\\z)');
        expect(prefixPattern('/')).toBe('^/');
        expect(prefixPattern('/a')).not.toContain('$');
    });

    it('refuses paths that would break a location or a map key', () => {
        for (const path of ['api', '/a b', '/a;b', '/a{1}', '/$uri', '/a"b', "/a'b", '/a#b', '/a\\b']) {
            expect(() => assertPlainPath(path), path).toThrow(/Cannot route/);
        }
        expect(() => assertPlainPath('/api/a-b_c.d~e')).not.toThrow();
    });

    it('quotes strings, refusing a literal $', () => {
        expect(nginxString('http://localhost:8080')).toBe('"http://localhost:8080"');
        expect(nginxString('a "b" \\c')).toBe('"a \\"b\\" \\\\c"');
        expect(nginxSingleQuoted("it's")).toBe("'it\\'s'");
        expect(() => nginxString('$http_origin')).toThrow(/starts a variable/);
        expect(() => nginxSingleQuoted('costs $5')).toThrow(/starts a variable/);
    });

    it('writes upstream servers on one line, with passive health for load balancers', () => {
        expect(upstreamServers(['users:3000'])).toBe('server users:3000;');
        expect(upstreamServers(['127.0.0.1:4001', '127.0.0.1:4002'], { maxFails: 3, failTimeoutMs: 10000 }))
            .toBe('server 127.0.0.1:4001 max_fails=3 fail_timeout=10s; server 127.0.0.1:4002 max_fails=3 fail_timeout=10s;');
        expect(nginxTime(1500)).toBe('1500ms');
        expect(nginxTime(60000)).toBe('60s');
    });

    it('writes JSON error bodies shaped like the services\' errors', () => {
        expect(JSON.parse(jsonError(429, 'Slow down.'))).toEqual({ statusCode: 429, error: 'Too Many Requests', message: 'Slow down.' });
        expect(errorPage(502, 'Down.')).toEqual({
            status: 502,
            location: '@archgen_502',
            body: `'{"statusCode":502,"error":"Bad Gateway","message":"Down."}'`
        });
        expect(() => jsonError(418, 'Teapot.')).toThrow(/No reason phrase/);
    });

    it('orders the most specific path first, stable among equals', () => {
        const paths = ['/api', '/api/auth/login', '/api/a', '/api/b', '/api/auth'];
        expect(mostSpecificFirst(paths, p => p)).toEqual(['/api/auth/login', '/api/auth', '/api/a', '/api/b', '/api']);
    });
});
