import {
    type ArchitectureModel,
    type Component,
    type Connector,
    allEntities,
    gatewaysOf,
    isDatabase,
    isGateway,
    isService
} from '@archgen/model';
import { describe, expect, it } from 'vitest';
import {
    callRulesOn,
    channelConnectorsFrom,
    channelConnectorsTo,
    entitiesNamed,
    entitiesOwnedBy,
    findEntity,
    gatewayOfIssuer,
    routesVia,
    updateActionsOn
} from './model-index.js';
import { ALL_MODELS } from './test-support/fixtures.js';
import { flowModel } from './test-support/flows.js';
import { frontAndGatewayModel, seedDialectModel } from './test-support/nginx.js';
import { entity, httpConnector, queueConnector, serialId } from './test-support/builders.js';

/** The same objects in the same order (not only equal ones: views compare entities by identity). */
function expectSame<T>(actual: readonly T[], expected: readonly T[]): void {
    expect(actual.length).toBe(expected.length);
    actual.forEach((item, i) => expect(item).toBe(expected[i]));
}

/** Every name a lookup may be asked about: components, entities, channels, owners, and one the model lacks. */
function namesOf(model: ArchitectureModel): string[] {
    const names = new Set<string>(['no-such-name']);
    for (const c of model.components) names.add(c.name);
    for (const e of allEntities(model)) names.add(e.name);
    for (const c of model.connectors) if (c.message) names.add(c.message.channel);
    return [...names];
}

const MODELS: Readonly<Record<string, ArchitectureModel>> = {
    ...ALL_MODELS,
    flow: flowModel,
    seed: seedDialectModel,
    frontAndGateway: frontAndGatewayModel
};

describe.each(Object.entries(MODELS))('the indexes of the %s model', (_name, model) => {
    const names = namesOf(model);
    const entities = allEntities(model);

    it('find entities as scanning every entity does', () => {
        for (const name of names) expect(findEntity(model, name)).toBe(entities.find(e => e.name === name));
        const lists: string[][] = [[], names, [...names].reverse(), [...names, ...names], ...model.components.filter(isService).map(s => [...s.entities])];
        for (const list of lists) {
            expectSame(entitiesNamed(model, list), entities.filter(e => list.includes(e.name)));
            expectSame(entitiesOwnedBy(model, list), entities.filter(e => e.owner !== undefined && list.includes(e.owner)));
        }
        for (const gateway of model.components.filter(isGateway)) {
            const services = gateway.routes.map(r => r.service);
            expectSame(entitiesOwnedBy(model, services), entities.filter(e => e.owner !== undefined && services.includes(e.owner)));
        }
    });

    it('list call rules and update actions as scanning every connector does', () => {
        const rules = model.connectors.filter(c => c.kind === 'http').flatMap(c => [...c.calls]);
        const updates = model.connectors.flatMap(c => c.message?.actions ?? []).filter(a => a.kind === 'update');
        for (const name of names) {
            expectSame(callRulesOn(model, name), rules.filter(r => r.on.entity === name));
            expectSame(updateActionsOn(model, name), updates.filter(a => a.entity === name));
        }
    });

    it('list the connectors of a channel at each end as scanning every connector does', () => {
        for (const component of names) {
            for (const channel of names) {
                const carrying = model.connectors.filter(c => c.message?.channel === channel);
                expectSame(channelConnectorsFrom(model, component, channel), carrying.filter(c => c.from === component));
                expectSame(channelConnectorsTo(model, component, channel), carrying.filter(c => c.to === component));
            }
        }
    });

    it('find gateways by issuer and routes by where they go through, as scanning every gateway does', () => {
        for (const name of names) {
            expect(gatewayOfIssuer(model, name)).toBe(gatewaysOf(model).find(g => g.auth?.issuer === name));
            const routes = model.components.filter(isGateway).flatMap(gateway => gateway.routes.filter(r => r.via === name).map(route => ({ gateway, route })));
            expect(routesVia(model, name)).toEqual(routes);
            routesVia(model, name).forEach((r, i) => {
                expect(r.gateway).toBe(routes[i]!.gateway);
                expect(r.route).toBe(routes[i]!.route);
            });
        }
    });
});

describe('the fixtures', () => {
    it('exercise every lookup: each answers something for some model', () => {
        const asked = Object.values(MODELS).flatMap(model => namesOf(model).map(name => ({ model, name })));
        expect(asked.some(({ model, name }) => findEntity(model, name) !== undefined)).toBe(true);
        expect(asked.some(({ model, name }) => entitiesOwnedBy(model, [name]).length > 1)).toBe(true);
        expect(asked.some(({ model, name }) => callRulesOn(model, name).length > 0)).toBe(true);
        expect(asked.some(({ model, name }) => updateActionsOn(model, name).length > 0)).toBe(true);
        expect(asked.some(({ model, name }) => model.connectors.some(c => c.message && channelConnectorsFrom(model, name, c.message.channel).length > 0))).toBe(true);
        expect(asked.some(({ model, name }) => model.connectors.some(c => c.message && channelConnectorsTo(model, name, c.message.channel).length > 0))).toBe(true);
        expect(asked.some(({ model, name }) => gatewayOfIssuer(model, name) !== undefined)).toBe(true);
        expect(asked.some(({ model, name }) => routesVia(model, name).some(r => r.route.service !== name))).toBe(true);
    });
});

describe('the indexes of a model built up after a first lookup', () => {
    it('are rebuilt when components or connectors are added', () => {
        const { ecommerce } = ALL_MODELS;
        const components: Component[] = [...ecommerce!.components];
        const connectors: Connector[] = [...ecommerce!.connectors];
        const model: ArchitectureModel = { ...ecommerce!, components, connectors };
        const channel = model.connectors.find(c => c.message)!.message!;
        expect(findEntity(model, 'Extra')).toBeUndefined();
        expect(channelConnectorsTo(model, 'extra', channel.channel)).toEqual([]);

        const extra = entity('Extra', 'extras', 'extra_db', 'extra', [serialId()]);
        components.push({ ...components.find(isDatabase)!, name: 'extra_db', entities: [extra] });
        connectors.push(queueConnector('extra', 'extra', channel), httpConnector('extra', 'extra'));
        expect(findEntity(model, 'Extra')).toBe(extra);
        expectSame(channelConnectorsTo(model, 'extra', channel.channel), [connectors[connectors.length - 2]!]);
    });
});
