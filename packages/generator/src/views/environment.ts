/**
 * The environment contract: the variables every generated component reads.
 *
 * The compose file sets exactly these; the generated services, the nginx
 * templates and a native `run-local.sh` read exactly these. Only host names
 * and ports change between compose and a native run, through the AddressBook.
 *
 * Container ports (see ports.ts): services 3000, nginx-based components 8080,
 * postgres 5432, mysql 3306, rabbitmq 5672 (mqtt plugin 1883), mosquitto 1883.
 *
 * Every service (backend, mqtp) and nginx-based component (frontend, gateway,
 * load balancer):
 *   PORT                  the port it listens on (3000 or 8080 in a container)
 *   SERVICE_NAME          its name in the model
 * Every service and nginx-based component:
 *   LISTEN_HOST           the address it listens on (0.0.0.0 in a container; 127.0.0.1 natively)
 * Every service, optional (compose leaves it unset):
 *   INSTANCE_ID           names the replica in its logs and X-Instance header (default `<hostname>:<PORT>`)
 * Per database D it uses through a db_connector, KEY = UPPER_SNAKE(D.serviceName):
 *   KEY_HOST, KEY_PORT, KEY_DATABASE
 *   KEY_USER              ${KEY_USER}       from .env
 *   KEY_PASSWORD          ${KEY_PASSWORD}   from .env
 * Per broker it publishes to or consumes from:
 *   rabbitmq:  RABBITMQ_HOST, RABBITMQ_PORT (5672),
 *              RABBITMQ_USER ${RABBITMQ_USER}, RABBITMQ_PASSWORD ${RABBITMQ_PASSWORD};
 *              with the MQTT plugin also MQTT_HOST, MQTT_PORT (1883),
 *              MQTT_USER ${RABBITMQ_USER}, MQTT_PASSWORD ${RABBITMQ_PASSWORD}
 *   mosquitto: MQTT_HOST, MQTT_PORT (1883)
 * Per component T it calls over http (its dependsOn minus databases), KEY = UPPER_SNAKE(T.serviceName):
 *   KEY_HOST, KEY_PORT, KEY_URL (http://<host>:<port>, no trailing slash)
 *   KEY_SERVERS           gateways and load balancers only: the body of an nginx upstream over every
 *                         instance of T, `server <host>:<port>[ max_fails=<n> fail_timeout=<t>];` repeated
 *                         on one line (compose: the service name once, Docker's DNS answers every replica;
 *                         natively one `server` per replica). Load balancers add their passive health.
 * The service that issues tokens (issuesTokens):
 *   JWT_SECRET            ${JWT_SECRET}     from .env
 *   JWT_TTL_SECONDS       the issuing gateway's token lifetime
 * A consumer, per channel C it consumes (`payments.requested` -> PAYMENTS_REQUESTED):
 *   C_DELAY_MS            ${C_DELAY_MS:-<message.delayMs>}, overridable from .env
 * A frontend:
 *   STATIC_ROOT           the folder of its static files (/usr/share/nginx/html in its image; natively
 *                         the absolute path of frontends/<serviceName>/public)
 *
 * Variables appear in that order; a name already set is not repeated.
 *
 * Besides variables, the compose file relies on:
 *   - every service and nginx-based component answering `GET /health` with 2xx on its PORT; services also
 *     answer `GET /ready` (2xx once their database answers and their brokers are connected), which their
 *     compose healthcheck probes; services answer other services (call rules, through KEY_URL) on
 *     `/api/<resource>/:id` and on `/internal/...`, which no gateway routes;
 *   - services built with the output folder as context and ./services/<serviceName>/Dockerfile (the output
 *     is one npm workspace: runtime/ and services/*), frontends from ./frontends/<serviceName>/;
 *   - gateways and load balancers running nginx:1.27-alpine with ./gateways/<serviceName>/ or
 *     ./load-balancers/<serviceName>/ mounted at /etc/nginx/templates: the image renders each `*.template`
 *     there with envsubst (only these variables) into /etc/nginx/conf.d (`default.conf.template` replaces
 *     the stock server); frontends do the same from their image. Each template is a conf.d file (http
 *     context) that reads hosts and ports only through `${NAME}` of these variables, so a native run renders
 *     it the same way (views/nginx/native.ts) and includes it in its own `http {}`;
 *   - each database loading ./databases/<serviceName>/schema.sql on its first start.
 */
