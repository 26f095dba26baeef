/**
 * Lookups the views make per service, entity or frontend, answered from
 * indexes built once per model. Scanning the whole model for each of them
 * made generation grow as the square of the model's size (10,000 components
 * took 15 times as long as 1,000); each lookup here answers exactly what its
 * scan answered, in the same order (model-index.test.ts compares them).
 *
 * The model package indexes components and connectors by name
 * (`findComponent`, `connectorsFrom`, `connectorsTo`, `connectorsOfChannel`);
 * these are the lookups only the generator needs.
 */
import {
    type ArchitectureModel,
    type CallRule,
    type Connector,
    type ConsumerAction,
    type Entity,
    type GatewayComponent,
    type GatewayRoute,
    allEntities,
    gatewaysOf,
    perModel
} from '@archgen/model';

export type UpdateAction = Extract<ConsumerAction, { kind: 'update' }>;

/** A gateway's route, with the gateway. */
export interface GatewayRouteOf {
    readonly gateway: GatewayComponent;
    readonly route: GatewayRoute;
}

/**
 * The first entity of that name in model order, as `allEntities(model).find(e => e.name === name)`
 * (a valid model has one of each name).
 */
export function findEntity(model: ArchitectureModel, name: string): Entity | undefined {
    const index = indexOf(model);
    const at = index.entitiesNamed.get(name)?.[0];
    return at === undefined ? undefined : index.entities[at];
}

/** The entities named in `names`, in model order: `allEntities(model).filter(e => names.includes(e.name))`. */
export function entitiesNamed(model: ArchitectureModel, names: readonly string[]): Entity[] {
    const index = indexOf(model);
    return entitiesAt(index, new Set(names), index.entitiesNamed);
}

/** The entities owned by one of `owners`, in model order: those of `allEntities(model)` whose `owner` is in `owners`. */
export function entitiesOwnedBy(model: ArchitectureModel, owners: readonly string[]): Entity[] {
    const index = indexOf(model);
    return entitiesAt(index, new Set(owners), index.entitiesOwned);
}

/** The call rules of the model's http connectors that act on creating `entity`, in model order. */
export function callRulesOn(model: ArchitectureModel, entity: string): readonly CallRule[] {
    return indexOf(model).callRulesOn.get(entity) ?? [];
}

/** The consumer `update` actions of the model's channels that change `entity`, in model order. */
export function updateActionsOn(model: ArchitectureModel, entity: string): readonly UpdateAction[] {
    return indexOf(model).updateActionsOn.get(entity) ?? [];
}

/** The message_queue connectors of `channel` that start at `from` (its publishing), in model order. */
export function channelConnectorsFrom(model: ArchitectureModel, from: string, channel: string): readonly Connector[] {
    return indexOf(model).channelsFrom.get(from)?.get(channel) ?? [];
}

/** The message_queue connectors of `channel` that end at `to` (its consuming), in model order. */
export function channelConnectorsTo(model: ArchitectureModel, to: string, channel: string): readonly Connector[] {
    return indexOf(model).channelsTo.get(to)?.get(channel) ?? [];
}

/** The first gateway, in model order, that names `issuer` as its JWT issuer: `gatewaysOf(model).find(g => g.auth?.issuer === issuer)`. */
export function gatewayOfIssuer(model: ArchitectureModel, issuer: string): GatewayComponent | undefined {
    return indexOf(model).gatewayOfIssuer.get(issuer);
}

/** The gateways' routes that go through `via` (a service or the balancer in front of it), gateways in model order. */
export function routesVia(model: ArchitectureModel, via: string): readonly GatewayRouteOf[] {
    return indexOf(model).routesVia.get(via) ?? [];
}

interface ModelIndex {
    /** `allEntities(model)`; the entity maps below hold positions in it. */
    readonly entities: readonly Entity[];
    readonly entitiesNamed: ReadonlyMap<string, readonly number[]>;
    readonly entitiesOwned: ReadonlyMap<string, readonly number[]>;
    readonly callRulesOn: ReadonlyMap<string, readonly CallRule[]>;
    readonly updateActionsOn: ReadonlyMap<string, readonly UpdateAction[]>;
    /** Component name -> channel -> connectors. */
    readonly channelsFrom: ReadonlyMap<string, ReadonlyMap<string, readonly Connector[]>>;
    readonly channelsTo: ReadonlyMap<string, ReadonlyMap<string, readonly Connector[]>>;
    readonly gatewayOfIssuer: ReadonlyMap<string, GatewayComponent>;
    readonly routesVia: ReadonlyMap<string, readonly GatewayRouteOf[]>;
}

/** The index of a model, built once per model (rebuilt if its lists change: see perModel). */
const indexOf = perModel(buildIndex);

function buildIndex(model: ArchitectureModel): ModelIndex {
    const entities = allEntities(model);
    const entitiesNamed = new Map<string, number[]>();
    const entitiesOwned = new Map<string, number[]>();
    entities.forEach((entity, at) => {
        add(entitiesNamed, entity.name, at);
        if (entity.owner !== undefined) add(entitiesOwned, entity.owner, at);
    });
    const callRulesOn = new Map<string, CallRule[]>();
    const updateActionsOn = new Map<string, UpdateAction[]>();
    const channelsFrom = new Map<string, Map<string, Connector[]>>();
    const channelsTo = new Map<string, Map<string, Connector[]>>();
    for (const connector of model.connectors) {
        if (connector.kind === 'http') for (const rule of connector.calls) add(callRulesOn, rule.on.entity, rule);
        const message = connector.message;
        if (!message) continue;
        for (const action of message.actions) if (action.kind === 'update') add(updateActionsOn, action.entity, action);
        add(inner(channelsFrom, connector.from), message.channel, connector);
        add(inner(channelsTo, connector.to), message.channel, connector);
    }
    const gatewayOfIssuer = new Map<string, GatewayComponent>();
    const routesVia = new Map<string, GatewayRouteOf[]>();
    for (const gateway of gatewaysOf(model)) {
        if (gateway.auth && !gatewayOfIssuer.has(gateway.auth.issuer)) gatewayOfIssuer.set(gateway.auth.issuer, gateway);
        for (const route of gateway.routes) add(routesVia, route.via, { gateway, route });
    }
    return {
        entities,
        entitiesNamed,
        entitiesOwned,
        callRulesOn,
        updateActionsOn,
        channelsFrom,
        channelsTo,
        gatewayOfIssuer,
        routesVia
    };
}

/** The entities listed under any of `keys`, in model order. */
function entitiesAt(index: ModelIndex, keys: ReadonlySet<string>, byKey: ReadonlyMap<string, readonly number[]>): Entity[] {
    const positions: number[] = [];
    for (const key of keys) for (const at of byKey.get(key) ?? []) positions.push(at);
    return positions.sort((a, b) => a - b).map(at => index.entities[at]!);
}

/** The items by key, keys in the order first seen and each list in the order given. */
export function groupBy<K, T>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
    const map = new Map<K, T[]>();
    for (const item of items) add(map, key(item), item);
    return map;
}

function add<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}

function inner<K, L, V>(map: Map<K, Map<L, V>>, key: K): Map<L, V> {
    let found = map.get(key);
    if (!found) map.set(key, (found = new Map()));
    return found;
}
