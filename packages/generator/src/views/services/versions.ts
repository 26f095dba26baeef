/** The npm packages the generated workspace depends on, with their ranges. One place to raise them. */
export interface Dependency {
    readonly name: string;
    readonly version: string;
}

export const DEPENDENCIES: readonly Dependency[] = [
    { name: 'fastify', version: '^5.2.0' },
    { name: 'pg', version: '^8.13.0' }
];

export const DEV_DEPENDENCIES: readonly Dependency[] = [
    { name: '@types/node', version: '^20.19.0' },
    { name: '@types/pg', version: '^8.11.0' },
    { name: 'typescript', version: '~5.9.3' }
];

/** Only when a channel speaks AMQP (RabbitMQ). */
export const AMQP_DEPENDENCY: Dependency = { name: 'amqplib', version: '^0.10.9' };
export const AMQP_DEV_DEPENDENCY: Dependency = { name: '@types/amqplib', version: '^0.10.8' };
/** Only when a channel speaks MQTT (Mosquitto, or RabbitMQ's MQTT plugin); ships its own types. */
export const MQTT_DEPENDENCY: Dependency = { name: 'mqtt', version: '^5.16.0' };

/** The image services are built and run on. */
export const NODE_IMAGE = 'node:20-alpine';
