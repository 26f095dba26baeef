import { describe, expect, it } from 'vitest';
import { ecommerceModel } from '../test-support/fixtures.js';
import { ODD, oddModel, sixtyModel } from '../test-support/diagram.js';
import { text, toMermaid } from './mermaid.js';
import { diagramView } from './view.js';

const mermaid = toMermaid(diagramView(ecommerceModel));
const lines = mermaid.split('\n');

/** Every link statement, in the order Mermaid numbers them. */
function links(source: string): string[] {
    return source.split('\n').flatMap(line => {
        const parts = line.trim().split(/ (-->|-\.-|-\.->|==>|~~~)(?:\|"[^"]*"\|)? /);
        return parts.filter((_, i) => i % 2 === 1);
    });
}

/** `linkStyle 1,2 stroke:...` as link index -> style. */
function linkStyles(source: string): Map<number, string> {
    const styles = new Map<number, string>();
    for (const m of source.matchAll(/^ {4}linkStyle ([\d,]+) (.*)$/gm)) for (const i of m[1]!.split(',')) styles.set(Number(i), m[2]!);
    return styles;
}

describe('text', () => {
    it('writes every character that could end a quoted label, open a tag or an entity as its code', () => {
        expect(text('a "b" <c> & #d | `e` \\f')).toBe('a #34;b#34; #60;c#62; #38; #35;d #124; #96;e#96; #92;f');
        expect(text('two\n  lines')).toBe('two lines');
        expect(text('payments.requested ×2')).toBe('payments.requested ×2');
    });
});

describe('toMermaid', () => {
    it('is a flowchart titled after the model, in the direction of the view', () => {
        expect(lines.slice(0, 4)).toEqual(['---', 'title: "E-commerce"', '---', 'flowchart TB']);
        expect(toMermaid(diagramView(sixtyModel())).split('\n')[3]).toBe('flowchart LR');
    });

    it('declares one node per component, with its shape, inside its zone', () => {
        for (const c of ecommerceModel.components) {
            expect(lines.filter(l => new RegExp(`^\\s+c_${c.name}[\\[({>]`).test(l)), c.name).toHaveLength(1);
        }
        const zone = (name: string) => mermaid.slice(mermaid.indexOf(`subgraph zone_${name}[`), mermaid.indexOf('    end', mermaid.indexOf(`subgraph zone_${name}[`)));
        expect(zone('edge')).toContain('c_shop_lb[\\"<b>shop_lb</b><br/>load balancer<br/>public :8080"/]');
        expect(zone('app')).toContain('c_shop_fe[/"<b>shop_fe</b><br/>frontend ×2"/]');
        expect(zone('app')).toContain('c_shop_gw{{"<b>shop_gw</b><br/>API gateway"}}');
        expect(zone('app')).toContain('c_users("<b>users</b><br/>backend")');
        expect(zone('app')).toContain('ch_payments_requested>"payments.requested"]');
        expect(zone('data')).toContain('c_payment_processor[["<b>payment_processor</b><br/>message service"]]');
        expect(zone('data')).toContain('c_orders_db[("<b>orders_db</b><br/>postgres database")]');
    });

    it('colours nodes by kind and styles each link by its kind', () => {
        expect(mermaid).toContain('    classDef backend fill:#dcfce7,stroke:#16a34a,color:#0f172a\n    class c_users,c_products,c_inventory,c_orders,c_payments,legend_backend backend');
        expect(mermaid).toContain('    class c_shop_lb,legend_entry entry');
        const all = links(mermaid);
        const styles = linkStyles(mermaid);
        expect(all.length).toBe(styles.size + all.filter(l => l === '~~~').length);
        all.forEach((arrow, index) => {
            const style = styles.get(index);
            if (arrow === '~~~') expect(style, `link ${index}`).toBeUndefined();
            if (arrow === '-->') expect(style, `link ${index}`).toBe('stroke:#334155,stroke-width:1.2px');
            if (arrow === '-.-') expect(style, `link ${index}`).toContain('stroke-dasharray:6 4');
            if (arrow === '-.->') expect(style, `link ${index}`).toContain('stroke-dasharray:2 3');
            if (arrow === '==>') expect(style, `link ${index}`).toContain('stroke:#dc2626');
        });
        expect(mermaid).toContain('    outside ==> c_shop_lb\n');
        expect(mermaid).toContain('    c_payments -.-> ch_payments_requested\n    ch_payments_requested -.-> c_payment_processor\n');
        expect(mermaid).toContain('    c_orders -.- c_orders_db\n');
    });

    it('has a legend of the kinds, the channel, the entry and the line styles in use', () => {
        const legend = mermaid.slice(mermaid.indexOf('subgraph legend['), mermaid.indexOf('    end', mermaid.indexOf('subgraph legend[')));
        for (const item of ['legend_load_balancer[\\"load balancer"/]', 'legend_mqtp[["message service"]]', 'legend_channel>"message channel on rabbitmq"]',
            'legend_http_from[" "] -->|"http"| legend_http_to[" "]', 'legend_message_queue_from[" "] -.->|']) {
            expect(legend).toContain(item);
        }
    });

    it('escapes names and keeps ids to safe, distinct identifiers', () => {
        const odd = toMermaid(diagramView(oddModel));
        expect(odd).toContain('title: "My \\"odd\\" <model> & co\\\\"');
        expect(odd).toContain('c_lb_quote[\\"<b>lb#34;quote</b>');
        expect(odd).toContain('c_gw_tag__amp_{{"<b>gw#60;tag#62;#38;amp;</b>');
        expect(odd).toContain('c_end("<b>end</b>');
        expect(odd).toContain('c_a_b_c_d_e[["<b>a#35;b#124;c#96;d#92;e</b><br/>message service ×3"]]');
        expect(odd).toContain('c_db_newline[("<b>db newline</b>');
        expect(odd).toContain('ch_odd_channel_1_>"odd#34;channel#60;1#62;"]');
        // Inside every quoted label, nothing but the codes: no quote, no raw <, & or # outside them.
        for (const label of odd.slice(odd.indexOf('flowchart')).matchAll(/"([^"\n]*)"/g)) {
            expect(label[1]!.replace(/<\/?b>|<br\/>/g, '').replace(/#\d+;/g, '')).not.toMatch(/[<>&#|`]/);
        }
        expect(ODD.service).toBe('end');
    });

    it('numbers two names that meet on the same id', () => {
        const model = { ...oddModel, components: [...oddModel.components, { ...oddModel.components[2]!, name: 'lb_quote' }] };
        const ids = toMermaid(diagramView(model)).split('\n').filter(l => /^\s+c_lb_quote(_\d)?[[({]/.test(l));
        expect(ids.map(l => l.trim().split(/[[({]/)[0])).toEqual(['c_lb_quote', 'c_lb_quote_2']);
    });

    it('is deterministic', () => {
        expect(toMermaid(diagramView(structuredClone(ecommerceModel)))).toBe(mermaid);
    });
});
