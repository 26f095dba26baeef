import * as naming from '../util/naming.js';

/**
 * The names util/naming.ts derives from model names (columns, tables,
 * resources, services), with a fast path for the names models are made of:
 * ASCII identifiers. util/naming.ts splits words with three regular
 * expressions and three arrays per call; a model of 10,000 components asks
 * for some 100,000 of these names while validating and building its IR.
 * Any other name goes to util/naming.ts, so the results are always its own
 * (names.test.ts compares both on many names).
 */

/** `OrderDetail` -> `order_detail`. */
export function snakeCase(name: string): string {
    if (isLowerSnake(name)) return name;
    return (asciiWords(name) ?? naming.words(name)).join('_');
}

/** `ecommerce_be_usr` -> `ecommerce-be-usr`. */
export function kebabCase(name: string): string {
    if (isLowerSnake(name)) return name.replaceAll('_', '-');
    return (asciiWords(name) ?? naming.words(name)).join('-');
}

/** `OrderDetail` -> `order_details`. */
export function tableName(entity: string): string {
    return pluralWords(entity).join('_');
}

/** `OrderDetail` -> `order-details`. */
export function resourceName(entity: string): string {
    return pluralWords(entity).join('-');
}

/** A container, host and Kubernetes name: `b1_lb_api` -> `b1-lb-api`. */
export function serviceName(name: string): string {
    if (name.length <= 63 && isLowerSnake(name) && isLower(name.charCodeAt(0))) return name.replaceAll('_', '-');
    return naming.serviceName(name);
}

function pluralWords(name: string): string[] {
    const w = asciiWords(name) ?? naming.words(name);
    if (w.length > 0) w[w.length - 1] = naming.pluralize(w[w.length - 1]!);
    return w;
}

/** True for `a`, `order_id`, `b12_svc3` (and ''): lower-case letters and digits, single `_` between them. */
function isLowerSnake(name: string): boolean {
    let previous = 95; // `_`: a name must not start with one
    for (let i = 0; i < name.length; i++) {
        const c = name.charCodeAt(i);
        if (c === 95) {
            if (previous === 95) return false;
        } else if (!isLower(c) && !isDigit(c)) {
            return false;
        }
        previous = c;
    }
    return name.length === 0 || previous !== 95;
}

/**
 * naming.words() of a name made of ASCII letters, digits and `_` only, else
 * undefined. words() breaks before an upper-case letter that follows a
 * lower-case letter or a digit (`orderId`), and before the last of a run of
 * upper-case letters when a lower-case one follows (`HTTPServer`); then at
 * every `_`; and lowers each word.
 */
function asciiWords(name: string): string[] | undefined {
    const result: string[] = [];
    let start = 0;
    for (let i = 0; i < name.length; i++) {
        const c = name.charCodeAt(i);
        if (c === 95) {
            if (i > start) result.push(name.slice(start, i).toLowerCase());
            start = i + 1;
            continue;
        }
        if (isUpper(c)) {
            if (i > start) {
                const before = name.charCodeAt(i - 1);
                if (isLower(before) || isDigit(before) || (isUpper(before) && isLower(name.charCodeAt(i + 1)))) {
                    result.push(name.slice(start, i).toLowerCase());
                    start = i;
                }
            }
        } else if (!isLower(c) && !isDigit(c)) {
            return undefined;
        }
    }
    if (name.length > start) result.push(name.slice(start).toLowerCase());
    return result;
}

function isLower(c: number): boolean {
    return c >= 97 && c <= 122;
}

function isUpper(c: number): boolean {
    return c >= 65 && c <= 90;
}

function isDigit(c: number): boolean {
    return c >= 48 && c <= 57;
}
