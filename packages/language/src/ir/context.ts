import type { AstNode, LangiumDocument } from 'langium';
import type { SourceLocation } from '@archgen/model';
import type { ArchgenServices } from '../arch-module.js';
import type * as ast from '../generated/ast.js';
import { isComponent, isConnector, isPayload } from '../generated/ast.js';
import { channelOf } from './build-messages.js';
import { DocComments } from './doc-comments.js';

const NONE: readonly ast.Connector[] = Object.freeze([]);

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
    /** The same, per connector kind. */
    private readonly outgoingByKind = new Map<string | undefined, Map<string, ast.Connector[]>>();
    private readonly incomingByKind = new Map<string | undefined, Map<string, ast.Connector[]>>();
    private payloads?: Map<string, ast.Payload>;
    private readonly docComments: DocComments;
    /** The URI of each document's root node. */
    private readonly uris = new Map<AstNode, string>();

    constructor(
        services: ArchgenServices,
        readonly document: LangiumDocument<ast.Model>,
        documents: readonly LangiumDocument[] = [document]
    ) {
        this.uri = document.uri.toString();
        this.docComments = new DocComments(services);
        this.components = [];
        this.connectors = [];
        // Indexed loops: this runs once per validation and per IR, over every element, before V8 optimizes it.
        for (let d = 0; d < documents.length; d++) {
            const root = documents[d]!.parseResult.value as ast.Model;
            this.uris.set(root, documents[d]!.uri.toString());
            const elements = root.elements ?? [];
            for (let i = 0; i < elements.length; i++) {
                const element = elements[i]!;
                if (isComponent(element)) {
                    this.components.push(element);
                    if (!this.byName.has(element.name)) this.byName.set(element.name, element);
                } else if (isConnector(element) && element.from && element.to) {
                    this.addConnector(element);
                }
            }
        }
    }

    private addConnector(c: ast.Connector): void {
        const from = c.from?.ref;
        const to = c.to?.ref;
        this.connectors.push(c);
        if (from) {
            push(this.outgoing, from.name, c);
            push(listsOf(this.outgoingByKind, c.kind), from.name, c);
        }
        if (to) {
            push(this.incoming, to.name, c);
            push(listsOf(this.incomingByKind, c.kind), to.name, c);
        }
    }

    /** Where a node is written: its own document (a model may span several) and range (a copy: the IR shares nothing with the CST). */
    source(node: AstNode | undefined): SourceLocation {
        const range = node?.$cstNode?.range;
        const uri = node ? this.uriOf(node) : this.uri;
        if (!range) return { uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
        const { start, end } = range;
        return { uri, range: { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } } };
    }

    /** The doc comment of a node, trimmed line by line; undefined when there is none or it is blank. */
    docOf(node: AstNode): string | undefined {
        const raw = this.docComments.of(node);
        if (raw === undefined) return undefined;
        const text = trimLines(raw);
        return text ? text : undefined;
    }

    doc(node: AstNode): { doc?: string } {
        const doc = this.docOf(node);
        return doc === undefined ? {} : { doc };
    }

    /** The connectors that start at a component, of one kind or all, in model order: shared, not to be changed. */
    connectorsFrom(name: string, kind?: string): readonly ast.Connector[] {
        if (kind === undefined) return this.outgoing.get(name) ?? NONE;
        return this.outgoingByKind.get(kind)?.get(name) ?? NONE;
    }

    /** The connectors that end at a component, of one kind or all, in model order: shared, not to be changed. */
    connectorsTo(name: string, kind?: string): readonly ast.Connector[] {
        if (kind === undefined) return this.incoming.get(name) ?? NONE;
        return this.incomingByKind.get(kind)?.get(name) ?? NONE;
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

    private uriOf(node: AstNode): string {
        let root = node;
        while (root.$container) root = root.$container;
        let uri = this.uris.get(root);
        if (uri === undefined) {
            // A node of a document outside the model (a reference into another file): as AstUtils.getDocument.
            const document = (root as { $document?: LangiumDocument }).$document;
            if (!document) throw new Error('AST node has no document.');
            uri = document.uri.toString();
            this.uris.set(root, uri);
        }
        return uri;
    }
}

/**
 * An IR object being built key by key, so that optional keys keep their
 * place without spreads (`...(x ? { x } : {})` copies every key, slowly).
 */
export type Draft<T> = { -readonly [K in keyof T]?: T[K] };

/**
 * Adds a value to the list of a key. A list grown by push reserves room for
 * 17 values from its second one, and most components have one to a few
 * connectors each way: short lists are copied at their exact size instead
 * (on 50,000 components the context's lists took 20 MiB more).
 */
function push<K, V>(map: Map<K, V[]>, key: K | undefined, value: V): void {
    if (key === undefined) return;
    const list = map.get(key);
    if (!list) map.set(key, [value]);
    else if (list.length < 8) map.set(key, list.concat(value));
    else list.push(value);
}

/** The lists of one connector kind, made on first use. */
function listsOf(byKind: Map<string | undefined, Map<string, ast.Connector[]>>, kind: string | undefined): Map<string, ast.Connector[]> {
    let lists = byKind.get(kind);
    if (!lists) byKind.set(kind, lists = new Map());
    return lists;
}

/** `raw.split('\n').map(line => line.trim()).join('\n').trim()`, without the arrays when there is one line. */
function trimLines(raw: string): string {
    if (!raw.includes('\n')) return raw.trim();
    return raw.split('\n').map(line => line.trim()).join('\n').trim();
}
