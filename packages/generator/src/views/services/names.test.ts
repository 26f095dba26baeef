import { describe, expect, it } from 'vitest';
import { entity, serialId, service } from '../../test-support/builders.js';
import { ecommerceModel } from '../../test-support/fixtures.js';
import { infoPath, kebabCase, runtimePackageName, servicePackageName } from './names.js';

describe('service names', () => {
    it('kebab-cases component names as the language package does', () => {
        expect(kebabCase('ecommerce_be_usr')).toBe('ecommerce-be-usr');
        expect(kebabCase('OrderDetail')).toBe('order-detail');
        expect(kebabCase('labBeA')).toBe('lab-be-a');
        expect(kebabCase('HTTPServer2')).toBe('http-server2');
    });

    it('gives a service without entities its info route, the gateway default', () => {
        expect(infoPath(service('lab_be_a'), [])).toBe('/api/lab-be-a');
    });

    it('leaves the info route out where a resource or the auth routes answer', () => {
        const products = entity('Product', 'products', 'db', 'products', [serialId()]);
        expect(infoPath(service('products'), [products])).toBeNull();
        expect(infoPath(service('auth', { issuesTokens: true }), [])).toBeNull();
        expect(infoPath(service('auth'), [])).toBe('/api/auth');
    });

    it('scopes every package of the workspace by the project', () => {
        expect(runtimePackageName(ecommerceModel)).toBe('@ecommerce/runtime');
        expect(servicePackageName(ecommerceModel, service('payment_processor'))).toBe('@ecommerce/payment-processor');
        expect(servicePackageName(ecommerceModel, service('runtime'))).toBe('@ecommerce/runtime-service');
    });
});
