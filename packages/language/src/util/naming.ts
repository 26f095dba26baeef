/** Names derived from model names: services, tables, resources, columns. */

import { kebabCase, snakeCase, words } from '@archgen/model';

export { kebabCase, snakeCase, words };

/** English plural of one lower-case word. */
export function pluralize(word: string): string {
    if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
    if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
    return `${word}s`;
}

function pluralWords(name: string): string[] {
    const w = words(name);
    if (w.length === 0) return w;
    w[w.length - 1] = pluralize(w[w.length - 1]!);
    return w;
}

/** `OrderDetail` -> `order_details`. */
export function tableName(entity: string): string {
    return pluralWords(entity).join('_');
}

/** `OrderDetail` -> `order-details`. */
export function resourceName(entity: string): string {
    return pluralWords(entity).join('-');
}

/**
 * A container, host and Kubernetes (DNS-1123 label) name: lower case letters,
 * digits and `-`, starting with a letter, at most 63 characters.
 */
export function serviceName(name: string): string {
    let s = name
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '');
    if (s === '') s = `c-${shortHash(name)}`;
    else if (!/^[a-z]/.test(s)) s = `c-${s}`;
    if (s.length > 63) s = s.slice(0, 63).replace(/-+$/, '');
    return s;
}

/** True when the name is already usable as a compose service name as written. */
export function isPortableName(name: string): boolean {
    return /^[a-z][a-z0-9_]*$/.test(name) && name.length <= 63;
}

/** Eight hex digits of FNV-1a: stable, for names that have no Latin letters. */
function shortHash(text: string): string {
    let h = 0x811c9dc5;
    for (const ch of text) {
        h ^= ch.codePointAt(0)!;
        h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, '0');
}
