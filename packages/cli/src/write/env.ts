import { randomBytes } from 'node:crypto';
import type { SecretSpec } from '../generator.js';

export const ENV_PATH = '.env';
export const ENV_MODE = 0o600;

/** A fresh random secret: 24 random bytes, base64url (32 characters, safe unquoted in `.env`). */
export function randomSecret(): string {
    return randomBytes(24).toString('base64url');
}

/** The variable names an existing `.env` defines (`NAME=...`, optionally `export NAME=...`). */
export function envNames(text: string): Set<string> {
    const names = new Set<string>();
    for (const line of text.split(/\r?\n/)) {
        const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line);
        if (match) names.add(match[1]!);
    }
    return names;
}

const HEADER = [
    '# Secrets of the generated system, read by docker compose and by kustomize (kustomization.yaml).',
    '# archgen adds the variables that are missing and never changes a value here.',
    '# Keep this file private: do not commit it.'
];

function entry(secret: SecretSpec, value: string): string {
    const description = secret.description.replace(/\s+/g, ' ').trim();
    return `${description ? `# ${description}\n` : ''}${secret.name}=${value}\n`;
}

export interface EnvUpdate {
    /** The new text of `.env`, or undefined when nothing needs adding. */
    readonly text?: string;
    /** The names added, in the generator's order. */
    readonly added: readonly string[];
}

/**
 * Merges the secrets into an existing `.env` (undefined: none yet). Existing
 * lines are kept byte for byte; each missing variable is appended with its
 * description, a username its suggested value, anything else a random value.
 */
export function mergeEnv(existing: string | undefined, secrets: readonly SecretSpec[], random: () => string = randomSecret): EnvUpdate {
    const present = envNames(existing ?? '');
    const missing: SecretSpec[] = [];
    for (const secret of secrets) {
        if (present.has(secret.name)) continue;
        present.add(secret.name);
        missing.push(secret);
    }
    if (missing.length === 0) return { added: [] };
    const entries = missing.map(secret => entry(secret, secret.kind === 'username' && secret.suggested ? secret.suggested : random()));
    let text: string;
    if (existing === undefined || existing.trim() === '') {
        text = `${HEADER.join('\n')}\n\n${entries.join('\n')}`;
    } else {
        text = `${existing}${existing.endsWith('\n') ? '' : '\n'}\n${entries.join('\n')}`;
    }
    return { text, added: missing.map(secret => secret.name) };
}
