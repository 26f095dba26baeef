import { describe, expect, it } from 'vitest';
import { hashContent, parseManifest, serializeManifest, type Manifest } from './manifest.js';

const manifest: Manifest = {
    generator: 'archgen',
    version: '0.1.0',
    model: '../../model.arch',
    target: 'compose',
    files: { 'b.txt': hashContent('b'), 'a/z.txt': hashContent('z'), 'a.txt': hashContent('a') }
};

describe('manifest', () => {
    it('hashes content as sha256:<hex>', () => {
        expect(hashContent('')).toBe('sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
        expect(hashContent(Buffer.from('x'))).toBe(hashContent('x'));
    });

    it('serialises deterministically: fixed key order, sorted files, trailing newline', () => {
        const text = serializeManifest(manifest);
        expect(text.endsWith('}\n')).toBe(true);
        expect(Object.keys(JSON.parse(text) as object)).toEqual(['generator', 'version', 'model', 'target', 'files']);
        expect(Object.keys((JSON.parse(text) as Manifest).files)).toEqual(['a.txt', 'a/z.txt', 'b.txt']);
        const shuffled = { ...manifest, files: Object.fromEntries(Object.entries(manifest.files).reverse()) };
        expect(serializeManifest(shuffled)).toBe(text);
    });

    it('parses what it writes', () => {
        expect(parseManifest(serializeManifest(manifest))).toEqual(manifest);
    });

    it.each([
        ['not json', /not JSON/],
        ['[]', /not a JSON object/],
        ['{"generator":"other","files":{}}', /'generator'/],
        ['{"generator":"archgen","files":[]}', /'files'/],
        ['{"generator":"archgen","files":{"a":"md5:x"}}', /hash of 'a'/]
    ])('rejects %j', (text, reason) => {
        const parsed = parseManifest(text);
        expect('invalid' in parsed && parsed.invalid).toMatch(reason);
    });
});
