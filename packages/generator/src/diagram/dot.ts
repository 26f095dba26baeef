import { CHANNEL_STYLE, CONNECTOR_STYLES, ENTRY_STYLE, FONT, KIND_STYLES, MUTED, ZONE_STYLES } from './style.js';
import { textWidth } from './text-width.js';
import type { DiagramChannel, DiagramEdge, DiagramNode, DiagramView } from './view.js';

/**
 * The diagram as Graphviz DOT, in tiers from the outside in (top to bottom,
 * or left to right for a wide model): the `outside` node and the public
 * entries, then whatever leads to the services, the services side by side in
 * one tier, their databases in the next, each across from its owner. One
 * cluster per zone, one node per component (its kind's shape and colour), one
 * edge per connector (its kind's line; a message_queue through its channel's
 * tag, in the tier before the services, so no label sits on a line between
 * two services of the same tier), and a legend. Pure: the same view gives the
 * same text.
 */
export function toDot(view: DiagramView): string {
    const lines: string[] = [];
    const channelIds = new Set(view.zones.flatMap(z => z.channels.map(c => c.id)));
    const spacing = view.direction === 'LR' ? 'nodesep=0.16, ranksep=0.55' : 'nodesep=0.25, ranksep=0.45';
    lines.push(`digraph ${dotId(view.title)} {`);
    lines.push(
        `    graph [rankdir=${view.direction}, newrank=true, splines=true, ${spacing}, pad=0.25, fontname=${dotId(FONT)},` +
            ` labelloc=t, labeljust=l, fontsize=10, label=<${heading(view)}>];`
    );
    lines.push(`    node [fontname=${dotId(FONT)}, fontsize=12, style=filled, penwidth=1.3, margin="0.14,0.06"];`);
    lines.push(`    edge [fontname=${dotId(FONT)}, fontsize=10, arrowsize=0.7];`);
    lines.push('');

    if (view.entries.length > 0) {
        lines.push(
            `    ${OUTSIDE} [label="outside", shape=oval, style="dashed", color=${dotId(ENTRY_STYLE.color)}, ` +
                `fontcolor=${dotId(ENTRY_STYLE.color)}, fontsize=11];`
        );
    }
    for (const zone of view.zones) {
        const style = ZONE_STYLES[zone.zone];
        lines.push(`    subgraph ${dotId(`cluster_${zone.zone}`)} {`);
        // Only the zone's name: a longer label would lie across the edges that enter a narrow cluster.
        lines.push(
            `        graph [label=<<b>${html(style.title)}</b>>, fontsize=13, style="rounded,filled", ` +
                `fillcolor=${dotId(style.fill)}, color=${dotId(style.stroke)}, penwidth=1.2, margin=14];`
        );
        for (const node of zone.nodes) lines.push(`        ${nodeStatement(node)}`);
        for (const channel of zone.channels) lines.push(`        ${channelStatement(channel, view.legend.brokers.length > 1)}`);
        lines.push('    }');
    }
    // The service tier and the data tier: calls between services run along the tier. The tier holds
    // the services of the app zone (a public one, or one on the data network only, is left to find its place,
    // so that its cluster need not stretch across the tier), or every service when app has none.
    const isService = (n: DiagramNode): boolean => n.kind === 'backend' || n.kind === 'mqtp';
    const app = view.zones.find(z => z.zone === 'app')?.nodes.filter(isService) ?? [];
    const services = app.length > 0 ? app : view.zones.flatMap(z => z.nodes.filter(isService));
    const databases = view.zones.flatMap(z => z.nodes.filter(n => n.kind === 'database'));
    for (const tier of [services, databases]) {
        if (tier.length > 1) lines.push(`    { rank=same; ${tier.map(n => dotId(n.name)).join('; ')}; }`);
    }
    lines.push('');
    for (const entry of view.entries) {
        lines.push(`    ${OUTSIDE} -> ${dotId(entry.to)} [color=${dotId(ENTRY_STYLE.color)}, penwidth=${ENTRY_STYLE.width}];`);
    }
    for (const edge of view.edges) lines.push(`    ${edgeStatement(edge, channelIds)}`);
    lines.push('}');
    return `${lines.join('\n')}\n`;
}

