/**
 * The archgen intermediate representation (IR).
 *
 * A plain, readonly, fully resolved description of an architecture: no Langium
 * types, no references to resolve, every default applied. The language package
 * builds it from a document without errors; the generator sees nothing else.
 * Every node carries the source location it came from, so generated files and
 * later diagnostics can point back at the model line.
 */

/** Zero-based line and character, as in the Language Server Protocol. */
export interface Position {
    readonly line: number;
    readonly character: number;
}

export interface Range {
    readonly start: Position;
    readonly end: Position;
}

export interface SourceLocation {
    /** The document URI (`file:///...`). */
    readonly uri: string;
    readonly range: Range;
}

export const COMPONENT_KINDS = ['frontend', 'backend', 'database', 'load_balancer', 'api_gateway', 'mqtp'] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

export const CONNECTOR_KINDS = ['http', 'db_connector', 'message_queue'] as const;
export type ConnectorKind = (typeof CONNECTOR_KINDS)[number];

/**
 * Network zones, from the outside in. `edge` holds what the outside world may
 * reach, `app` the synchronous calls between components, `data` the databases
 * and brokers (an internal network, never reachable from outside).
 */
export type Zone = 'edge' | 'app' | 'data';

export interface ArchitectureModel {
    /** The name after `architecture`, or the file's base name. */
    readonly name: string;
    /** A DNS-safe form of `name`, used as the compose project name. */
    readonly projectName: string;
    readonly doc?: string;
    readonly source: SourceLocation;
    /** Every component, in model order. */
    readonly components: readonly Component[];
    /** Every connector, in model order. */
    readonly connectors: readonly Connector[];
    /** The message brokers the message_queue connectors need (none without them). */
    readonly brokers: readonly Broker[];
}

// ---------------------------------------------------------------- components

export interface Exposure {
    /** Reachable from outside the system. */
    readonly public: boolean;
    /** The host port a public component is published on. */
    readonly port?: number;
    /** True when `public` came from the default (the entry component), not from the model. */
    readonly implicit: boolean;
}

interface ComponentBase {
    /** The name as written in the model. */
    readonly name: string;
    /**
     * The name as a container, host and Kubernetes name: lower case, `_` and
     * other characters outside [a-z0-9-] replaced by `-`.
     */
    readonly serviceName: string;
    readonly kind: ComponentKind;
    readonly doc?: string;
    readonly replicas: number;
    readonly exposure: Exposure;
    /** The networks this component joins, in the order edge, app, data. */
    readonly zones: readonly Zone[];
    /** Components this one calls or uses (http targets, databases), in model order. */
    readonly dependsOn: readonly string[];
    /** Broker service names this component publishes to or consumes from. */
    readonly brokers: readonly string[];
    readonly source: SourceLocation;
}

export interface FrontendComponent extends ComponentBase {
    readonly kind: 'frontend';
    /** The components the frontend's pages call over http (usually one gateway). */
    readonly apis: readonly string[];
}

/** A backend or an mqtp (message-driven) service: code archgen generates. */
export interface ServiceComponent extends ComponentBase {
    readonly kind: 'backend' | 'mqtp';
    /** Databases reached through db_connectors. */
    readonly databases: readonly string[];
    /** Entities this service owns (those of its databases), in model order. */
    readonly entities: readonly string[];
    /** Components this service calls over http. */
    readonly calls: readonly string[];
    /** Channels this service publishes (message_queue connectors from it). */
    readonly publishes: readonly string[];
    /** Channels this service consumes (message_queue connectors into it). */
    readonly consumes: readonly string[];
    /** True when a gateway names this service as its JWT issuer. */
    readonly issuesTokens: boolean;
}

export const DATABASE_ENGINES = ['postgres', 'mysql'] as const;
export type DatabaseEngine = (typeof DATABASE_ENGINES)[number];

export interface DatabaseComponent extends ComponentBase {
    readonly kind: 'database';
    readonly engine: DatabaseEngine;
    /** The database name inside the server (snake case of the component name). */
    readonly databaseName: string;
    readonly entities: readonly Entity[];
    /** Services with a db_connector to this database, in model order. */
    readonly owners: readonly string[];
}

export const LB_STRATEGIES = ['round_robin', 'least_connections', 'ip_hash'] as const;
export type LoadBalancingStrategy = (typeof LB_STRATEGIES)[number];

export interface HealthCheck {
    /** The path probed on each target. */
    readonly path: string;
    readonly intervalMs: number;
    /** Failed attempts before a target is taken out (nginx max_fails). */
    readonly maxFails: number;
    /** How long a failed target stays out (nginx fail_timeout). */
    readonly failTimeoutMs: number;
}

