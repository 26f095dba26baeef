import type { ComponentKind, ConnectorKind, Zone } from '@archgen/model';

/**
 * How the diagram draws each kind, shared by the DOT and Mermaid builders so
 * both formats tell the same story. Shapes are chosen to exist in both
 * (Graphviz name, Mermaid bracket pair).
 */
export interface KindStyle {
    /** Shown in the node and the legend. */
    readonly label: string;
    /** Graphviz `shape`. */
    readonly shape: string;
    /** Extra Graphviz `style` words besides `filled`. */
    readonly extraStyle: string;
    /**
     * Slanted sides: Graphviz would draw the shape around an ellipse around the
     * label, twice as wide as a box; the DOT builder sizes it from the label instead.
     */
    readonly slanted: boolean;
    /** Mermaid brackets around the quoted label. */
    readonly mermaid: readonly [open: string, close: string];
    readonly fill: string;
    readonly stroke: string;
}

export const KIND_STYLES: Readonly<Record<ComponentKind, KindStyle>> = {
    load_balancer: {
        label: 'load balancer', shape: 'invtrapezium', extraStyle: '', slanted: true, mermaid: ['[\\', '/]'], fill: '#ede9fe', stroke: '#7c3aed'
    },
    frontend: {
        label: 'frontend', shape: 'parallelogram', extraStyle: '', slanted: true, mermaid: ['[/', '/]'], fill: '#dbeafe', stroke: '#2563eb'
    },
    api_gateway: {
        label: 'API gateway', shape: 'hexagon', extraStyle: '', slanted: true, mermaid: ['{{', '}}'], fill: '#ffedd5', stroke: '#ea580c'
    },
    backend: {
        label: 'backend', shape: 'box', extraStyle: 'rounded', slanted: false, mermaid: ['(', ')'], fill: '#dcfce7', stroke: '#16a34a'
    },
    mqtp: {
        label: 'message service', shape: 'component', extraStyle: '', slanted: false, mermaid: ['[[', ']]'], fill: '#ccfbf1', stroke: '#0d9488'
    },
    database: {
        label: 'database', shape: 'cylinder', extraStyle: '', slanted: false, mermaid: ['[(', ')]'], fill: '#fef3c7', stroke: '#d97706'
    }
};

/** The order kinds appear in the legend: from the outside in. */
export const LEGEND_KIND_ORDER: readonly ComponentKind[] = ['load_balancer', 'frontend', 'api_gateway', 'backend', 'mqtp', 'database'];

export interface ConnectorStyle {
    readonly label: string;
    /** Graphviz edge `style`. */
    readonly line: 'solid' | 'dashed' | 'dotted';
    /** Mermaid `stroke-dasharray` (none for solid). */
    readonly dashArray: string | null;
    readonly color: string;
    readonly width: number;
}

export const CONNECTOR_STYLES: Readonly<Record<ConnectorKind, ConnectorStyle>> = {
    http: { label: 'http (synchronous call)', line: 'solid', dashArray: null, color: '#334155', width: 1.2 },
    db_connector: { label: 'db_connector (owns its data)', line: 'dashed', dashArray: '6 4', color: '#b45309', width: 1.2 },
    message_queue: { label: 'message_queue (through a channel)', line: 'dotted', dashArray: '2 3', color: '#0f766e', width: 1.8 }
};

export const CONNECTOR_ORDER: readonly ConnectorKind[] = ['http', 'db_connector', 'message_queue'];

/** A message channel: a tag between its publishers and consumers (Graphviz `cds`, Mermaid `>...]`). */
export const CHANNEL_STYLE = { label: 'channel', shape: 'cds', fill: '#ecfeff', stroke: '#0e7490' } as const;

/** The requests from outside to a public entry. */
export const ENTRY_STYLE = { color: '#dc2626', width: 2 } as const;

export interface ZoneStyle {
    readonly title: string;
    readonly caption: string;
    readonly fill: string;
    readonly stroke: string;
}

export const ZONE_STYLES: Readonly<Record<Zone, ZoneStyle>> = {
    edge: { title: 'edge', caption: 'network reachable from outside', fill: '#fef2f2', stroke: '#f87171' },
    app: { title: 'app', caption: 'internal network for http calls', fill: '#f8fafc', stroke: '#94a3b8' },
    data: { title: 'data', caption: 'internal network, no way out', fill: '#fffbeb', stroke: '#f59e0b' }
};

/**
 * Graphviz sizes text with the metrics of the one font it is named (a list
 * falls back to narrow Times metrics). Verdana is among the widest sans
 * fonts, so labels fit in whatever font the viewer has; the SVG then asks for
 * Verdana or a look-alike (`SVG_FONT_FAMILY`).
 */
export const FONT = 'Verdana';
export const SVG_FONT_FAMILY = 'Verdana,DejaVu Sans,Bitstream Vera Sans,Geneva,sans-serif';
export const MUTED = '#475569';
