import { createHash } from 'node:crypto';
import { compareStrings } from '../files/expand.js';

/** Where the manifest lives, relative to the output folder. */
export const MANIFEST_PATH = '.archgen/manifest.json';

/** What archgen wrote last time, so a regeneration can tell the user's edits from its own output. */
export interface Manifest {
    readonly generator: 'archgen';
    readonly version: string;
    /** The model, relative to the output folder. */
    readonly model: string;
    readonly target: string;
    /** Path (relative to the output folder) -> `sha256:<hex>` of the content archgen generated. */
    readonly files: Readonly<Record<string, string>>;
}

export function hashContent(content: string | Uint8Array): string {
    return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

/** Deterministic text: fixed key order, files sorted by path, two-space indent, trailing newline. */
export function serializeManifest(manifest: Manifest): string {
    const files = Object.fromEntries(
        Object.entries(manifest.files).sort(([a], [b]) => compareStrings(a, b))
    );
    const ordered = {
        generator: manifest.generator,
        version: manifest.version,
        model: manifest.model,
        target: manifest.target,
        files
    };
    return `${JSON.stringify(ordered, null, 2)}\n`;
}

const HASH = /^sha256:[0-9a-f]{64}$/;

/** Parses a manifest; returns a reason instead when it is not one archgen wrote. */
export function parseManifest(text: string): Manifest | { readonly invalid: string } {
    let data: unknown;
    try {
        data = JSON.parse(text);
    } catch (error) {
        return { invalid: `not JSON (${error instanceof Error ? error.message : String(error)})` };
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return { invalid: 'not a JSON object' };
    const record = data as Record<string, unknown>;
    if (record['generator'] !== 'archgen') return { invalid: "'generator' is not 'archgen'" };
    const files = record['files'];
    if (typeof files !== 'object' || files === null || Array.isArray(files)) return { invalid: "'files' is not an object" };
    for (const [file, hash] of Object.entries(files)) {
        if (typeof hash !== 'string' || !HASH.test(hash)) return { invalid: `the hash of '${file}' is not sha256:<hex>` };
    }
    const field = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : '');
    return {
        generator: 'archgen',
        version: field('version'),
        model: field('model'),
        target: field('target'),
        files: files as Record<string, string>
    };
}