export interface LoadBalancerComponent extends ComponentBase {
    readonly kind: 'load_balancer';
    readonly strategy: LoadBalancingStrategy;
    /** Components behind the balancer (its http connectors), in model order. */
    readonly targets: readonly string[];
    readonly health: HealthCheck;
}

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface GatewayRoute {
    /** Path prefix, starting with `/` and without a trailing `/`. */
    readonly prefix: string;
    /** The service that answers the route. */
    readonly service: string;
    /** The component the gateway sends the request to: the service, or a load balancer in front of it. */
    readonly via: string;
    /** True when the route came from the default `/api/<resource>` convention. */
    readonly implicit: boolean;
    readonly source: SourceLocation;
}

export interface RouteRule {
    /** Methods the rule applies to; empty means every method. */
    readonly methods: readonly HttpMethod[];
    readonly path: string;
    readonly source: SourceLocation;
}

export interface RoleRestriction extends RouteRule {
    readonly roles: readonly string[];
}

export interface GatewayAuth {
    readonly scheme: 'jwt';
    /** The service that issues tokens (register and login). */
    readonly issuer: string;
    readonly roles: readonly string[];
    readonly tokenTtlSeconds: number;
    readonly source: SourceLocation;
}

export interface RateLimit {
    readonly requests: number;
    readonly per: 'second' | 'minute';
    readonly burst: number;
}

export interface GatewayComponent extends ComponentBase {
    readonly kind: 'api_gateway';
    readonly routes: readonly GatewayRoute[];
    readonly auth?: GatewayAuth;
    /** Routes reachable without a token. */
    readonly publicRoutes: readonly RouteRule[];
    /** Routes that need one of the listed roles. */
    readonly restrictions: readonly RoleRestriction[];
    readonly rateLimit: RateLimit;
    /** Allowed CORS origins; empty means same-origin only. */
    readonly corsOrigins: readonly string[];
    /** Largest accepted request body, in nginx syntax (`1m`). */
    readonly maxBodySize: string;
}

export type Component =
    | FrontendComponent
    | ServiceComponent
    | DatabaseComponent
    | LoadBalancerComponent
    | GatewayComponent;

// ---------------------------------------------------------------- entities

export const FIELD_TYPES = [
    'int', 'bigint', 'serial', 'string', 'text', 'boolean', 'decimal', 'date', 'timestamp', 'uuid', 'enum', 'json'
] as const;
export type FieldTypeName = (typeof FIELD_TYPES)[number];

export type FieldType =
    | { readonly name: 'int' | 'bigint' | 'serial' | 'text' | 'boolean' | 'date' | 'timestamp' | 'uuid' | 'json' }
    | { readonly name: 'string'; readonly length: number }
    | { readonly name: 'decimal'; readonly precision: number; readonly scale: number }
    | { readonly name: 'enum'; readonly values: readonly string[] };

export type DefaultValue =
    | { readonly kind: 'string'; readonly value: string }
    | { readonly kind: 'number'; readonly value: number }
    | { readonly kind: 'boolean'; readonly value: boolean }
    /** An enum member. */
    | { readonly kind: 'enum'; readonly value: string }
    /** The current time, for date and timestamp fields. */
    | { readonly kind: 'now' }
    /** A random UUID, for uuid fields. */
    | { readonly kind: 'random_uuid' };

export interface FieldReference {
    /** The referenced entity. */
    readonly entity: string;
    /** Its table. */
    readonly table: string;
    /** Its primary-key column. */
    readonly column: string;
    /** The database that stores the referenced entity. */
    readonly database: string;
    /**
     * True when both entities live in the same database: the reference becomes
     * a foreign key. Otherwise it is a plain indexed column, because services
     * own their data.
     */
    readonly foreignKey: boolean;
}

export interface Field {
    readonly name: string;
    /** The SQL column name (snake case). */
    readonly column: string;
    readonly doc?: string;
    readonly type: FieldType;
    readonly primaryKey: boolean;
    /** NOT NULL. Primary keys are always required. */
    readonly required: boolean;
    readonly unique: boolean;
    /** An index is created (references and searched fields). */
    readonly indexed: boolean;
    readonly default?: DefaultValue;
    readonly min?: number;
    readonly max?: number;
    readonly references?: FieldReference;
    /** Generated by the database (serial keys, `default now`, random uuids): not required on create. */
    readonly generated: boolean;
    /**
     * Kept equal to the sum of a field over the entity's child rows (rows of
     * `entity`, in the same database, that reference this one): computed by
     * the service, not required on create.
     */
    readonly sum?: { readonly entity: string; readonly field: string };
    readonly source: SourceLocation;
}

