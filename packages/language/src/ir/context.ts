import { AstUtils, type AstNode, type LangiumDocument } from 'langium';
import type { SourceLocation } from '@archgen/model';
import type { ArchgenServices } from '../arch-module.js';
import type * as ast from '../generated/ast.js';
import { isComponent, isConnector, isPayload } from '../generated/ast.js';
import { channelOf } from './build-messages.js';

/**
 * What every IR builder needs: the documents of the model, doc strings, and
 * the model's graph. A model is one document and the documents it imports
 * (see ImportGraph): components and connectors of every one of them, the
 * first document's first. Connectors cut short by a syntax error (no ends)
 * are left out: the parser reports them already.
 */
export class BuildContext {
    /** The URI of the document the model is built for (its name defaults to the file's). */
    readonly uri: string;
    readonly components: ast.Component[];
    readonly connectors: ast.Connector[];
    readonly byName = new Map<string, ast.Component>();
    private readonly outgoing = new Map<string, ast.Connector[]>();
    private readonly incoming = new Map<string, ast.Connector[]>();
    private payloads?: Map<string, ast.Payload>;

    constructor(
        private readonly services: ArchgenServices,
        readonly document: LangiumDocument<ast.Model>,
        documents: readonly LangiumDocument[] = [document]
    ) {
        this.uri = document.uri.toString();
        const elements = documents.flatMap(d => (d.parseResult.value as ast.Model).elements ?? []);
        this.components = elements.filter(isComponent);
        this.connectors = elements.filter(isConnector).filter(c => c.from && c.to);
        for (const c of this.components) if (!this.byName.has(c.name)) this.byName.set(c.name, c);
        for (const c of this.connectors) {
            push(this.outgoing, c.from?.ref?.name, c);
            push(this.incoming, c.to?.ref?.name, c);
        }
    }

    /** Where a node is written: its own document (a model may span several) and range. */
    source(node: AstNode | undefined): SourceLocation {
        const range = node?.$cstNode?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
        const uri = node ? AstUtils.getDocument(node).uri.toString() : this.uri;
        return { uri, range: { start: { ...range.start }, end: { ...range.end } } };
    }

    doc(node: AstNode): { doc?: string } {
        const raw = this.services.documentation.DocumentationProvider.getDocumentation(node);
        const text = raw?.split('\n').map(line => line.trim()).join('\n').trim();
        return text ? { doc: text } : {};
    }

    connectorsFrom(name: string, kind?: string): ast.Connector[] {
        return (this.outgoing.get(name) ?? []).filter(c => kind === undefined || c.kind === kind);
    }

    connectorsTo(name: string, kind?: string): ast.Connector[] {
        return (this.incoming.get(name) ?? []).filter(c => kind === undefined || c.kind === kind);
    }

    /** The payload the first message_queue connector of a channel declares (the others of the channel share it). */
    channelPayload(channel: string): ast.Payload | undefined {
        if (!this.payloads) {
            this.payloads = new Map();
            for (const c of this.connectors) {
                if (c.kind !== 'message_queue') continue;
                const payload = c.members.find(isPayload);
                const name = payload ? channelOf(c) : undefined;
                if (payload && name !== undefined && !this.payloads.has(name)) this.payloads.set(name, payload);
            }
        }
        return this.payloads.get(channel);
    }

    kindOf(name: string): string | undefined {
        return this.byName.get(name)?.kind;
    }

    members<T extends ast.ComponentMember>(component: ast.Component, guard: (m: unknown) => m is T): T[] {
        return component.members.filter(guard);
    }

    member<T extends ast.ComponentMember>(component: ast.Component, guard: (m: unknown) => m is T): T | undefined {
        return component.members.find(guard);
    }
}

export function unique<T>(items: Iterable<T>): T[] {
    return [...new Set(items)];
}

function push<K, V>(map: Map<K, V[]>, key: K | undefined, value: V): void {
    if (key === undefined) return;
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}
