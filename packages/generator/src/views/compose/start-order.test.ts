import { describe, expect, it } from 'vitest';
import { serviceHealthcheck } from './healthchecks.js';
import type { ServiceDraft } from './service.js';
import { settleStartOrder } from './start-order.js';

const draft = (name: string, wants: string[]): ServiceDraft => ({
    name, wants, comment: name, image: null, build: { context: '.', dockerfile: null }, hostname: null, replicas: 1, ports: [], environment: [],
    volumes: [], networks: ['app'], healthcheck: serviceHealthcheck
});

describe('settleStartOrder', () => {
    it('keeps existing dependencies once, in order', () => {
        const [a] = settleStartOrder([draft('a', ['b', 'b', 'ghost', 'a', 'c']), draft('b', []), draft('c', [])]);
        expect(a).toMatchObject({ dependsOn: ['b', 'c'], droppedDependencies: [] });
        expect(a).not.toHaveProperty('wants');
    });

    it('drops the dependency that closes a cycle, deterministically', () => {
        const services = settleStartOrder([draft('a', ['b']), draft('b', ['c']), draft('c', ['a'])]);
        expect(services.map(s => [s.name, s.dependsOn, s.droppedDependencies])).toEqual([
            ['a', ['b'], []],
            ['b', ['c'], []],
            ['c', [], ['a']]
        ]);
    });
});