export interface Entity {
    readonly name: string;
    readonly doc?: string;
    /** The database component that stores it. */
    readonly database: string;
    /** The service that owns it (the first service connected to its database). */
    readonly owner?: string;
    /** SQL table name: plural snake case (`OrderDetail` -> `order_details`). */
    readonly table: string;
    /** REST resource: plural kebab case (`OrderDetail` -> `order-details`). */
    readonly resource: string;
    readonly fields: readonly Field[];
    /** Primary-key field names (one, unless the model declares none and a default `id` is added). */
    readonly primaryKey: readonly string[];
    readonly source: SourceLocation;
}

// ---------------------------------------------------------------- connectors and messages

export const BROKER_ENGINES = ['rabbitmq', 'mosquitto'] as const;
export type BrokerEngine = (typeof BROKER_ENGINES)[number];
export type BrokerProtocol = 'amqp' | 'mqtt';

export interface Broker {
    /** The broker's service name (`rabbitmq`, `mosquitto`). */
    readonly name: string;
    readonly engine: BrokerEngine;
    /** Protocols clients use on it: amqp, and mqtt where a channel asks for it. */
    readonly protocols: readonly BrokerProtocol[];
    /** Channels carried, sorted. */
    readonly channels: readonly string[];
}

export type MessageValue =
    | { readonly kind: 'literal'; readonly value: string | number }
    /** A field of the incoming message (or of what earlier actions added to it). */
    | { readonly kind: 'field'; readonly field: string };

export type ConsumerAction =
    /** Insert the message as a row of the entity (idempotent on its key). */
    | { readonly kind: 'store'; readonly entity: string; readonly source: SourceLocation }
    | {
          readonly kind: 'update';
          readonly entity: string;
          readonly set: readonly { readonly field: string; readonly value: MessageValue }[];
          readonly where: { readonly field: string; readonly value: MessageValue };
          /** Only when the message field equals the value. */
          readonly when?: { readonly field: string; readonly value: MessageValue };
          readonly source: SourceLocation;
      }
    /**
     * Check a card number (Luhn) and expiry (MM/YY, not past); adds `status`
     * (`approved` or `declined`) and `transaction_id` to the message.
     */
    | { readonly kind: 'validate_card'; readonly numberField: string; readonly expiryField: string; readonly source: SourceLocation }
    /** Publish the message on another channel this consumer publishes. */
    | { readonly kind: 'publish'; readonly channel: string; readonly source: SourceLocation }
    /** Call a hand-written handler (emitted once as a stub for the user to fill). */
    | { readonly kind: 'handler'; readonly name: string; readonly source: SourceLocation };

export interface MessagePayload {
    /** The entity the payload is shaped after, if any. */
    readonly entity?: string;
    readonly fields: readonly Field[];
}

export interface MessageTrigger {
    readonly operation: 'create' | 'update' | 'delete';
    readonly entity: string;
}

export interface MessageChannel {
    /** The channel (RabbitMQ routing key, MQTT topic with `.` as `/`). */
    readonly channel: string;
    /** The broker service that carries it. */
    readonly broker: string;
    readonly engine: BrokerEngine;
    readonly protocol: BrokerProtocol;
    readonly payload: MessagePayload;
    /** Delivery guarantee: consumers acknowledge after their database commit. */
    readonly delivery: 'at_least_once';
    /** Processing delay the consumer waits before acting, in milliseconds. */
    readonly delayMs: number;
    /** When the publisher's API publishes this message. */
    readonly trigger?: MessageTrigger;
    /** What the consumer does with each message, in order. */
    readonly actions: readonly ConsumerAction[];
}

/**
 * What a caller does through an http connector when its API creates a row of
 * `on` (one of its own entities), before it stores it.
 */
export type CallRule =
    /**
     * `on create OrderDetail set total_price = Product.price * quantity where id = product_id`:
     * reads the target row whose `where.field` equals the new row's `where.value`
     * field, and sets `field` to its `targetField` (times `factor`, a field of the new row).
     */
    | {
          readonly kind: 'lookup';
          readonly on: { readonly operation: 'create'; readonly entity: string };
          readonly field: string;
          readonly target: { readonly entity: string; readonly field: string };
          readonly factor?: string;
          readonly where: { readonly field: string; readonly value: string };
          readonly source: SourceLocation;
      }
    /**
     * `on create OrderDetail take quantity from Inventory.quantity where product_id = product_id`:
     * decrements the target field by the new rows' `amount`, all rows in one
     * transaction of the called service that never lets it go below zero; if
     * any cannot be taken, none is and the create fails with 409.
     */
    | {
          readonly kind: 'take';
          readonly on: { readonly operation: 'create'; readonly entity: string };
          readonly amount: string;
          readonly target: { readonly entity: string; readonly field: string };
          readonly where: { readonly field: string; readonly value: string };
          readonly source: SourceLocation;
      };

