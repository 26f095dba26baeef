/**
 * The plan of a native run: what `run-local.sh up` starts, in which order,
 * with which environment. Computed here from the IR and the environment
 * contract; embedded as JSON in `run-local.mjs`, which only allocates ports,
 * resolves placeholders (tokens.ts) and runs processes.
 */
import {
    type ArchitectureModel,
    type Broker,
    type Component,
    type DatabaseComponent,
    findComponent,
    isDatabase,
    isService
} from '@archgen/model';
import { LISTEN_HOST_VAR, PORT_VAR, RABBITMQ_VARS, SERVICE_NAME_VAR, STATIC_ROOT_VAR, channelDelayVar, databaseVars } from '../../naming.js';
import { collectSecrets, compareStrings } from '../../secrets.js';
import type { SecretSpec } from '../../types.js';
import { environmentFor } from '../environment.js';
import { componentFolder } from '../layout.js';
import { CONTAINER_PORTS, containerPort, speaksMqtt } from '../ports.js';
import { LocalAddressBook } from './address-book.js';
import { startOrder } from './start-order.js';
import { HOST_TOKEN, INSTANCE_TOKEN, isPlacement, secretToken, tokenKinds } from './tokens.js';

/** The variable naming a replica among its siblings (services echo it, e.g. in X-Instance). */
export const INSTANCE_ID_VAR = 'INSTANCE_ID';

/** Per-process variables: set by the runner for each replica, never taken from the environment of `up`. */
export const PER_PROCESS_VARS: readonly string[] = [PORT_VAR, SERVICE_NAME_VAR, LISTEN_HOST_VAR, INSTANCE_ID_VAR, STATIC_ROOT_VAR];

export interface PlanVar {
    readonly name: string;
    /** The value, with placeholders. */
    readonly value: string;
}

interface UnitBase {
    /** Unique among units; a component's service name, or the server's. */
    readonly id: string;
    readonly replicas: number;
    /** The ports each replica listens on: container ports, or named internal ones. */
    readonly ports: readonly (number | string)[];
    /** Units that must be healthy before this one starts. */
    readonly after: readonly string[];
}

export interface PlanDatabase {
    readonly component: string;
    readonly serviceName: string;
    /** The database name, and the variable that may override it. */
    readonly name: string;
    readonly nameVar: string;
    /** Placeholders of its user and password. */
    readonly user: string;
    readonly password: string;
    /** Loaded once, when the database is created. */
    readonly schema: string;
}

export interface PostgresUnit extends UnitBase {
    readonly kind: 'postgres';
    readonly databases: readonly PlanDatabase[];
}

export interface RabbitmqUnit extends UnitBase {
    readonly kind: 'rabbitmq';
    readonly broker: string;
    readonly mqtt: boolean;
    readonly user: string;
    readonly password: string;
    readonly channels: readonly string[];
}

export interface MosquittoUnit extends UnitBase {
    readonly kind: 'mosquitto';
    readonly broker: string;
    readonly channels: readonly string[];
}

/** A generated Node service (backend, mqtp) or an nginx-based component (frontend, gateway, load balancer). */
export interface ComponentUnit extends UnitBase {
    readonly kind: 'service' | 'nginx';
    /** The component's name in the model and its kind. */
    readonly component: string;
    readonly componentKind: Component['kind'];
    /** Its folder in the output (`services/users`, `gateways/shop-gw`). */
    readonly folder: string;
    /** Services: the built entry point, relative to the output folder. */
    readonly main?: string;
    /** The HTTP path polled until it answers 2xx. */
    readonly health: string;
    readonly public: boolean;
    /** The environment of each replica, in contract order, then the runner's own variables. */
    readonly env: readonly PlanVar[];
}

export type PlanUnit = PostgresUnit | RabbitmqUnit | MosquittoUnit | ComponentUnit;

export interface PlanSecret {
    readonly name: string;
    readonly kind: SecretSpec['kind'];
    readonly description: string;
    /** A username's value when neither the environment nor .env has one. */
    readonly suggested?: string;
}

export interface PlanSetting {
    readonly name: string;
    readonly default: string;
    readonly description: string;
}

