import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** Every .arch file below `dir`, at any depth. */
export function archFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return archFiles(full);
        return entry.name.endsWith('.arch') ? [full] : [];
    });
}

/** The .arch files of the examples and of the language's fixtures, valid and broken ones. */
export function exampleAndFixtureFiles(): string[] {
    return [...archFiles(path.join(REPO_ROOT, 'examples')), ...archFiles(path.join(REPO_ROOT, 'packages/language/src/validation/__fixtures__'))];
}