export interface Connector {
    /** Stable id: `<kind>:<from>-><to>`. */
    readonly id: string;
    readonly kind: ConnectorKind;
    readonly from: string;
    readonly to: string;
    readonly doc?: string;
    /** Present on message_queue connectors. */
    readonly message?: MessageChannel;
    /** Call rules of an http connector, in model order (empty elsewhere). */
    readonly calls: readonly CallRule[];
    readonly source: SourceLocation;
}

// ---------------------------------------------------------------- helpers on the IR

export function isService(c: Component): c is ServiceComponent {
    return c.kind === 'backend' || c.kind === 'mqtp';
}

export function isDatabase(c: Component): c is DatabaseComponent {
    return c.kind === 'database';
}

export function isLoadBalancer(c: Component): c is LoadBalancerComponent {
    return c.kind === 'load_balancer';
}

export function isGateway(c: Component): c is GatewayComponent {
    return c.kind === 'api_gateway';
}

export function isFrontend(c: Component): c is FrontendComponent {
    return c.kind === 'frontend';
}

/**
 * All entities of the model, in model order. The list is computed once per
 * model (the generator asks for it per service and per file) and shared:
 * it is read-only.
 */
export function allEntities(model: ArchitectureModel): readonly Entity[] {
    return lookupsOf(model).entities;
}

/** Looks a component up by its model name (the first of that name), through an index built once per model. */
export function findComponent(model: ArchitectureModel, name: string): Component | undefined {
    return lookupsOf(model).byName.get(name);
}

/** The gateways of the model, in model order (listed once per model). */
export function gatewaysOf(model: ArchitectureModel): readonly GatewayComponent[] {
    return lookupsOf(model).gateways;
}

/** The message_queue connectors of a channel, in model order. */
export function connectorsOfChannel(model: ArchitectureModel, channel: string): readonly Connector[] {
    return lookupsOf(model).channels.get(channel) ?? [];
}

/** The connectors that start at a component, in model order (indexed once per model, like findComponent). */
export function connectorsFrom(model: ArchitectureModel, name: string): readonly Connector[] {
    return lookupsOf(model).from.get(name) ?? [];
}

/** The connectors that end at a component, in model order. */
export function connectorsTo(model: ArchitectureModel, name: string): readonly Connector[] {
    return lookupsOf(model).to.get(name) ?? [];
}

interface Lookups {
    readonly entities: readonly Entity[];
    readonly byName: ReadonlyMap<string, Component>;
    readonly from: ReadonlyMap<string, Connector[]>;
    readonly to: ReadonlyMap<string, Connector[]>;
    readonly gateways: readonly GatewayComponent[];
    readonly channels: ReadonlyMap<string, Connector[]>;
}

/**
 * `compute`, remembered per model: computed on first use and again only if
 * the model's component or connector list was replaced or grew since (the IR
 * is plain data, which a test may build up after a first lookup). For indexes
 * of a model, which turn a scan per question into one scan per model.
 */
export function perModel<T>(compute: (model: ArchitectureModel) => T): (model: ArchitectureModel) => T {
    const cache = new WeakMap<ArchitectureModel, { readonly components: readonly Component[]; readonly count: number; readonly connectors: readonly Connector[]; readonly connectorCount: number; readonly value: T }>();
    return model => {
        const cached = cache.get(model);
        if (cached && cached.components === model.components && cached.count === model.components.length
            && cached.connectors === model.connectors && cached.connectorCount === model.connectors.length) return cached.value;
        const value = compute(model);
        cache.set(model, { components: model.components, count: model.components.length, connectors: model.connectors, connectorCount: model.connectors.length, value });
        return value;
    };
}

/** The indexes of a model (see perModel). */
const lookupsOf = perModel((model: ArchitectureModel): Lookups => {
    const byName = new Map<string, Component>();
    for (const c of model.components) if (!byName.has(c.name)) byName.set(c.name, c);
    const from = new Map<string, Connector[]>();
    const to = new Map<string, Connector[]>();
    const channels = new Map<string, Connector[]>();
    for (const c of model.connectors) {
        (from.get(c.from) ?? from.set(c.from, []).get(c.from)!).push(c);
        (to.get(c.to) ?? to.set(c.to, []).get(c.to)!).push(c);
        if (c.message) (channels.get(c.message.channel) ?? channels.set(c.message.channel, []).get(c.message.channel)!).push(c);
    }
    return {
        entities: model.components.filter(isDatabase).flatMap(db => [...db.entities]),
        byName,
        from,
        to,
        gateways: model.components.filter(isGateway),
        channels
    };
});
export { words, snakeCase, kebabCase } from './naming.js';
