import type { ComponentKind, ConnectorKind } from '@archgen/model';
import { CHANNEL_STYLE, CONNECTOR_STYLES, ENTRY_STYLE, KIND_STYLES, ZONE_STYLES } from './style.js';
import type { DiagramNode, DiagramView } from './view.js';

type LinkKind = ConnectorKind | 'entry' | 'invisible';

/**
 * The diagram as a Mermaid flowchart (GitHub and GitLab render it in
 * Markdown): the same zones, shapes, colours, line styles, channels and
 * legend as the DOT, as far as Mermaid can draw them. Pure: the same view
 * gives the same text.
 */
export function toMermaid(view: DiagramView): string {
    const id = mermaidIds(view);
    const lines: string[] = ['---', `title: ${JSON.stringify(view.title)}`, '---', `flowchart ${view.direction}`];
    /** The kind of every link in order: `linkStyle` addresses links by position. */
    const links: LinkKind[] = [];

    if (view.entries.length > 0) lines.push(`    ${OUTSIDE}(("outside"))`);
    for (const zone of view.zones) {
        const style = ZONE_STYLES[zone.zone];
        lines.push(`    subgraph zone_${zone.zone}["${text(`${style.title} · ${style.caption}`)}"]`);
        for (const node of zone.nodes) lines.push(`        ${id(node.name)}${shape(node.kind, nodeLabel(node))}`);
        const showBroker = view.legend.brokers.length > 1;
        for (const channel of zone.channels) {
            lines.push(`        ${id(channel.id)}>"${text(channel.channel)}${showBroker ? `<br/>${text(channel.broker)}` : ''}"]`);
        }
        lines.push('    end');
    }
    for (const entry of view.entries) {
        lines.push(`    ${OUTSIDE} ==> ${id(entry.to)}`);
        links.push('entry');
    }
    for (const edge of view.edges) {
        lines.push(`    ${id(edge.from)} ${ARROWS[edge.kind]} ${id(edge.to)}`);
        links.push(edge.kind);
    }
    const firstNode = view.zones.flatMap(z => z.nodes)[0];
    lines.push(...legend(view, links, firstNode ? id(firstNode.name) : null));

    const members = new Map<string, string[]>();
    const add = (className: string, member: string): void => void members.set(className, [...(members.get(className) ?? []), member]);
    for (const node of view.zones.flatMap(z => z.nodes)) add(node.kind, id(node.name));
    for (const channel of view.zones.flatMap(z => z.channels)) add('channel', id(channel.id));
    for (const kind of view.legend.kinds) add(kind, `legend_${kind}`);
    if (view.legend.brokers.length > 0) add('channel', 'legend_channel');
    for (const entry of view.entries) add('entry', id(entry.to));
    if (view.legend.entry) add('entry', 'legend_entry');
    for (const [className, style] of CLASSES) {
        const list = members.get(className);
        if (list) lines.push(`    classDef ${className} ${style}`, `    class ${list.join(',')} ${className}`);
    }
    if (view.entries.length > 0) lines.push(`    style ${OUTSIDE} fill:#ffffff,stroke:${ENTRY_STYLE.color},stroke-dasharray:4 3,color:${ENTRY_STYLE.color}`);
    for (const zone of view.zones) {
        const style = ZONE_STYLES[zone.zone];
        lines.push(`    style zone_${zone.zone} fill:${style.fill},stroke:${style.stroke}`);
    }
    for (const kind of ['entry', 'http', 'db_connector', 'message_queue'] as const) {
        const indexes = links.flatMap((link, index) => (link === kind ? [index] : []));
        if (indexes.length > 0) lines.push(`    linkStyle ${indexes.join(',')} ${linkStyle(kind)}`);
    }
    return `${lines.join('\n')}\n`;
}

const OUTSIDE = 'outside';

const ARROWS: Readonly<Record<ConnectorKind, string>> = {
    http: '-->',
    db_connector: '-.-',
    message_queue: '-.->'
};

/** Class name and style, in the order they are printed; the public entry last, so its border wins. */
const CLASSES: readonly (readonly [string, string])[] = [
    ...(Object.keys(KIND_STYLES) as ComponentKind[]).map(kind => [kind, `fill:${KIND_STYLES[kind].fill},stroke:${KIND_STYLES[kind].stroke},color:#0f172a`] as const),
    ['channel', `fill:${CHANNEL_STYLE.fill},stroke:${CHANNEL_STYLE.stroke},color:${CHANNEL_STYLE.stroke}`],
    ['entry', `stroke:${ENTRY_STYLE.color},stroke-width:3px`]
];