export interface LocalPlan {
    readonly format: 1;
    readonly model: string;
    readonly project: string;
    /** The servers and tools `up` needs. */
    readonly requires: {
        readonly postgres: boolean;
        readonly nginx: boolean;
        readonly rabbitmq: boolean;
        readonly mosquitto: boolean;
        readonly npm: boolean;
    };
    /** What a native run cannot start, one sentence each; `up` refuses when not empty. */
    readonly unsupported: readonly string[];
    readonly secrets: readonly PlanSecret[];
    readonly settings: readonly PlanSetting[];
    /** Variables with a fixed value that the environment of `up` may replace, sorted. */
    readonly overridable: readonly string[];
    /** In start order. */
    readonly units: readonly PlanUnit[];
    readonly waves: readonly (readonly string[])[];
    /** The unit whose first replica is the public URL. */
    readonly entry: string | null;
    /** Start-up dependencies left out because they close a cycle: `[unit, dependency]`. */
    readonly droppedDependencies: readonly (readonly [string, string])[];
}

const SERVICE_HEALTH = '/ready';
const NGINX_HEALTH = '/health';

/** Computes the plan of a native run of `model`. */
export function localPlan(model: ArchitectureModel): LocalPlan {
    const taken = new Set<string>(model.components.map(c => c.serviceName));
    const postgresId = freeId('postgres', taken);
    const brokerIds = new Map(model.brokers.map(b => [b.name, taken.has(b.name) ? freeId(b.name, taken) : (taken.add(b.name), b.name)]));
    const book = new LocalAddressBook(model, postgresId, brokerIds);

    const databases = model.components.filter(isDatabase);
    const postgres = databases.filter(db => db.engine === 'postgres');
    const running = model.components.filter(c => !isDatabase(c));
    const unsupported = databases
        .filter(db => db.engine !== 'postgres')
        .map(db => `Database '${db.name}' uses ${db.engine === 'mysql' ? 'MySQL' : db.engine}, which run-local.sh does not start: use docker compose.`);

    const drafts: (Omit<PostgresUnit, 'after'> | Omit<RabbitmqUnit, 'after'> | Omit<MosquittoUnit, 'after'> | Omit<ComponentUnit, 'after'>)[] = [];
    const wants = new Map<string, string[]>();
    if (postgres.length > 0) {
        drafts.push({ id: postgresId, kind: 'postgres', replicas: 1, ports: [CONTAINER_PORTS.postgres], databases: postgres.map(planDatabase) });
        wants.set(postgresId, []);
    }
    for (const broker of model.brokers) {
        const id = brokerIds.get(broker.name)!;
        drafts.push(brokerUnit(id, broker));
        wants.set(id, []);
    }
    for (const component of running) {
        drafts.push(componentUnit(model, component, book));
        wants.set(component.serviceName, [
            ...component.dependsOn.map(name => unitOfDependency(model, name, postgresId)).filter((id): id is string => id !== undefined),
            ...component.brokers.map(name => brokerIds.get(name)).filter((id): id is string => id !== undefined)
        ]);
    }

    const order = startOrder(drafts.map(d => ({ id: d.id, wants: wants.get(d.id)! })));
    const position = new Map(order.waves.flat().map((id, i) => [id, i]));
    const units = drafts
        .map(d => ({ ...d, after: order.after.get(d.id)! }) as PlanUnit)
        .sort((a, b) => position.get(a.id)! - position.get(b.id)!);

    const entryComponent = running.find(c => c.exposure.public) ?? running[0];
    const componentUnits = units.filter((u): u is ComponentUnit => u.kind === 'service' || u.kind === 'nginx');
    return {
        format: 1,
        model: model.name,
        project: model.projectName,
        requires: {
            postgres: postgres.length > 0,
            nginx: componentUnits.some(u => u.kind === 'nginx'),
            rabbitmq: model.brokers.some(b => b.engine === 'rabbitmq'),
            mosquitto: model.brokers.some(b => b.engine === 'mosquitto'),
            npm: componentUnits.some(u => u.kind === 'service')
        },
        unsupported,
        secrets: planSecrets(model, units),
        settings: planSettings(model, book),
        overridable: overridableVars(componentUnits),
        units,
        waves: order.waves,
        entry: entryComponent?.serviceName ?? null,
        droppedDependencies: order.dropped
    };
}

function freeId(wanted: string, taken: Set<string>): string {
    let id = wanted;
    for (let n = 2; taken.has(id); n++) id = `${wanted}-${n}`;
    taken.add(id);
    return id;
}

function unitOfDependency(model: ArchitectureModel, name: string, postgresId: string): string | undefined {
    const dep = findComponent(model, name);
    if (!dep) return undefined;
    if (isDatabase(dep)) return dep.engine === 'postgres' ? postgresId : undefined;
    return dep.serviceName;
}

