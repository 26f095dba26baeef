import { type ArchitectureModel, type Zone, isDatabase } from '@archgen/model';
import { dataVolume } from '../../naming.js';
import { brokerService } from './brokers.js';
import { componentService } from './components.js';
import type { ComposeServiceView } from './service.js';
import { settleStartOrder } from './start-order.js';

export interface NetworkView {
    readonly name: Zone;
    /** No route to or from outside: the data network. */
    readonly internal: boolean;
}

/** The view of docker-compose.yml. */
export interface ComposeView {
    readonly projectName: string;
    /** Components in model order, then brokers. */
    readonly services: readonly ComposeServiceView[];
    /** Only the networks some service joins, in the order edge, app, data. */
    readonly networks: readonly NetworkView[];
    readonly volumes: readonly string[];
}

const ZONES: readonly Zone[] = ['edge', 'app', 'data'];

export function composeView(model: ArchitectureModel): ComposeView {
    const services = settleStartOrder([
        ...model.components.map(c => componentService(model, c)),
        ...model.brokers.map(brokerService)
    ]);
    const used = new Set(services.flatMap(s => s.networks));
    return {
        projectName: model.projectName,
        services,
        networks: ZONES.filter(z => used.has(z)).map(name => ({ name, internal: name === 'data' })),
        volumes: [
            ...model.components.filter(isDatabase).map(db => dataVolume(db.serviceName)),
            ...model.brokers.map(b => dataVolume(b.name))
        ]
    };
}