/** The id of the node requests from outside come from: never a component name (those are identifiers). */
const OUTSIDE = dotId('@outside');

const NAME_SIZE = 12;
const CAPTION_SIZE = 10;

function nodeStatement(node: DiagramNode): string {
    const style = KIND_STYLES[node.kind];
    const caption = `${node.caption}${node.replicas > 1 ? ` ×${node.replicas}` : ''}`;
    const entry = node.port !== null ? `public :${node.port}` : null;
    const label =
        `<<b>${html(node.name)}</b><br/><font point-size="${CAPTION_SIZE}" color="${MUTED}">${html(node.caption)}` +
        `${node.replicas > 1 ? ` <b>×${node.replicas}</b>` : ''}</font>` +
        `${entry !== null ? `<br/><font point-size="${CAPTION_SIZE}" color="${ENTRY_STYLE.color}"><b>${entry}</b></font>` : ''}>`;
    const attributes = [
        `label=${label}`,
        `shape=${style.shape}`,
        `style=${dotId(['filled', style.extraStyle].filter(Boolean).join(','))}`,
        `fillcolor=${dotId(style.fill)}`,
        `color=${dotId(style.stroke)}`,
        ...(style.slanted ? slantedSize(node.name, caption, entry) : []),
        ...(entry !== null ? ['peripheries=2', 'penwidth=1.6'] : [])
    ];
    return `${dotId(node.name)} [${attributes.join(', ')}];`;
}

/**
 * A slanted shape as wide as its widest label line plus room for the slants,
 * and as tall as its lines. `fixedsize=true`, not `shape`: with `shape`,
 * Graphviz clips edges against the unrotated outline when drawing left to right.
 */
function slantedSize(name: string, caption: string, entry: string | null): string[] {
    const widest = Math.max(textWidth(name, NAME_SIZE), textWidth(caption, CAPTION_SIZE), entry !== null ? textWidth(entry, CAPTION_SIZE) : 0);
    const width = widest / 72 + 0.55;
    const height = entry !== null ? 0.72 : 0.56;
    return ['fixedsize=true', `width=${width.toFixed(2)}`, `height=${height.toFixed(2)}`];
}

/**
 * A message_queue edge into a channel is written channel -> publisher with
 * `dir=back`: drawn as publisher -> channel, but ranked with the channel
 * before its publishers and consumers.
 */
function edgeStatement(edge: DiagramEdge, channels: ReadonlySet<string>): string {
    const style = CONNECTOR_STYLES[edge.kind];
    const reversed = channels.has(edge.to);
    const attributes = [
        ...(reversed ? ['dir=back'] : []),
        `style=${style.line}`,
        `color=${dotId(style.color)}`,
        `penwidth=${style.width}`,
        ...(edge.kind === 'db_connector' ? ['arrowhead=none'] : [])
    ];
    const [from, to] = reversed ? [edge.to, edge.from] : [edge.from, edge.to];
    return `${dotId(from)} -> ${dotId(to)} [${attributes.join(', ')}];`;
}

function channelStatement(channel: DiagramChannel, showBroker: boolean): string {
    const broker = showBroker ? `<br/><font point-size="8" color="${MUTED}">${html(channel.broker)}</font>` : '';
    return (
        `${dotId(channel.id)} [label=<${html(channel.channel)}${broker}>, shape=${CHANNEL_STYLE.shape}, style=filled, ` +
        `fillcolor=${dotId(CHANNEL_STYLE.fill)}, color=${dotId(CHANNEL_STYLE.stroke)}, fontcolor=${dotId(CHANNEL_STYLE.stroke)}, ` +
        `fontsize=10, margin="0.1,0.03", height=0.3];`
    );
}