function linkStyle(kind: Exclude<LinkKind, 'invisible'>): string {
    if (kind === 'entry') return `stroke:${ENTRY_STYLE.color},stroke-width:${ENTRY_STYLE.width}px,color:${ENTRY_STYLE.color}`;
    const style = CONNECTOR_STYLES[kind];
    const dash = style.dashArray !== null ? `,stroke-dasharray:${style.dashArray}` : '';
    return `stroke:${style.color},stroke-width:${style.width}px${dash}`;
}

function shape(kind: ComponentKind, label: string): string {
    const [open, close] = KIND_STYLES[kind].mermaid;
    return `${open}"${label}"${close}`;
}

function nodeLabel(node: DiagramNode): string {
    const replicas = node.replicas > 1 ? ` ×${node.replicas}` : '';
    const entry = node.port !== null ? `<br/>public :${node.port}` : '';
    return `<b>${text(node.name)}</b><br/>${text(node.caption)}${replicas}${entry}`;
}

/**
 * A legend subgraph: the kinds in use with the channel tag and the entry
 * marker in a row (kept in order by invisible `~~~` links), and under it one
 * sample link per connector kind in use.
 */
function legend(view: DiagramView, links: LinkKind[], firstNode: string | null): string[] {
    const { kinds, connectors, entry, brokers } = view.legend;
    if (kinds.length === 0 && connectors.length === 0) return [];
    const items = kinds.map(kind => `legend_${kind}${shape(kind, text(KIND_STYLES[kind].label))}`);
    if (brokers.length > 0) items.push(`legend_channel>"${text(`message channel on ${brokers.join(', ')}`)}"]`);
    if (entry) items.push(`legend_entry["public entry<br/>thick border"]`);
    const samples = connectors.map(kind => `legend_${kind}_from[" "] ${ARROWS[kind]}|"${kind}"| legend_${kind}_to[" "]`);
    const lines = ['    subgraph legend["legend"]', '        direction LR', `        ${items.join(' ~~~ ')}`];
    for (let i = 1; i < items.length; i++) links.push('invisible');
    connectors.forEach((kind, index) => {
        lines.push(`        ${samples[index]}`);
        links.push(kind);
    });
    lines.push('    end', '    style legend fill:#ffffff,stroke:#cbd5e1');
    // Above the drawing rather than beside it: the picture is as wide as the wider of the two.
    const first = view.entries.length > 0 ? OUTSIDE : firstNode;
    if (first !== null) {
        lines.push(`    legend ~~~ ${first}`);
        links.push('invisible');
    }
    for (const kind of connectors) lines.push(`    style legend_${kind}_from fill:none,stroke:none`, `    style legend_${kind}_to fill:none,stroke:none`);
    return lines;
}

/**
 * Mermaid ids: `c_` and the component name, `ch_` and the channel, with
 * anything outside [A-Za-z0-9_] as `_` (the prefix keeps names like `end`
 * from being keywords), numbered when two would meet.
 */
function mermaidIds(view: DiagramView): (key: string) => string {
    const ids = new Map<string, string>();
    const used = new Set<string>();
    const assign = (key: string, base: string): void => {
        let candidate = base.replace(/[^A-Za-z0-9_]/g, '_');
        for (let n = 2; used.has(candidate); n++) candidate = `${base.replace(/[^A-Za-z0-9_]/g, '_')}_${n}`;
        used.add(candidate);
        ids.set(key, candidate);
    };
    for (const node of view.zones.flatMap(z => z.nodes)) assign(node.name, `c_${node.name}`);
    for (const channel of view.zones.flatMap(z => z.channels)) assign(channel.id, `ch_${channel.channel}`);
    return key => {
        if (!ids.has(key)) assign(key, `c_${key}`);
        return ids.get(key)!;
    };
}

/**
 * Text inside a quoted Mermaid label. Mermaid labels are HTML, and Mermaid
 * reads `#<code>;` as a character: every character that could end the quote,
 * open a tag or an entity, or start Markdown becomes its code. Line breaks
 * become spaces.
 */
export function text(value: string): string {
    return value.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[#"&<>`|\\]/g, c => `#${c.charCodeAt(0)};`);
}
