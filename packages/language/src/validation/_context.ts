import { AstUtils, type AstNode, type LangiumDocument, type LangiumDocuments } from 'langium';
import { COMPONENT_KINDS, CONNECTOR_KINDS, type ComponentKind, type ConnectorKind, type Exposure } from '@archgen/model';
import type { ArchgenServices } from '../arch-module.js';
import * as ast from '../generated/ast.js';
import { BuildContext } from '../ir/context.js';
import { defaultExposure } from '../ir/exposure.js';
import { reachableServices, tokenIssuer } from '../ir/build-gateway.js';
import { channelOf } from '../ir/build-messages.js';
import { Ownership } from '../ir/ownership.js';
import { ImportGraph } from '../references/imports.js';

/**
 * What graph-level checks need to know about one document, built once per
 * validation run from the IR builder's own helpers (so validation and the IR
 * never disagree about exposure, reachability or ownership), and lazily: a
 * document that never asks about exposure never computes it.
 */
export class ValidationContext {
    readonly build: BuildContext;
    private ownershipCache?: Ownership;
    private exposureCache?: Map<string, Exposure>;
    private readonly reachCache = new Map<string, Map<string, string>>();
    private gatewaysCache?: ast.Component[];
    private payloadsCache?: Map<string, ast.Payload>;
    private entitiesCompleteCache?: boolean;

    /** The files of the workspace and how they import each other. */
    readonly imports: ImportGraph;
    readonly documents: LangiumDocuments;

    constructor(services: ArchgenServices, document: LangiumDocument<ast.Model>) {
        this.documents = services.shared.workspace.LangiumDocuments;
        this.imports = new ImportGraph(this.documents);
        // The graph is the whole model the document belongs to (see ImportGraph); reports stay on the document's own nodes.
        this.build = new BuildContext(services, document, this.imports.context(document));
    }

    /** A message_queue connector's payload: its own, or the one another connector of its channel declares (as the IR shares it). */
    payloadOf(connector: ast.Connector): ast.Payload | undefined {
        const own = connector.members.find(ast.isPayload);
        if (own) return own;
        if (!this.payloadsCache) {
            this.payloadsCache = new Map();
            for (const c of this.build.connectors) {
                const payload = c.kind === 'message_queue' ? c.members.find(ast.isPayload) : undefined;
                const channel = payload ? safeChannelOf(c) : undefined;
                if (payload && channel !== undefined && !this.payloadsCache.has(channel)) this.payloadsCache.set(channel, payload);
            }
        }
        const channel = safeChannelOf(connector);
        return channel === undefined ? undefined : this.payloadsCache.get(channel);
    }

    get ownership(): Ownership {
        return (this.ownershipCache ??= new Ownership(this.build));
    }

    /** Who is public, declared or by default, and on which port. */
    get exposure(): Map<string, Exposure> {
        return (this.exposureCache ??= defaultExposure(this.build));
    }

    get gateways(): ast.Component[] {
        return (this.gatewaysCache ??= this.build.components.filter(c => c.kind === 'api_gateway' && !c.kindTail));
    }

    /** The services a gateway reaches (directly or through a load balancer), each with the component it calls. */
    reach(gateway: string): Map<string, string> {
        let reach = this.reachCache.get(gateway);
        if (!reach) {
            reach = reachableServices(this.build, gateway);
            this.reachCache.set(gateway, reach);
        }
        return reach;
    }

    /**
     * True when every entity has a name and every field a name and a type.
     * Inferring the issuer and its roles reads them; after a syntax error cut
     * one short, the checks that infer skip instead.
     */
    get entitiesComplete(): boolean {
        return (this.entitiesCompleteCache ??= this.build.components.every(c => c.members.every(m =>
            !ast.isEntity(m) || (m.name !== undefined && m.fields.every(f => f.name !== undefined && f.type?.name !== undefined)))));
    }

    /** The service that issues a gateway's tokens: declared, or inferred from a User entity. */
    issuer(gateway: ast.Component): string | undefined {
        return tokenIssuer(this.build, this.ownership, gateway);
    }

    /** True for the first component of its name (later ones are duplicates, reported once). */
    isFirstOfName(component: ast.Component): boolean {
        return this.build.byName.get(component.name) === component;
    }
}

/** The channel of a connector, or undefined while its ends are missing (syntax errors). */
export function safeChannelOf(connector: ast.Connector): string | undefined {
    const declared = connector.members.find(ast.isChannel);
    if (declared) return declared.name; // what channelOf returns for a declared channel
    return connector.from && connector.to ? channelOf(connector) : undefined;
}

const contexts = new WeakMap<AstNode, ValidationContext>();

/** Registered as a before-document hook: the context of the document about to be validated. */
export function prepareContext(services: ArchgenServices, root: AstNode): void {
    if (ast.isModel(root)) contexts.set(root, new ValidationContext(services, AstUtils.getDocument(root)));
}

/** Registered as an after-document hook: nothing outlives its validation run. */
export function disposeContext(root: AstNode): void {
    contexts.delete(root);
}

/** The context of the document a node belongs to. */
export function contextOf(node: AstNode): ValidationContext {
    const context = contexts.get(AstUtils.findRootNode(node));
    if (!context) throw new Error('the validation context was not prepared for this document');
    return context;
}

const COMPONENT_KIND_SET: ReadonlySet<string> = new Set(COMPONENT_KINDS);
const CONNECTOR_KIND_SET: ReadonlySet<string> = new Set(CONNECTOR_KINDS);

/** The component kind, when it is one of the six (a misspelt kind is reported on its own). */
export function componentKind(component: ast.Component | undefined): ComponentKind | undefined {
    if (!component?.kind || component.kindTail) return undefined;
    return COMPONENT_KIND_SET.has(component.kind) ? component.kind as ComponentKind : undefined;
}

export function connectorKind(connector: ast.Connector | undefined): ConnectorKind | undefined {
    if (!connector?.kind) return undefined;
    return CONNECTOR_KIND_SET.has(connector.kind) ? connector.kind as ConnectorKind : undefined;
}

/** Backends and mqtp services: what owns databases, serves APIs and exchanges messages. */
export function isService(kind: string | undefined): boolean {
    return kind === 'backend' || kind === 'mqtp';
}

const KIND_LABELS: Record<string, string> = {
    frontend: 'frontend',
    backend: 'backend',
    database: 'database',
    load_balancer: 'load balancer',
    api_gateway: 'gateway',
    mqtp: 'mqtp service'
};

/** `backend 'orders'`, `load balancer 'shop_lb'`: a component as messages name it. */
export function describe(component: ast.Component | undefined): string {
    if (!component) return 'component';
    const label = KIND_LABELS[componentKind(component) ?? ''] ?? 'component';
    return `${label} '${component.name}'`;
}

/** `Backend 'orders'`: the same at the start of a sentence. */
export function Describe(component: ast.Component | undefined): string {
    const text = describe(component);
    return text.charAt(0).toUpperCase() + text.slice(1);
}
