/** Literal quoting for the languages the templates write. Pure functions, shared by helpers and views. */

/** A YAML double-quoted scalar (JSON string syntax, with the YAML line separators escaped too). */
export function yamlString(value: string): string {
    return JSON.stringify(value).replace(/[\u0085\u2028\u2029]/g, ch => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A JSON string, which is also a JavaScript and TypeScript string literal. */
export function jsonString(value: string): string {
    return JSON.stringify(value).replace(/[\u2028\u2029]/g, ch => `\\u${ch.charCodeAt(0).toString(16)}`);
}

/** A standard SQL string literal (PostgreSQL with standard_conforming_strings). */
export function sqlString(value: string): string {
    return `'${value.replace(/'/g, "''")}'`;
}

/** A MySQL string literal: backslash is an escape character there too. */
export function mysqlString(value: string): string {
    return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** Each line of `text` behind `prefix` (`# `, `-- `), trailing spaces trimmed. */
export function commentLines(text: string, prefix: string): string {
    return text
        .split(/\r?\n/)
        .map(line => `${prefix}${line}`.trimEnd())
        .join('\n');
}
