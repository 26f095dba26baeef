import { describe, expect, it } from 'vitest';
import { isWhiteSpace } from './chars.js';

describe('isWhiteSpace', () => {
    it('is true exactly for the characters /\\s/ matches, over the whole Basic Multilingual Plane', () => {
        const differing: number[] = [];
        for (let code = 0; code <= 0xffff; code++) {
            if (isWhiteSpace(code) !== /\s/.test(String.fromCharCode(code))) differing.push(code);
        }
        expect(differing).toEqual([]);
    });
});