import {
    type ArchitectureModel,
    type Broker,
    type Component,
    type ServiceComponent,
    connectorsOfChannel,
    findComponent,
    isDatabase,
    isFrontend,
    isGateway,
    isLoadBalancer,
    isService
} from '@archgen/model';
import { channelConnectorsTo, gatewayOfIssuer } from '../model-index.js';
import {
    JWT_SECRET_VAR,
    JWT_TTL_VAR,
    LISTEN_HOST_VAR,
    MQTT_VARS,
    PORT_VAR,
    RABBITMQ_VARS,
    SERVICE_NAME_VAR,
    STATIC_ROOT_VAR,
    channelDelayVar,
    databaseVars,
    httpTargetVars,
    interpolation,
    interpolationWithDefault
} from '../naming.js';
import { upstreamServers } from './nginx/syntax.js';
import { CONTAINER_PORTS, containerPort, databasePort, speaksMqtt } from './ports.js';

export interface EnvVar {
    readonly name: string;
    readonly value: string;
}

/** Where components are reached and how secrets and settings are written. */
export interface AddressBook {
    host(serviceName: string): string;
    /** A number, or a placeholder a native runner resolves when it has allocated the port (run-local). */
    port(serviceName: string, containerPort: number): number | string;
    /** A secret's value as it must appear (compose: `${NAME}`). */
    secret(name: string): string;
    /** A tunable with a default (compose: `${NAME:-default}`). */
    setting(name: string, defaultValue: string): string;
    /**
     * Every instance of a component as `host:port`, for nginx upstreams. Default: the one
     * `host:port` above (compose: Docker's DNS resolves the service name to every replica).
     */
    replicas?(serviceName: string, containerPort: number): string[];
    /** The address a service or nginx-based component listens on. Default `0.0.0.0`. */
    listenHost?(serviceName: string): string;
    /** The folder of a frontend's static files. Default `/usr/share/nginx/html`, where its image has them. */
    staticRoot?(serviceName: string): string;
}

/** Where the frontend image copies `public/`. */
export const NGINX_STATIC_ROOT = '/usr/share/nginx/html';

/** Inside compose: service names resolve on the compose networks, ports are the container ports. */
export const composeAddresses: AddressBook = {
    host: serviceName => serviceName,
    port: (_serviceName, port) => port,
    secret: interpolation,
    setting: interpolationWithDefault
};

/** The environment of a generated component; databases have none (their image reads its own variables). */
export function environmentFor(model: ArchitectureModel, component: Component, book: AddressBook = composeAddresses): EnvVar[] {
    if (isDatabase(component)) return [];
    const env = new EnvList();
    env.add(PORT_VAR, String(book.port(component.serviceName, containerPort(component))));
    env.add(SERVICE_NAME_VAR, component.name);
    const listens = isService(component) || isFrontend(component) || isGateway(component) || isLoadBalancer(component);
    if (listens) env.add(LISTEN_HOST_VAR, book.listenHost?.(component.serviceName) ?? '0.0.0.0');
    if (isService(component)) addDatabases(env, model, component, book);
    for (const brokerName of component.brokers) {
        const broker = model.brokers.find(b => b.name === brokerName);
        if (broker) addBroker(env, broker, book);
    }
    for (const target of httpTargets(model, component)) {
        const vars = httpTargetVars(target.serviceName);
        const host = book.host(target.serviceName);
        const port = book.port(target.serviceName, containerPort(target));
        env.add(vars.host, host);
        env.add(vars.port, String(port));
        // A service's calls (run-local: one URL per replica, taken in turn; compose: Docker's DNS spreads them).
        const replicas = isService(component) ? book.replicas?.(target.serviceName, containerPort(target)) : undefined;
        env.add(vars.url, replicas && replicas.length > 1 ? replicas.map(r => `http://${r}`).join(',') : `http://${host}:${port}`);
        if (isGateway(component) || isLoadBalancer(component)) {
            const instances = book.replicas?.(target.serviceName, containerPort(target)) ?? [`${host}:${port}`];
            env.add(vars.servers, upstreamServers(instances, isLoadBalancer(component) ? component.health : undefined));
        }
    }
    if (isService(component)) {
        addTokenIssuer(env, model, component, book);
        addConsumerDelays(env, model, component, book);
    }
    if (isFrontend(component)) env.add(STATIC_ROOT_VAR, book.staticRoot?.(component.serviceName) ?? NGINX_STATIC_ROOT);
    return env.list();
}

