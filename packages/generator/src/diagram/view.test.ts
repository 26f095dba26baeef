import type { ArchitectureModel } from '@archgen/model';
import { describe, expect, it } from 'vitest';
import { ecommerceModel, minimalModel, variantsModel } from '../test-support/fixtures.js';
import { oddModel, sixtyModel } from '../test-support/diagram.js';
import { loadBalancer, service } from '../test-support/builders.js';
import { diagramView, primaryZone } from './view.js';

describe('primaryZone', () => {
    it('is the outermost zone a component joins, app when it joins none', () => {
        expect(primaryZone(service('a', { zones: ['edge', 'app', 'data'] }))).toBe('edge');
        expect(primaryZone(service('a', { zones: ['app', 'data'] }))).toBe('app');
        expect(primaryZone(service('a', { zones: ['data'] }))).toBe('data');
        expect(primaryZone(service('a', { zones: [] }))).toBe('app');
    });
});

describe('diagramView', () => {
    const view = diagramView(ecommerceModel);
    const nodes = view.zones.flatMap(z => z.nodes);

    it('has one node per component, in model order within its primary zone', () => {
        expect(nodes.map(n => n.name).sort()).toEqual(ecommerceModel.components.map(c => c.name).sort());
        for (const zone of view.zones) {
            const expected = ecommerceModel.components.filter(c => primaryZone(c) === zone.zone).map(c => c.name);
            expect(zone.nodes.map(n => n.name)).toEqual(expected);
        }
        expect(view.zones.map(z => z.zone)).toEqual(['edge', 'app', 'data']);
    });

    it('captions each node with its kind, engine and replicas, and marks the public entry with its port', () => {
        const node = (name: string) => nodes.find(n => n.name === name)!;
        expect(node('shop_lb')).toEqual({ name: 'shop_lb', kind: 'load_balancer', caption: 'load balancer', replicas: 1, port: 8080 });
        expect(node('products')).toMatchObject({ caption: 'backend', replicas: 2, port: null });
        expect(node('payment_processor')).toMatchObject({ caption: 'message service' });
        expect(node('orders_db')).toMatchObject({ caption: 'postgres database' });
        expect(diagramView(variantsModel).zones.flatMap(z => z.nodes).find(n => n.name === 'catalog_db')).toMatchObject({ caption: 'mysql database' });
        expect(view.entries).toEqual([{ to: 'shop_lb', port: 8080 }]);
    });

    it('has an edge per http and db_connector connector, and runs messages through their channel', () => {
        const direct = ecommerceModel.connectors.filter(c => c.kind !== 'message_queue').map(c => ({ from: c.from, to: c.to, kind: c.kind }));
        expect(view.edges.filter(e => e.kind !== 'message_queue')).toEqual(direct);
        expect(view.edges.filter(e => e.kind === 'message_queue')).toEqual([
            { from: 'payments', to: '@channel:rabbitmq/payments.requested', kind: 'message_queue' },
            { from: '@channel:rabbitmq/payments.requested', to: 'payment_processor', kind: 'message_queue' },
            { from: 'payment_processor', to: '@channel:rabbitmq/payments.processed', kind: 'message_queue' },
            { from: '@channel:rabbitmq/payments.processed', to: 'orders', kind: 'message_queue' }
        ]);
        // A channel lives in the zone of its first publisher (payment_processor is drawn in data).
        expect(view.zones.map(z => [z.zone, z.channels.map(c => c.channel)])).toEqual([
            ['edge', []],
            ['app', ['payments.requested']],
            ['data', ['payments.processed']]
        ]);
    });

    it('draws a channel once and each of its edges once, however many connectors share them', () => {
        const channel = ecommerceModel.connectors.find(c => c.message)!.message!;
        const model: ArchitectureModel = {
            ...ecommerceModel,
            connectors: [
                ...ecommerceModel.connectors,
                { ...ecommerceModel.connectors.find(c => c.message)!, id: 'again' },
                { id: 'second consumer', kind: 'message_queue', from: 'payments', to: 'orders', message: channel, calls: [], source: ecommerceModel.source }
            ]
        };
        const edges = diagramView(model).edges.filter(e => e.kind === 'message_queue');
        expect(edges.filter(e => e.from === 'payments')).toHaveLength(1);
        expect(edges.filter(e => e.from === '@channel:rabbitmq/payments.requested').map(e => e.to)).toEqual(['payment_processor', 'orders']);
        expect(diagramView(model).zones.flatMap(z => z.channels)).toHaveLength(2);
    });

    it('lists in the legend only the kinds, connectors and brokers the model uses', () => {
        expect(view.legend).toEqual({
            kinds: ['load_balancer', 'frontend', 'api_gateway', 'backend', 'mqtp', 'database'],
            connectors: ['http', 'db_connector', 'message_queue'],
            entry: true,
            brokers: ['rabbitmq']
        });
        expect(diagramView(minimalModel).legend).toEqual({
            kinds: ['load_balancer', 'frontend', 'backend', 'database'],
            connectors: ['http', 'db_connector'],
            entry: true,
            brokers: []
        });
        const empty = diagramView({ ...minimalModel, components: [], connectors: [], brokers: [] });
        expect(empty).toMatchObject({ zones: [], edges: [], entries: [], direction: 'TB' });
    });

    it('draws a narrow model top to bottom and a wide one left to right', () => {
        expect(view.direction).toBe('TB');
        expect(diagramView(minimalModel).direction).toBe('TB');
        expect(diagramView(sixtyModel()).direction).toBe('LR');
    });

    it('is deterministic', () => {
        for (const model of [ecommerceModel, oddModel, sixtyModel()]) expect(diagramView(structuredClone(model))).toEqual(diagramView(model));
    });

    it('handles a long chain of calls without overflowing the stack', () => {
        const names = Array.from({ length: 20_000 }, (_, i) => `s${i}`);
        const model: ArchitectureModel = {
            ...minimalModel,
            components: names.map(name => loadBalancer(name, [])),
            connectors: names.slice(1).map((name, i) => ({ id: `${i}`, kind: 'http', from: names[i]!, to: name, calls: [], source: minimalModel.source })),
            brokers: []
        };
        expect(diagramView(model).zones[0]!.nodes).toHaveLength(20_000);
    });
});
