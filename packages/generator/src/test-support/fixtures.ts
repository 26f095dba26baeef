/** Hand-built IR fixtures: the generator's tests never parse a model. */
import type { ArchitectureModel, MessageChannel } from '@archgen/model';
import {
    at, database, dbConnector, entity, field, frontend, httpConnector, loadBalancer, publicOn, queueConnector, ref, serialId, service
} from './builders.js';

import { ecommerceModel } from './ecommerce.js';

export { ecommerceModel };

const MINIMAL_URI = 'file:///tmp/models/minimal.arch';

/** The arch.tx dialect with no detail: defaults everywhere, a database without entities. */
export const minimalModel: ArchitectureModel = {
    name: 'minimal',
    projectName: 'minimal',
    source: at(0, MINIMAL_URI),
    components: [
        frontend('web', ['api'], { line: 1, uri: MINIMAL_URI }),
        service('api', { databases: ['api_db'], dependsOn: ['api_db'], line: 2, uri: MINIMAL_URI }),
        database('api_db', ['api'], [], { line: 3, uri: MINIMAL_URI }),
        loadBalancer('lb', ['web'], { exposure: publicOn(8080, true), zones: ['edge', 'app'], line: 4, uri: MINIMAL_URI })
    ],
    connectors: [
        httpConnector('lb', 'web', 6),
        httpConnector('web', 'api', 7),
        dbConnector('api', 'api_db', 8)
    ],
    brokers: []
};

/** Departments and employees reference each other (a cycle), and employees themselves (mentors). */
export const cyclicModel: ArchitectureModel = {
    name: 'Staff',
    projectName: 'staff',
    source: at(0),
    components: [
        service('staff', { databases: ['staff_db'], entities: ['Department', 'Employee'], dependsOn: ['staff_db'], exposure: publicOn(9000), zones: ['edge', 'app', 'data'] }),
        database('staff_db', ['staff'], [
            entity('Department', 'departments', 'staff_db', 'staff', [
                serialId(),
                field('name', { name: 'string', length: 80 }, { required: true, unique: true }),
                field('managerId', { name: 'int' }, { references: ref('Employee', 'employees', 'staff_db', true) })
            ]),
            entity('Employee', 'employees', 'staff_db', 'staff', [
                serialId(),
                field('departmentId', { name: 'int' }, { required: true, references: ref('Department', 'departments', 'staff_db', true) }),
                field('mentorId', { name: 'int' }, { references: ref('Employee', 'employees', 'staff_db', true) })
            ])
        ])
    ],
    connectors: [dbConnector('staff', 'staff_db')],
    brokers: []
};

const changed: MessageChannel = {
    channel: 'catalog.changed',
    broker: 'mosquitto',
    engine: 'mosquitto',
    protocol: 'mqtt',
    payload: { fields: [field('itemId', { name: 'uuid' })] },
    delivery: 'at_least_once',
    delayMs: 250,
    actions: [{ kind: 'handler', name: 'notifySubscribers', source: at(30) }]
};

/** The other engines: a MySQL database and a Mosquitto broker. */
export const variantsModel: ArchitectureModel = {
    name: 'Catalog',
    projectName: 'catalog',
    source: at(0),
    components: [
        loadBalancer('edge_lb', ['catalog'], { exposure: publicOn(80), zones: ['edge', 'app'] }),
        service('catalog', { databases: ['catalog_db'], entities: ['Item'], publishes: ['catalog.changed'], dependsOn: ['catalog_db'], brokers: ['mosquitto'] }),
        service('notifier', { kind: 'mqtp', zones: ['data'], consumes: ['catalog.changed'], brokers: ['mosquitto'] }),
        database('catalog_db', ['catalog'], [
            entity('Item', 'items', 'catalog_db', 'catalog', [
                field('id', { name: 'uuid' }, { primaryKey: true, required: true, default: { kind: 'random_uuid' }, generated: true }),
                field('title', { name: 'string', length: 120 }, { required: true, indexed: true, min: 3, default: { kind: 'string', value: "O'Reilly \\ untitled" } }),
                field('notes', { name: 'text' }, { indexed: true, default: { kind: 'string', value: 'none' } }),
                field('kind', { name: 'enum', values: ['book', 'disc'] }, { required: true }),
                field('extra', { name: 'json' }),
                field('addedOn', { name: 'date' }, { default: { kind: 'now' } }),
                field('updatedAt', { name: 'timestamp' }, { default: { kind: 'now' } })
            ])
        ], { engine: 'mysql' })
    ],
    connectors: [
        httpConnector('edge_lb', 'catalog'),
        dbConnector('catalog', 'catalog_db'),
        queueConnector('catalog', 'notifier', changed)
    ],
    brokers: [{ name: 'mosquitto', engine: 'mosquitto', protocols: ['mqtt'], channels: ['catalog.changed'] }]
};

export const ALL_MODELS: Readonly<Record<string, ArchitectureModel>> = {
    ecommerce: ecommerceModel,
    minimal: minimalModel,
    cyclic: cyclicModel,
    variants: variantsModel
};
