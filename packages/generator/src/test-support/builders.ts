/** Small builders for hand-written IR fixtures. Defaults mirror what the language package applies. */
import type {
    Broker,
    Connector,
    DatabaseComponent,
    Entity,
    Exposure,
    Field,
    FieldReference,
    FieldType,
    FrontendComponent,
    GatewayComponent,
    LoadBalancerComponent,
    MessageChannel,
    ServiceComponent,
    SourceLocation,
    Zone
} from '@archgen/model';

export const ECOMMERCE_URI = 'file:///home/student/models/ecommerce.arch';

export function at(line: number, uri: string = ECOMMERCE_URI): SourceLocation {
    return { uri, range: { start: { line, character: 4 }, end: { line, character: 40 } } };
}

const PRIVATE: Exposure = { public: false, implicit: false };

export function publicOn(port: number, implicit = false): Exposure {
    return { public: true, port, implicit };
}

const serviceName = (name: string): string => name.toLowerCase().replace(/[^a-z0-9-]/g, '-');

interface Common {
    readonly replicas?: number;
    readonly exposure?: Exposure;
    readonly zones?: readonly Zone[];
    readonly dependsOn?: readonly string[];
    readonly brokers?: readonly string[];
    readonly line?: number;
    readonly uri?: string;
}

function base(name: string, o: Common) {
    return {
        name,
        serviceName: serviceName(name),
        replicas: o.replicas ?? 1,
        exposure: o.exposure ?? PRIVATE,
        zones: o.zones ?? ['app'],
        dependsOn: o.dependsOn ?? [],
        brokers: o.brokers ?? [],
        source: at(o.line ?? 0, o.uri)
    };
}

export function loadBalancer(name: string, targets: readonly string[], o: Common = {}): LoadBalancerComponent {
    return {
        ...base(name, { dependsOn: targets, ...o }),
        kind: 'load_balancer',
        strategy: 'round_robin',
        targets,
        health: { path: '/health', intervalMs: 5000, maxFails: 3, failTimeoutMs: 10000 }
    };
}

export function frontend(name: string, apis: readonly string[], o: Common = {}): FrontendComponent {
    return { ...base(name, { dependsOn: apis, ...o }), kind: 'frontend', apis };
}

export function gateway(name: string, extra: Partial<GatewayComponent>, o: Common = {}): GatewayComponent {
    return {
        ...base(name, o),
        kind: 'api_gateway',
        routes: [],
        publicRoutes: [],
        restrictions: [],
        rateLimit: { requests: 10, per: 'second', burst: 20 },
        corsOrigins: [],
        maxBodySize: '1m',
        ...extra
    };
}

export function service(name: string, extra: Partial<ServiceComponent> & Common = {}): ServiceComponent {
    return {
        ...base(name, { zones: ['app', 'data'], ...extra }),
        kind: extra.kind ?? 'backend',
        databases: extra.databases ?? [],
        entities: extra.entities ?? [],
        calls: extra.calls ?? [],
        publishes: extra.publishes ?? [],
        consumes: extra.consumes ?? [],
        issuesTokens: extra.issuesTokens ?? false
    };
}

export function database(name: string, owners: readonly string[], entities: readonly Entity[], o: Common & { engine?: 'postgres' | 'mysql' } = {}): DatabaseComponent {
    return {
        ...base(name, { zones: ['data'], ...o }),
        kind: 'database',
        engine: o.engine ?? 'postgres',
        databaseName: name.toLowerCase().replace(/[^a-z0-9]+/g, '_'),
        entities,
        owners
    };
}

const snake = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

export function field(name: string, type: FieldType, o: Partial<Omit<Field, 'name' | 'type'>> & { line?: number } = {}): Field {
    const { line, ...rest } = o;
    return {
        name,
        column: snake(name),
        type,
        primaryKey: false,
        required: false,
        unique: false,
        indexed: false,
        generated: false,
        source: at(line ?? 0),
        ...rest
    };
}

/** `id serial primary key`. */
export function serialId(line = 0): Field {
    return field('id', { name: 'serial' }, { primaryKey: true, required: true, generated: true, line });
}

export function ref(entity: string, table: string, db: string, foreignKey: boolean, column = 'id'): FieldReference {
    return { entity, table, column, database: db, foreignKey };
}

export function entity(name: string, table: string, db: string, owner: string, fields: readonly Field[], line = 0): Entity {
    const kebab = table.replace(/_/g, '-');
    return {
        name,
        database: db,
        owner,
        table,
        resource: kebab,
        fields,
        primaryKey: fields.filter(f => f.primaryKey).map(f => f.name),
        source: at(line)
    };
}

export function httpConnector(from: string, to: string, line = 0): Connector {
    return { id: `http:${from}->${to}`, kind: 'http', from, to, calls: [], source: at(line) };
}

export function dbConnector(from: string, to: string, line = 0): Connector {
    return { id: `db_connector:${from}->${to}`, kind: 'db_connector', from, to, calls: [], source: at(line) };
}

export function queueConnector(from: string, to: string, message: MessageChannel, line = 0): Connector {
    return { id: `message_queue:${from}->${to}`, kind: 'message_queue', from, to, message, calls: [], source: at(line) };
}

export function rabbitmq(channels: readonly string[], mqtt: boolean): Broker {
    return { name: 'rabbitmq', engine: 'rabbitmq', protocols: mqtt ? ['amqp', 'mqtt'] : ['amqp'], channels };
}