function planDatabase(db: DatabaseComponent): PlanDatabase {
    const vars = databaseVars(db.serviceName);
    return {
        component: db.name,
        serviceName: db.serviceName,
        name: db.databaseName,
        nameVar: vars.database,
        user: secretToken(vars.user),
        password: secretToken(vars.password),
        schema: `${componentFolder(db)}/schema.sql`
    };
}

function brokerUnit(id: string, broker: Broker): Omit<RabbitmqUnit, 'after'> | Omit<MosquittoUnit, 'after'> {
    if (broker.engine === 'mosquitto') {
        return { id, kind: 'mosquitto', replicas: 1, ports: [CONTAINER_PORTS.mqtt], broker: broker.name, channels: broker.channels };
    }
    const mqtt = speaksMqtt(broker);
    return {
        id,
        kind: 'rabbitmq',
        replicas: 1,
        ports: [CONTAINER_PORTS.amqp, ...(mqtt ? [CONTAINER_PORTS.mqtt] : []), 'dist', 'epmd'],
        broker: broker.name,
        mqtt,
        user: secretToken(RABBITMQ_VARS.user),
        password: secretToken(RABBITMQ_VARS.password),
        channels: broker.channels
    };
}

function componentUnit(model: ArchitectureModel, component: Component, book: LocalAddressBook): Omit<ComponentUnit, 'after'> {
    const env = environmentFor(model, component, book).map(v => ({ name: v.name, value: v.value }));
    const service = isService(component);
    if (service) {
        // Services listen where nginx components do: on 127.0.0.1 only, and name their instance.
        for (const extra of [{ name: LISTEN_HOST_VAR, value: HOST_TOKEN }, { name: INSTANCE_ID_VAR, value: INSTANCE_TOKEN }]) {
            if (!env.some(v => v.name === extra.name)) env.push(extra);
        }
    }
    const folder = componentFolder(component);
    return {
        id: component.serviceName,
        kind: service ? 'service' : 'nginx',
        component: component.name,
        componentKind: component.kind,
        replicas: component.replicas,
        ports: [containerPort(component)],
        folder,
        ...(service ? { main: `${folder}/dist/main.js` } : {}),
        health: service ? SERVICE_HEALTH : NGINX_HEALTH,
        public: component.exposure.public,
        env
    };
}

/** Every secret a placeholder names, described as in `.env`. */
function planSecrets(model: ArchitectureModel, units: readonly PlanUnit[]): PlanSecret[] {
    const known = new Map(collectSecrets(model).map(s => [s.name, s]));
    const named = new Set<string>();
    const scan = (value: string): void => {
        for (const m of value.matchAll(/@\{secret:([^}]+)\}/g)) named.add(m[1]!);
    };
    for (const unit of units) {
        if (unit.kind === 'postgres') for (const db of unit.databases) [db.user, db.password].forEach(scan);
        else if (unit.kind === 'rabbitmq') [unit.user, unit.password].forEach(scan);
        else if (unit.kind === 'service' || unit.kind === 'nginx') for (const v of unit.env) scan(v.value);
    }
    return [...named].sort(compareStrings).map(name => {
        const spec = known.get(name);
        return {
            name,
            kind: spec?.kind ?? 'password',
            description: spec?.description ?? `Secret ${name}.`,
            ...(spec?.suggested !== undefined ? { suggested: spec.suggested } : {})
        };
    });
}

function planSettings(model: ArchitectureModel, book: LocalAddressBook): PlanSetting[] {
    const channels = new Map<string, string>();
    for (const service of model.components.filter(isService)) {
        for (const channel of service.consumes) channels.set(channelDelayVar(channel), channel);
    }
    return book
        .settings()
        .map(s => ({
            name: s.name,
            default: s.defaultValue,
            description: channels.has(s.name)
                ? `Milliseconds a consumer of '${channels.get(s.name)}' waits before processing a message.`
                : `Setting ${s.name}.`
        }))
        .sort((a, b) => compareStrings(a.name, b.name));
}

/**
 * Variables whose value is fixed by the model (no placeholder, not per
 * process): the environment of `up` may replace them. Secrets and settings
 * are overridden by their own names, which reach every variable that uses them.
 */
function overridableVars(units: readonly ComponentUnit[]): string[] {
    const names = new Set<string>();
    for (const unit of units) {
        for (const v of unit.env) {
            if (PER_PROCESS_VARS.includes(v.name) || isPlacement(v.value) || tokenKinds(v.value).length > 0) continue;
            names.add(v.name);
        }
    }
    return [...names].sort(compareStrings);
}
