import { describe, expect, it } from 'vitest';
import { ArchgenAstReflection, reflection } from '../generated/ast.js';
import { withCachedSubtypes } from './reflection.js';

describe('withCachedSubtypes', () => {
    it("answers isSubtype and isInstance as Langium's reflection does, for every pair of types, asked twice", () => {
        const langium = new ArchgenAstReflection();
        const ours = withCachedSubtypes(new ArchgenAstReflection());
        const types = langium.getAllTypes();
        expect(types.length).toBeGreaterThan(40);
        let subtypes = 0;
        for (let round = 0; round < 2; round++) {
            for (const sub of types) {
                for (const sup of types) {
                    const expected = langium.isSubtype(sub, sup);
                    expect(ours.isSubtype(sub, sup), `${sub} < ${sup}`).toBe(expected);
                    expect(reflection.isSubtype(sub, sup), `${sub} < ${sup} (module instance)`).toBe(expected);
                    expect(ours.isInstance({ $type: sub }, sup)).toBe(expected);
                    if (expected && sub !== sup) subtypes++;
                }
            }
        }
        // Some types have supertypes (the answers are not all "only itself").
        expect(subtypes).toBeGreaterThan(20);
    });
});
