/**
 * JSON-shaped data as YAML: block style, two-space indents, keys in the order
 * given, every string double-quoted (no YAML 1.1 surprises: `on`, `no`,
 * `0.9.1`, `*`), plain keys where that is safe. Deterministic: the same data
 * gives the same text.
 */
import { yamlString } from './quote.js';

export type YamlValue = string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue };

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;
/** Keys YAML 1.1 would read as booleans or null. */
const RESERVED = /^(y|yes|n|no|true|false|on|off|null)$/i;

export function toYaml(value: YamlValue): string {
    return `${lines(value, '').join('\n')}\n`;
}

function lines(value: YamlValue, pad: string): string[] {
    if (isInline(value)) return [`${pad}${inline(value)}`];
    return Array.isArray(value) ? sequence(value, pad) : mapping(value as { readonly [key: string]: YamlValue }, pad);
}

function isInline(value: YamlValue): boolean {
    if (value === null || typeof value !== 'object') return true;
    return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

function inline(value: YamlValue): string {
    if (value === null) return 'null';
    if (typeof value === 'string') return yamlString(value);
    if (typeof value === 'number') {
        if (!Number.isFinite(value)) throw new Error(`YAML cannot hold ${value}.`);
        return String(value);
    }
    if (typeof value === 'boolean') return String(value);
    return Array.isArray(value) ? '[]' : '{}';
}

function key(name: string): string {
    return PLAIN_KEY.test(name) && !RESERVED.test(name) ? name : yamlString(name);
}

function mapping(value: { readonly [key: string]: YamlValue }, pad: string): string[] {
    const out: string[] = [];
    for (const [name, item] of Object.entries(value)) {
        if (isInline(item)) out.push(`${pad}${key(name)}: ${inline(item)}`);
        else out.push(`${pad}${key(name)}:`, ...lines(item, `${pad}  `));
    }
    return out;
}

function sequence(value: readonly YamlValue[], pad: string): string[] {
    const out: string[] = [];
    for (const item of value) {
        if (isInline(item)) {
            out.push(`${pad}- ${inline(item)}`);
        } else if (Array.isArray(item)) {
            out.push(`${pad}-`, ...sequence(item, `${pad}  `));
        } else {
            const inner = mapping(item as { readonly [key: string]: YamlValue }, `${pad}  `);
            out.push(`${pad}- ${inner[0]!.slice(pad.length + 2)}`, ...inner.slice(1));
        }
    }
    return out;
}
