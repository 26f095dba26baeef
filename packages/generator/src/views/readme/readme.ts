import {
    type ArchitectureModel, type Component, type GatewayComponent, type ServiceComponent,
    allEntities, findComponent, isDatabase, isGateway, isService
} from '@archgen/model';
import type { ManifestContext } from '../../engine/manifest.js';
import { environmentFor } from '../environment.js';
import { type KubernetesReadmeView, kubernetesReadmeView } from '../k8s/readme.js';
import { componentFolder } from '../layout.js';
import { localPlan } from '../local/plan.js';
import { type LocalNameExamples, localNameExamples } from '../local/run-local.js';
import { type HeaderView, headerView, sourceRef } from '../source.js';

/** One sentence per kind: what the component is in the generated system. */
const ROLES: Readonly<Record<Component['kind'], string>> = {
    frontend: 'Static pages (HTML, Bootstrap, fetch) served by nginx; calls go to the API under /api/.',
    backend: 'A Node.js (TypeScript, Fastify) service.',
    mqtp: 'A message-driven Node.js service: publishes and consumes through the broker.',
    database: 'A PostgreSQL database, schema loaded at first start.',
    load_balancer: 'nginx spreading requests over the instances of its targets.',
    api_gateway: 'nginx: routes, JWT verification, rate limits, CORS; the only way in to the services.'
};

/** Which targets wrote the folder the README describes. */
export interface ReadmeTargets {
    /** docker-compose.yml is there. */
    readonly compose: boolean;
    /** k8s/ and kustomization.yaml are there. */
    readonly kubernetes: boolean;
}

export interface ReadmeView {
    readonly header: HeaderView;
    readonly compose: boolean;
    /** How to build, apply, reach and scale it on Kubernetes; null without the manifests. */
    readonly kubernetes: KubernetesReadmeView | null;
    readonly title: string;
    readonly doc: string | null;
    readonly publicUrl: string | null;
    /** The diagram beside the README: the SVG when the caller rendered one; `diagram.mmd` is always there. */
    readonly architecture: { readonly image: string | null; readonly source: string };
    readonly components: readonly {
        readonly name: string; readonly service: string; readonly kind: string; readonly role: string;
        readonly replicas: number; readonly exposure: string; readonly folder: string; readonly source: string;
    }[];
    readonly connectors: readonly { readonly from: string; readonly to: string; readonly kind: string; readonly detail: string }[];
    readonly gateways: readonly {
        readonly name: string;
        readonly auth: string | null;
        readonly rateLimit: string;
        readonly routes: readonly { readonly prefix: string; readonly service: string; readonly via: string }[];
        readonly publicRoutes: readonly string[];
        readonly restrictions: readonly string[];
    }[];
    readonly resources: readonly { readonly service: string; readonly entity: string; readonly path: string }[];
    readonly hasAuth: boolean;
    readonly channels: readonly { readonly channel: string; readonly from: string; readonly to: string; readonly broker: string; readonly delay: string }[];
    readonly hasServices: boolean;
    readonly settings: readonly { readonly name: string; readonly default: string; readonly description: string }[];
    readonly overridable: readonly string[];
    readonly requires: string;
    /** Names for the run-local.sh stop / start / restart lines; null when there is no component to run. */
    readonly localNames: LocalNameExamples | null;
    readonly environment: readonly { readonly component: string; readonly vars: readonly { readonly name: string; readonly value: string }[] }[];
}

function exposure(c: Component): string {
    return c.exposure.public ? `public, port ${c.exposure.port}` : 'internal';
}

function gatewayView(g: GatewayComponent): ReadmeView['gateways'][number] {
    const rule = (methods: readonly string[], path: string) => `${methods.length > 0 ? methods.join(', ') : 'any method'} ${path}`;
    return {
        name: g.name,
        auth: g.auth ? `JWT issued by '${g.auth.issuer}' (roles: ${g.auth.roles.join(', ') || 'none'}; tokens last ${g.auth.tokenTtlSeconds} s)` : null,
        rateLimit: `${g.rateLimit.requests} requests per ${g.rateLimit.per} per client, bursts of ${g.rateLimit.burst}; beyond that 429`,
        routes: g.routes.map(r => ({ prefix: r.prefix, service: r.service, via: r.via === r.service ? 'direct' : r.via })),
        publicRoutes: g.publicRoutes.map(r => rule(r.methods, r.path)),
        restrictions: g.restrictions.map(r => `${rule(r.methods, r.path)}: ${r.roles.join(' or ')}`)
    };
}

export function readmeView(
    model: ArchitectureModel,
    context: ManifestContext = {},
    targets: ReadmeTargets = { compose: true, kubernetes: false }
): ReadmeView {
    const entry = model.components.find(c => c.exposure.public);
    const plan = localPlan(model);
    const requires = [
        'Node.js 20 or later',
        ...(plan.requires.postgres ? ['PostgreSQL 15 (`/usr/lib/postgresql/15/bin`, or set `ARCHGEN_PG_BIN`)'] : []),
        ...(plan.requires.nginx ? ['nginx'] : []),
        ...(plan.requires.rabbitmq ? ['RabbitMQ (`rabbitmq-server`)'] : []),
        ...(plan.requires.mosquitto ? ['Mosquitto'] : [])
    ];
    const services = model.components.filter(isService);
    return {
        header: headerView(model),
        compose: targets.compose,
        kubernetes: targets.kubernetes ? kubernetesReadmeView(model) : null,
        title: model.name,
        doc: model.doc ?? null,
        publicUrl: entry ? `http://localhost:${entry.exposure.port}/` : null,
        architecture: { image: context.diagram ? 'diagram.svg' : null, source: 'diagram.mmd' },
        components: model.components.map(c => ({
            name: c.name,
            service: c.serviceName,
            kind: c.kind,
            role: c.doc ? c.doc.replace(/\s+/g, ' ') : ROLES[c.kind],
            replicas: c.replicas,
            exposure: exposure(c),
            folder: componentFolder(c),
            source: sourceRef(c.source)
        })),
        connectors: model.connectors.map(c => ({
            from: c.from,
            to: c.to,
            kind: c.kind,
            detail: c.message ? `channel \`${c.message.channel}\`` : c.calls.length > 0 ? `${c.calls.length} call rule${c.calls.length > 1 ? 's' : ''}` : ''
        })),
        gateways: model.components.filter(isGateway).map(gatewayView),
        resources: allEntities(model).flatMap(e => (e.owner ? [{ service: e.owner, entity: e.name, path: `/api/${e.resource}` }] : [])),
        hasAuth: services.some((s: ServiceComponent) => s.issuesTokens),
        channels: model.connectors.flatMap(c => (c.message ? [{
            channel: c.message.channel,
            from: c.from,
            to: c.to,
            broker: `${c.message.engine} (${c.message.protocol})`,
            delay: c.message.delayMs > 0 ? `${c.message.delayMs} ms` : 'none'
        }] : [])),
        hasServices: services.length > 0,
        settings: plan.settings.map(s => ({ name: s.name, default: s.default, description: s.description })),
        overridable: plan.overridable,
        requires: requires.join(', '),
        localNames: localNameExamples(plan),
        environment: model.components.filter(c => !isDatabase(c)).map(c => ({
            component: c.serviceName,
            vars: environmentFor(model, c).map(v => ({ name: v.name, value: v.value }))
        }))
    };
}

/** The component a route or connector names, by its service name, for links. */
export function serviceNameOf(model: ArchitectureModel, name: string): string {
    return findComponent(model, name)?.serviceName ?? name;
}