/**
 * The graph's label, above the drawing: the title, and under it the legend,
 * four entries a row: a swatch per kind in use (its fill and border), the
 * channel tag, the public-entry marker; a line sample per connector kind in
 * use; the zones. In the label, the legend takes no room from the layout.
 */
function heading(view: DiagramView): string {
    const title = `<tr><td align="left" colspan="${2 * PER_ROW}"><font point-size="20"><b>${html(view.title)}</b></font></td></tr>`;
    const { kinds, connectors, entry, brokers } = view.legend;
    const swatch = (fill: string, stroke: string, extra = ''): string =>
        `<td width="28" height="14" fixedsize="true" bgcolor="${fill}" border="1" color="${stroke}"${extra}></td>`;
    const text = (label: string, note: string | null, color = '#0f172a'): string =>
        `<td align="left"><font color="${color}">${html(label)}</font>${note !== null ? ` <font color="${MUTED}">${html(note)}</font>` : ''}</td>`;

    const parts: string[] = [];
    for (const kind of kinds) {
        const style = KIND_STYLES[kind];
        parts.push(swatch(style.fill, style.stroke, style.extraStyle.includes('rounded') ? ' style="rounded"' : '') + text(style.label, SHAPE_NAMES[style.shape] ?? null));
    }
    if (brokers.length > 0) parts.push(swatch(CHANNEL_STYLE.fill, CHANNEL_STYLE.stroke) + text('message channel', `on ${brokers.join(', ')}`));
    if (entry) {
        parts.push(
            `<td width="28" height="14" fixedsize="true" border="1" color="${ENTRY_STYLE.color}"><font point-size="8" color="${ENTRY_STYLE.color}">:port</font></td>` +
                text('public entry', 'double border')
        );
    }
    const lines = connectors.map(kind => {
        const style = CONNECTOR_STYLES[kind];
        const dash = style.line === 'solid' ? '' : ` style="${style.line}"`;
        return `<td width="28" height="10" fixedsize="true" border="2" sides="b" color="${style.color}"${dash}></td>` + text(style.label, null, style.color);
    });
    const zones = view.zones.map(z => swatch(ZONE_STYLES[z.zone].fill, ZONE_STYLES[z.zone].stroke, ' style="rounded"') + text(z.zone, ZONE_STYLES[z.zone].caption));
    const rows = [parts, lines, zones].flatMap(group => chunks(group, PER_ROW)).map(cells => `<tr>${cells.join('')}</tr>`);
    const legend = rows.length > 0
        ? `<tr><td align="left" colspan="${2 * PER_ROW}"><table border="0" cellborder="0" cellspacing="3" cellpadding="1">${rows.join('')}</table></td></tr>`
        : '';
    return `<table border="0" cellborder="0" cellspacing="0" cellpadding="2">${title}${legend}</table>`;
}

const PER_ROW = 4;

function chunks<T>(items: readonly T[], size: number): T[][] {
    const result: T[][] = [];
    for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
    return result;
}

const SHAPE_NAMES: Readonly<Record<string, string>> = {
    invtrapezium: 'funnel',
    parallelogram: 'parallelogram',
    hexagon: 'hexagon',
    box: 'rounded box',
    component: 'component box',
    cylinder: 'cylinder'
};

/**
 * A DOT quoted string. Inside one, only `\"` is an escape for the parser
 * (other backslashes stay as they are), so a backslash is doubled to keep
 * `a\` from escaping the closing quote; ids stay distinct and consistent.
 */
export function dotId(text: string): string {
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r\n|\r|\n/g, '\\n')}"`;
}

/** Text inside a Graphviz HTML-like label: XML-escaped, line breaks as spaces. */
export function html(text: string): string {
    return text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/\s*[\r\n]+\s*/g, ' ');
}
