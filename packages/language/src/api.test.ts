import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkSources } from './api.js';
import { testServices } from './test-support/index.js';

const ECOMMERCE = fileURLToPath(new URL('../../../examples/ecommerce.arch', import.meta.url));

describe('checkSources', () => {
    const text = readFileSync(ECOMMERCE, 'utf8');

    it('builds the IR of a model without errors, and not when asked for diagnostics only ({ model: false })', async () => {
        const [full] = await checkSources(testServices(), [{ uri: 'file:///api/shop.arch', text }]);
        const [reportOnly] = await checkSources(testServices(), [{ uri: 'file:///api/shop.arch', text }], { model: false });
        expect(full!.model?.components.length).toBeGreaterThan(10);
        expect(reportOnly!.model).toBeUndefined();
        expect(reportOnly!.diagnostics).toEqual(full!.diagnostics);
        expect(reportOnly!.hasErrors).toBe(false);
    });

    it('gives the same diagnostics either way for a model with errors and warnings', async () => {
        const broken = text.replace('component backend', 'component backnd');
        const [full] = await checkSources(testServices(), [{ uri: 'file:///api/broken.arch', text: broken }]);
        const [reportOnly] = await checkSources(testServices(), [{ uri: 'file:///api/broken.arch', text: broken }], { model: false });
        expect(full!.hasErrors).toBe(true);
        expect(reportOnly).toEqual(full);
    });
});
