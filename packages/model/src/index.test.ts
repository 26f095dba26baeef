import { describe, expect, it } from 'vitest';
import { perModel, type ArchitectureModel, type Component, type Connector } from './index.js';

function model(components: Component[], connectors: Connector[]): ArchitectureModel {
    return { components, connectors } as unknown as ArchitectureModel;
}

describe('perModel', () => {
    it('computes once per model, again when its component or connector list is replaced or grows', () => {
        let computed = 0;
        const count = perModel(m => {
            computed++;
            return m.components.length + m.connectors.length;
        });
        const components = [{ name: 'a' }] as unknown as Component[];
        const connectors: Connector[] = [];
        const m = model(components, connectors);
        expect(count(m)).toBe(1);
        expect(count(m)).toBe(1);
        expect(computed).toBe(1);

        // Another model: its own answer.
        expect(count(model([], []))).toBe(0);
        expect(computed).toBe(2);

        components.push({ name: 'b' } as unknown as Component);
        expect(count(m)).toBe(2);
        connectors.push({ from: 'a', to: 'b' } as unknown as Connector);
        expect(count(m)).toBe(3);
        (m as { components: Component[] }).components = [];
        expect(count(m)).toBe(1);
        expect(computed).toBe(5);
        expect(count(m)).toBe(1);
        expect(computed).toBe(5);
    });
});
