import { describe, expect, it } from 'vitest';
import { ecommerceModel, minimalModel } from '../test-support/fixtures.js';
import { ODD, oddModel, sixtyModel } from '../test-support/diagram.js';
import { dotId, html, toDot } from './dot.js';
import { diagramView } from './view.js';

const dot = toDot(diagramView(ecommerceModel));
const lines = dot.split('\n');

/** The statement that declares node `name`, and its attributes. */
function node(text: string, name: string): string {
    const statement = text.split('\n').find(l => l.trimStart().startsWith(`${dotId(name)} [label=`));
    if (!statement) throw new Error(`no node ${name}`);
    return statement;
}

/** The body of `subgraph "cluster_<zone>" { ... }`. */
function cluster(text: string, zone: string): string {
    const start = text.indexOf(`subgraph "cluster_${zone}" {`);
    if (start < 0) throw new Error(`no cluster ${zone}`);
    return text.slice(start, text.indexOf('\n    }', start));
}

describe('dotId and html', () => {
    it('quote a DOT id: quotes escaped, backslashes doubled so none escapes the closing quote', () => {
        expect(dotId('plain')).toBe('"plain"');
        expect(dotId('a"b')).toBe('"a\\"b"');
        expect(dotId('a\\')).toBe('"a\\\\"');
        expect(dotId('two\nlines')).toBe('"two\\nlines"');
    });

    it('escape text for an HTML-like label', () => {
        expect(html(`<b> & "x" 'y'`)).toBe(`&lt;b&gt; &amp; &quot;x&quot; 'y'`);
        expect(html('&amp;')).toBe('&amp;amp;');
        expect(html('two\n  lines')).toBe('two lines');
    });
});

describe('toDot', () => {
    it('is a digraph named after the model, titled, with its legend in the label', () => {
        expect(lines[0]).toBe('digraph "E-commerce" {');
        expect(lines[1]).toContain('rankdir=TB');
        expect(lines[1]).toContain('<font point-size="20"><b>E-commerce</b></font>');
        for (const text of ['load balancer', 'frontend', 'API gateway', 'backend', 'message service', 'database', 'message channel',
            'public entry', 'http (synchronous call)', 'db_connector (owns its data)', 'message_queue (through a channel)']) {
            expect(lines[1]).toContain(`>${text}</font>`);
        }
        expect(dot.endsWith('}\n')).toBe(true);
    });

    it('declares one node per component, in the cluster of its zone', () => {
        for (const c of ecommerceModel.components) {
            expect(lines.filter(l => l.trimStart().startsWith(`${dotId(c.name)} [`)), c.name).toHaveLength(1);
        }
        expect(cluster(dot, 'edge')).toContain(node(dot, 'shop_lb'));
        expect(cluster(dot, 'app')).toContain(node(dot, 'orders'));
        expect(cluster(dot, 'data')).toContain(node(dot, 'orders_db'));
        expect(cluster(dot, 'data')).toContain(node(dot, 'payment_processor'));
        expect(cluster(dot, 'app')).toContain('"@channel:rabbitmq/payments.requested" [label=<payments.requested>, shape=cds');
    });

    it('gives each kind its shape and colour, replicas as ×n, the entry a double border and its port', () => {
        expect(node(dot, 'shop_lb')).toMatch(/shape=invtrapezium, .*fillcolor="#ede9fe", color="#7c3aed", fixedsize=true, width=[\d.]+, height=0\.72, peripheries=2/);
        expect(node(dot, 'shop_lb')).toContain('<b>public :8080</b>');
        expect(node(dot, 'shop_fe')).toMatch(/shape=parallelogram, .*fixedsize=true/);
        expect(node(dot, 'shop_fe')).toContain('frontend <b>×2</b>');
        expect(node(dot, 'shop_gw')).toContain('shape=hexagon');
        expect(node(dot, 'users')).toContain('shape=box, style="filled,rounded"');
        expect(node(dot, 'payment_processor')).toContain('shape=component');
        expect(node(dot, 'orders_db')).toContain('shape=cylinder');
        expect(node(dot, 'users')).not.toContain('peripheries');
    });

    it('draws http solid, db_connector dashed, message_queue dotted through the channel, entries from outside', () => {
        expect(dot).toContain('"shop_fe" -> "shop_gw" [style=solid, color="#334155", penwidth=1.2];');
        expect(dot).toContain('"orders" -> "orders_db" [style=dashed, color="#b45309", penwidth=1.2, arrowhead=none];');
        // Into a channel: written backwards with dir=back, so the channel ranks before the services.
        expect(dot).toContain('"@channel:rabbitmq/payments.requested" -> "payments" [dir=back, style=dotted, color="#0f766e", penwidth=1.8];');
        expect(dot).toContain('"@channel:rabbitmq/payments.requested" -> "payment_processor" [style=dotted, color="#0f766e", penwidth=1.8];');
        expect(dot).toContain('"@outside" -> "shop_lb" [color="#dc2626", penwidth=2];');
        const edges = lines.filter(l => / -> /.test(l));
        expect(edges).toHaveLength(ecommerceModel.connectors.length + 2 + 1); // two connectors become four edges, one entry
    });

    it('puts the services of the app zone in one tier and the databases in the next', () => {
        // payment_processor is drawn in the data zone (it joins only the data network): not in the tier.
        expect(dot).toContain('{ rank=same; "users"; "products"; "inventory"; "orders"; "payments"; }');
        expect(dot).toContain('{ rank=same; "users_db"; "products_db"; "inventory_db"; "orders_db"; "payments_db"; }');
    });

    it('escapes every name: ids quoted, labels as HTML, the title too', () => {
        const odd = toDot(diagramView(oddModel));
        expect(odd.split('\n')[0]).toBe('digraph "My \\"odd\\" <model> & co\\\\" {');
        expect(odd).toContain('<b>My &quot;odd&quot; &lt;model&gt; &amp; co\\</b>');
        expect(node(odd, ODD.lb)).toContain('<b>lb&quot;quote</b>');
        expect(node(odd, ODD.gateway)).toContain('<b>gw&lt;tag&gt;&amp;amp;</b>');
        expect(node(odd, ODD.db)).toMatch(/^\s+"db\\nnewline" \[label=<<b>db newline<\/b>/);
        expect(odd).toContain(`"@channel:rabbitmq/odd\\"channel<1>" [label=<odd&quot;channel&lt;1&gt;>`);
        // No raw quote inside an id, no raw < or & inside a label.
        for (const line of odd.split('\n')) {
            for (const label of line.matchAll(/label=<(.*?)>(?:, |\];)/g)) expect(label[1]).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
        }
    });

    it('sizes a slanted node from its label', () => {
        const short = node(toDot(diagramView(minimalModel)), 'lb');
        const long = node(toDot(diagramView(sixtyModel())), 'logistics_svc1_lb');
        const width = (statement: string) => Number(/width=([\d.]+)/.exec(statement)![1]);
        expect(width(long)).toBeGreaterThan(width(short) + 0.5);
    });

    it('is deterministic', () => {
        expect(toDot(diagramView(structuredClone(ecommerceModel)))).toBe(dot);
        expect(toDot(diagramView(sixtyModel()))).toBe(toDot(diagramView(sixtyModel())));
    });
});
