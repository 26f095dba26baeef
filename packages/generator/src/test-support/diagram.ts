/** IR fixtures and an XML reader for the diagram's tests. */
import type { ArchitectureModel, Component, Connector, MessageChannel } from '@archgen/model';
import { at, database, dbConnector, frontend, gateway, httpConnector, loadBalancer, publicOn, queueConnector, service } from './builders.js';

function channel(name: string, broker = 'rabbitmq'): MessageChannel {
    return {
        channel: name,
        broker,
        engine: broker === 'mosquitto' ? 'mosquitto' : 'rabbitmq',
        protocol: broker === 'mosquitto' ? 'mqtt' : 'amqp',
        payload: { fields: [] },
        delivery: 'at_least_once',
        delayMs: 0,
        actions: []
    };
}

/**
 * Names no .arch file allows but the IR can carry: every character DOT,
 * HTML-like labels, Mermaid and XML treat specially, and Mermaid keywords.
 */
export const ODD = {
    title: 'My "odd" <model> & co\\',
    lb: 'lb"quote',
    gateway: 'gw<tag>&amp;',
    service: 'end',
    other: 'a#b|c`d\\e',
    db: 'db\nnewline',
    channel: 'odd"channel<1>'
} as const;

export const oddModel: ArchitectureModel = {
    name: ODD.title,
    projectName: 'odd',
    source: at(0),
    components: [
        loadBalancer(ODD.lb, [ODD.gateway], { exposure: publicOn(8080), zones: ['edge', 'app'] }),
        gateway(ODD.gateway, {}),
        service(ODD.service, { databases: [ODD.db], dependsOn: [ODD.db] }),
        service(ODD.other, { kind: 'mqtp', replicas: 3 }),
        database(ODD.db, [ODD.service], [])
    ],
    connectors: [
        httpConnector(ODD.lb, ODD.gateway),
        httpConnector(ODD.gateway, ODD.service),
        dbConnector(ODD.service, ODD.db),
        queueConnector(ODD.service, ODD.other, channel(ODD.channel))
    ],
    brokers: [{ name: 'rabbitmq', engine: 'rabbitmq', protocols: ['amqp'], channels: [ODD.channel] }]
};

/**
 * Sixty components in three blocks of twenty, as test/fixtures/diagram/sixty.arch:
 * a public load balancer, a frontend, a gateway, an internal load balancer,
 * eight backends each with its own database; calls inside each block,
 * calls and messages between the blocks.
 */
export function sixtyModel(): ArchitectureModel {
    const components: Component[] = [];
    const connectors: Connector[] = [];
    ['store', 'billing', 'logistics'].forEach((block, index) => {
        const backends = Array.from({ length: 8 }, (_, i) => `${block}_svc${i + 1}`);
        components.push(
            loadBalancer(`${block}_lb`, [`${block}_fe`], { exposure: publicOn(8080 + index), zones: ['edge', 'app'] }),
            frontend(`${block}_fe`, [`${block}_gw`], { replicas: 2 }),
            gateway(`${block}_gw`, {}),
            loadBalancer(`${block}_svc1_lb`, [backends[0]!]),
            ...backends.map((name, i) => service(name, { databases: [`${name}_db`], replicas: i === 0 ? 3 : 1 })),
            ...backends.map(name => database(`${name}_db`, [name], []))
        );
        connectors.push(
            httpConnector(`${block}_lb`, `${block}_fe`),
            httpConnector(`${block}_fe`, `${block}_gw`),
            httpConnector(`${block}_gw`, `${block}_svc1_lb`),
            httpConnector(`${block}_svc1_lb`, backends[0]!),
            ...backends.slice(1).map(name => httpConnector(`${block}_gw`, name)),
            httpConnector(backends[2]!, backends[3]!),
            httpConnector(backends[4]!, backends[5]!),
            ...backends.map(name => dbConnector(name, `${name}_db`))
        );
    });
    connectors.push(
        httpConnector('store_svc3', 'billing_svc2'),
        queueConnector('billing_svc2', 'store_svc3', channel('payments.settled')),
        queueConnector('store_svc3', 'logistics_svc2', channel('orders.placed')),
        queueConnector('logistics_svc2', 'store_svc3', channel('shipments.dispatched'))
    );
    return {
        name: 'sixty',
        projectName: 'sixty',
        source: at(0),
        components,
        connectors,
        brokers: [{ name: 'rabbitmq', engine: 'rabbitmq', protocols: ['amqp'], channels: ['orders.placed', 'payments.settled', 'shipments.dispatched'] }]
    };
}

