/**
 * How names are split into words, shared by the IR builder (tables,
 * resources, service names) and the generator (packages, routes), so both
 * derive the same names from the same model names.
 */

/** Words of a name: `OrderDetail`, `order_detail`, `order-detail` -> [order, detail]. */
export function words(name: string): string[] {
    return name
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
        .split(/[^\p{L}\p{N}]+/u)
        .filter(w => w.length > 0)
        .map(w => w.toLowerCase());
}

/** `OrderDetail` -> `order_detail`. */
export function snakeCase(name: string): string {
    return words(name).join('_');
}

/** `ecommerce_be_usr` -> `ecommerce-be-usr`. */
export function kebabCase(name: string): string {
    return words(name).join('-');
}
