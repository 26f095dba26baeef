/**
 * The only Handlebars helpers templates may use. Each one formats a value; none
 * decides what to print (views do). Registered on a private instance.
 */
import type { HelperDelegate } from 'handlebars';
import { commentLines, jsonString, mysqlString, sqlString, yamlString } from './quote.js';

type HandlebarsEnv = { registerHelper(name: string, fn: HelperDelegate): void };

/** Handlebars passes its options object last; these helpers take only plain values. */
function isOptions(value: unknown): boolean {
    return typeof value === 'object' && value !== null && 'hash' in value && 'data' in value;
}

function text(value: unknown, helper: string): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw new Error(`Helper '${helper}' expects a string, got ${value === null ? 'null' : typeof value}.`);
}

export const helpers: Readonly<Record<string, HelperDelegate>> = {
    /** `{{yamlString value}}` -> `"value"`, safe for any string. */
    yamlString: (value: unknown) => yamlString(text(value, 'yamlString')),
    /** `{{yamlList list}}` -> `["a", "b"]`, a YAML flow sequence of quoted strings. */
    yamlList: (list: unknown) => {
        if (!Array.isArray(list)) throw new Error('Helper \'yamlList\' expects a list.');
        return `[${list.map(item => yamlString(text(item, 'yamlList'))).join(', ')}]`;
    },
    /** `{{join list ", "}}`; the separator defaults to `, `. */
    join: (list: unknown, separator: unknown) => {
        if (!Array.isArray(list)) throw new Error('Helper \'join\' expects a list.');
        const sep = isOptions(separator) || separator === undefined ? ', ' : text(separator, 'join');
        return list.map(item => text(item, 'join')).join(sep);
    },
    /** `{{jsonString value}}` -> `"value"`: a JSON string, also a TypeScript string literal. */
    jsonString: (value: unknown) => jsonString(text(value, 'jsonString')),
    /** `{{jsonList list}}` -> `["a", "b"]`: a JSON array of strings, also a TypeScript array literal. */
    jsonList: (list: unknown) => {
        if (!Array.isArray(list)) throw new Error('Helper \'jsonList\' expects a list.');
        return `[${list.map(item => jsonString(text(item, 'jsonList'))).join(', ')}]`;
    },
    /** `{{sqlString value}}` -> `'value'` (standard SQL). */
    sqlString: (value: unknown) => sqlString(text(value, 'sqlString')),
    /** `{{mysqlString value}}` -> `'value'` (MySQL, backslashes escaped). */
    mysqlString: (value: unknown) => mysqlString(text(value, 'mysqlString')),
    /** `{{commentLines text "-- "}}`: every line of a doc string as a comment. */
    commentLines: (value: unknown, prefix: unknown) => commentLines(text(value, 'commentLines'), text(prefix, 'commentLines'))
};

export function registerHelpers(env: HandlebarsEnv): void {
    for (const [name, fn] of Object.entries(helpers)) env.registerHelper(name, fn);
}
