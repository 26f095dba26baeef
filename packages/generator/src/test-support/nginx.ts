/** IR fixtures for the nginx views: balancers with several targets, gateways routing through them. */
import type { ArchitectureModel, GatewayRoute } from '@archgen/model';
import { at, frontend, gateway, httpConnector, loadBalancer, publicOn, service } from './builders.js';

const URI = 'file:///tmp/models/seed.arch';

const route = (prefix: string, svc: string, via: string, line: number): GatewayRoute =>
    ({ prefix, service: svc, via, implicit: true, source: at(line, URI) });

/**
 * The arch.tx seed shape: frontend -> gateway (no auth) -> load balancer ->
 * two backends; the gateway's routes go through the balancer.
 */
export const seedDialectModel: ArchitectureModel = {
    name: 'seed',
    projectName: 'seed',
    source: at(0, URI),
    components: [
        frontend('web', ['gw'], { exposure: publicOn(8080, true), zones: ['edge', 'app'], line: 1, uri: URI }),
        gateway('gw', {
            routes: [route('/api/a', 'be_a', 'lb', 2), route('/api/b', 'be_b', 'lb', 2), route('/api/b/special', 'be_a', 'lb', 2)],
            rateLimit: { requests: 100, per: 'minute', burst: 5 },
            corsOrigins: ['*'],
            maxBodySize: '512k'
        }, { dependsOn: ['lb'], line: 2, uri: URI }),
        { ...loadBalancer('lb', ['be_a', 'be_b'], { line: 3, uri: URI }), strategy: 'least_connections' },
        service('be_a', { replicas: 2, line: 4, uri: URI }),
        service('be_b', { line: 5, uri: URI })
    ],
    connectors: [
        httpConnector('web', 'gw'),
        httpConnector('gw', 'lb'),
        httpConnector('lb', 'be_a'),
        httpConnector('lb', 'be_b')
    ],
    brokers: []
};

/** A public balancer in front of a frontend and a gateway (ip_hash): the frontend takes `/`. */
export const frontAndGatewayModel: ArchitectureModel = {
    name: 'front',
    projectName: 'front',
    source: at(0, URI),
    components: [
        { ...loadBalancer('edge', ['site', 'api_gw'], { exposure: publicOn(80), zones: ['edge', 'app'] }), strategy: 'ip_hash' },
        frontend('site', []),
        gateway('api_gw', { routes: [route('/api/x', 'x', 'x', 9)] }, { dependsOn: ['x'] }),
        service('x')
    ],
    connectors: [httpConnector('edge', 'site'), httpConnector('edge', 'api_gw'), httpConnector('api_gw', 'x')],
    brokers: []
};
