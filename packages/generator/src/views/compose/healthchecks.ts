import { CONTAINER_PORTS } from '../ports.js';

/** A compose healthcheck. `$$` keeps `$` away from compose interpolation, for the container's shell. */
export interface HealthcheckView {
    readonly test: readonly string[];
    readonly interval: string;
    readonly timeout: string;
    readonly retries: number;
    readonly startPeriod: string;
}

/** Generated Node services answer `GET /ready` once their database answers; Node has fetch, whatever the base image. */
export const serviceHealthcheck: HealthcheckView = {
    test: [
        'CMD', 'node', '-e',
        `fetch('http://127.0.0.1:${CONTAINER_PORTS.service}/ready').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))`
    ],
    interval: '10s',
    timeout: '5s',
    retries: 6,
    startPeriod: '20s'
};

/** nginx-based components answer `GET /health` on 8080 (busybox wget is in the alpine images). */
export const nginxHealthcheck: HealthcheckView = {
    test: ['CMD', 'wget', '-q', '-O', '/dev/null', `http://127.0.0.1:${CONTAINER_PORTS.nginx}/health`],
    interval: '10s',
    timeout: '5s',
    retries: 6,
    startPeriod: '10s'
};

/** Over TCP, so the unix-socket-only server that runs the init scripts does not count as ready. */
export const postgresHealthcheck: HealthcheckView = {
    test: ['CMD-SHELL', 'pg_isready -h 127.0.0.1 -U "$${POSTGRES_USER}" -d "$${POSTGRES_DB}"'],
    interval: '5s',
    timeout: '5s',
    retries: 12,
    startPeriod: '10s'
};

export const mysqlHealthcheck: HealthcheckView = {
    test: ['CMD-SHELL', 'mysqladmin ping --silent -h 127.0.0.1 -u "$${MYSQL_USER}" -p"$${MYSQL_PASSWORD}"'],
    interval: '5s',
    timeout: '5s',
    retries: 20,
    startPeriod: '20s'
};

export const rabbitmqHealthcheck: HealthcheckView = {
    test: ['CMD', 'rabbitmq-diagnostics', '-q', 'ping'],
    interval: '10s',
    timeout: '10s',
    retries: 10,
    startPeriod: '30s'
};

export const mosquittoHealthcheck: HealthcheckView = {
    test: ['CMD', 'mosquitto_sub', '-h', '127.0.0.1', '-p', String(CONTAINER_PORTS.mqtt), '-t', '$$SYS/broker/uptime', '-C', '1', '-W', '5'],
    interval: '10s',
    timeout: '10s',
    retries: 6,
    startPeriod: '5s'
};