/** The components a component calls over http: its dependencies that are not databases. */
export function httpTargets(model: ArchitectureModel, component: Component): Component[] {
    return component.dependsOn
        .map(name => findComponent(model, name))
        .filter((c): c is Component => c !== undefined && !isDatabase(c));
}

function addDatabases(env: EnvList, model: ArchitectureModel, service: ServiceComponent, book: AddressBook): void {
    for (const name of service.databases) {
        const db = findComponent(model, name);
        if (!db || !isDatabase(db)) continue;
        const vars = databaseVars(db.serviceName);
        env.add(vars.host, book.host(db.serviceName));
        env.add(vars.port, String(book.port(db.serviceName, databasePort(db))));
        env.add(vars.database, db.databaseName);
        env.add(vars.user, book.secret(vars.user));
        env.add(vars.password, book.secret(vars.password));
    }
}

function addBroker(env: EnvList, broker: Broker, book: AddressBook): void {
    const host = book.host(broker.name);
    const mqttPort = String(book.port(broker.name, CONTAINER_PORTS.mqtt));
    if (broker.engine === 'rabbitmq') {
        env.add(RABBITMQ_VARS.host, host);
        env.add(RABBITMQ_VARS.port, String(book.port(broker.name, CONTAINER_PORTS.amqp)));
        env.add(RABBITMQ_VARS.user, book.secret(RABBITMQ_VARS.user));
        env.add(RABBITMQ_VARS.password, book.secret(RABBITMQ_VARS.password));
        if (speaksMqtt(broker)) {
            env.add(MQTT_VARS.host, host);
            env.add(MQTT_VARS.port, mqttPort);
            env.add(MQTT_VARS.user, book.secret(RABBITMQ_VARS.user));
            env.add(MQTT_VARS.password, book.secret(RABBITMQ_VARS.password));
        }
    } else {
        env.add(MQTT_VARS.host, host);
        env.add(MQTT_VARS.port, mqttPort);
    }
}

function addTokenIssuer(env: EnvList, model: ArchitectureModel, service: ServiceComponent, book: AddressBook): void {
    if (!service.issuesTokens) return;
    env.add(JWT_SECRET_VAR, book.secret(JWT_SECRET_VAR));
    const auth = gatewayOfIssuer(model, service.name)?.auth;
    if (auth) env.add(JWT_TTL_VAR, String(auth.tokenTtlSeconds));
}

function addConsumerDelays(env: EnvList, model: ArchitectureModel, service: ServiceComponent, book: AddressBook): void {
    for (const channel of service.consumes) {
        const name = channelDelayVar(channel);
        env.add(name, book.setting(name, String(consumerDelayMs(model, service, channel))));
    }
}

/** The delay the model declares for a consumer of a channel (0 when none). */
export function consumerDelayMs(model: ArchitectureModel, service: ServiceComponent, channel: string): number {
    const own = channelConnectorsTo(model, service.name, channel)[0] ?? connectorsOfChannel(model, channel)[0];
    return own?.message?.delayMs ?? 0;
}

class EnvList {
    private readonly vars = new Map<string, string>();
    add(name: string, value: string): void {
        if (!this.vars.has(name)) this.vars.set(name, value);
    }
    list(): EnvVar[] {
        return [...this.vars].map(([name, value]) => ({ name, value }));
    }
}