export interface XmlElement {
    readonly name: string;
    readonly attributes: Readonly<Record<string, string>>;
    /** The text directly inside the element, entities decoded. */
    text: string;
    readonly children: XmlElement[];
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string, where: number): string {
    return text.replace(/&([^;&\s]*);?/g, (match, name: string) => {
        if (!match.endsWith(';')) throw new Error(`Bare '&' at ${where}.`);
        if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
        if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
        const value = ENTITIES[name];
        if (value === undefined) throw new Error(`Unknown entity '&${name};' at ${where}.`);
        return value;
    });
}

/**
 * Reads an XML document strictly enough to tell a well-formed one: balanced,
 * properly nested tags, quoted attributes, no bare `<` or `&`, known
 * entities, one root. Throws on anything else; returns the root element.
 */
export function parseXml(xml: string): XmlElement {
    const stack: XmlElement[] = [];
    let root: XmlElement | undefined;
    let i = 0;
    const prologue = /^(<\?xml[^?]*\?>|<!DOCTYPE[^>]*>|<!--[^]*?-->|\s+)/;
    for (let m = prologue.exec(xml); m; m = prologue.exec(xml.slice(i))) i += m[0].length;
    while (i < xml.length) {
        if (xml.startsWith('<!--', i)) {
            const end = xml.indexOf('-->', i);
            if (end < 0) throw new Error(`Unclosed comment at ${i}.`);
            i = end + 3;
        } else if (xml.startsWith('</', i)) {
            const m = /^<\/([\w:.-]+)\s*>/.exec(xml.slice(i));
            const open = stack.pop();
            if (!m || !open || open.name !== m[1]) throw new Error(`Mismatched closing tag at ${i}.`);
            i += m[0].length;
        } else if (xml[i] === '<') {
            const m = /^<([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/.exec(xml.slice(i));
            if (!m) throw new Error(`Malformed tag at ${i}: ${xml.slice(i, i + 60)}`);
            const attributes: Record<string, string> = {};
            for (const a of m[2]!.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
                if (a[1]! in attributes) throw new Error(`Duplicate attribute '${a[1]}' at ${i}.`);
                attributes[a[1]!] = decode(a[2] ?? a[3]!, i);
            }
            const element: XmlElement = { name: m[1]!, attributes, text: '', children: [] };
            if (stack.length > 0) stack[stack.length - 1]!.children.push(element);
            else if (root) throw new Error(`A second root element at ${i}.`);
            else root = element;
            if (m[3] !== '/') stack.push(element);
            i += m[0].length;
        } else {
            const end = xml.indexOf('<', i) < 0 ? xml.length : xml.indexOf('<', i);
            const text = xml.slice(i, end);
            if (stack.length === 0 && text.trim() !== '') throw new Error(`Text outside the root at ${i}.`);
            if (stack.length > 0) stack[stack.length - 1]!.text += decode(text, i);
            i = end;
        }
    }
    if (!root || stack.length > 0) throw new Error('Unclosed elements at the end of the document.');
    return root;
}

/** Every element below (and including) `element`, depth first. */
export function allElements(element: XmlElement): XmlElement[] {
    return [element, ...element.children.flatMap(allElements)];
}
