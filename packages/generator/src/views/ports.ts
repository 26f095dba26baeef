import type { Broker, Component, DatabaseComponent } from '@archgen/model';

/** The port each kind of container listens on. Fixed inside containers; only public components publish a host port. */
export const CONTAINER_PORTS = {
    /** Generated backend and mqtp services (Node). */
    service: 3000,
    /** nginx-based components: frontends, gateways, load balancers. */
    nginx: 8080,
    postgres: 5432,
    mysql: 3306,
    amqp: 5672,
    mqtt: 1883
} as const;

export function containerPort(component: Component): number {
    switch (component.kind) {
        case 'backend':
        case 'mqtp':
            return CONTAINER_PORTS.service;
        case 'database':
            return databasePort(component);
        case 'frontend':
        case 'api_gateway':
        case 'load_balancer':
            return CONTAINER_PORTS.nginx;
    }
}

export function databasePort(db: DatabaseComponent): number {
    return db.engine === 'mysql' ? CONTAINER_PORTS.mysql : CONTAINER_PORTS.postgres;
}

/** True when the broker speaks MQTT (Mosquitto always, RabbitMQ with its MQTT plugin). */
export function speaksMqtt(broker: Broker): boolean {
    return broker.engine === 'mosquitto' || broker.protocols.includes('mqtt');
}
