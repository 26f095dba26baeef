import type { Broker } from '@archgen/model';
import { RABBITMQ_VARS, dataVolume, interpolation } from '../../naming.js';
import { IMAGES, brokerFolder } from '../layout.js';
import { speaksMqtt } from '../ports.js';
import { mosquittoHealthcheck, rabbitmqHealthcheck } from './healthchecks.js';
import type { ServiceDraft } from './service.js';

/** A broker service: on the data network only, its data in a named volume. */
export function brokerService(broker: Broker): ServiceDraft {
    const folder = `./${brokerFolder(broker.name)}`;
    const common = {
        name: broker.name,
        build: null,
        replicas: 1,
        ports: [],
        networks: ['data'],
        wants: []
    };
    if (broker.engine === 'mosquitto') {
        return {
            ...common,
            comment: `broker '${broker.name}' (Mosquitto, MQTT) for ${broker.channels.join(', ')}`,
            image: IMAGES.mosquitto,
            hostname: null,
            environment: [],
            volumes: [
                `${folder}/mosquitto.conf:/mosquitto/config/mosquitto.conf:ro`,
                `${dataVolume(broker.name)}:/mosquitto/data`
            ],
            healthcheck: mosquittoHealthcheck
        };
    }
    return {
        ...common,
        comment: `broker '${broker.name}' (RabbitMQ, ${broker.protocols.join(' + ')}) for ${broker.channels.join(', ')}`,
        image: IMAGES.rabbitmq,
        // RabbitMQ names its node, and its data, after the host name: keep it stable.
        hostname: broker.name,
        environment: [
            { name: 'RABBITMQ_DEFAULT_USER', value: interpolation(RABBITMQ_VARS.user) },
            { name: 'RABBITMQ_DEFAULT_PASS', value: interpolation(RABBITMQ_VARS.password) }
        ],
        volumes: [
            `${folder}/enabled_plugins:/etc/rabbitmq/enabled_plugins:ro`,
            `${dataVolume(broker.name)}:/var/lib/rabbitmq`
        ],
        healthcheck: rabbitmqHealthcheck
    };
}

/** The view of `brokers/<name>/enabled_plugins` (RabbitMQ). */
export interface RabbitPluginsView {
    readonly broker: string;
    readonly plugins: readonly string[];
}

export function rabbitPluginsView(broker: Broker): RabbitPluginsView {
    const plugins = ['rabbitmq_management', 'rabbitmq_prometheus'];
    if (speaksMqtt(broker)) plugins.push('rabbitmq_mqtt');
    return { broker: broker.name, plugins };
}

/** The view of `brokers/<name>/mosquitto.conf`. */
export interface MosquittoConfigView {
    readonly broker: string;
    readonly channels: readonly string[];
}

export function mosquittoConfigView(broker: Broker): MosquittoConfigView {
    return { broker: broker.name, channels: broker.channels };
}
