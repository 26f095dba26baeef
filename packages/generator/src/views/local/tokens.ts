/**
 * The placeholders of a native run: what the local AddressBook writes where
 * compose writes service names, container ports and `${NAME}`. `run-local.mjs`
 * replaces them when `up` has allocated ports and read the secrets.
 *
 *   @{host}                       127.0.0.1
 *   @{dir}                        the absolute path of the generated folder
 *   @{instance}                   this process's instance name (`users-2`)
 *   @{port:<unit>:<port>}         the port of a unit: this replica's own when <unit> is
 *                                 the process's unit, otherwise the unit's first replica
 *   @{port:<unit>:<port>#<i>}     the port of replica i (0-based) of a unit
 *   @{secret:<NAME>}              a secret: environment of `up`, then .env, then .run-local/secrets.env
 *   @{setting:<NAME>}             a setting: environment of `up`, then .env, then its default
 *
 * `<port>` is the container port (3000, 8080, 5432...) or a named internal
 * port (`dist`, `epmd`). Nothing else in a value starts with `@{`.
 */

export const HOST_TOKEN = '@{host}';
export const DIR_TOKEN = '@{dir}';
export const INSTANCE_TOKEN = '@{instance}';

export function portToken(unit: string, port: number | string, replica?: number): string {
    return `@{port:${unit}:${port}${replica === undefined ? '' : `#${replica}`}}`;
}

export function secretToken(name: string): string {
    return `@{secret:${name}}`;
}

export function settingToken(name: string): string {
    return `@{setting:${name}}`;
}

/** The kinds of token in a value, in order of appearance. */
export function tokenKinds(value: string): string[] {
    return [...value.matchAll(/@\{([a-z]+)(?::[^}]*)?\}/g)].map(m => m[1]!);
}

/** True when a value depends on where the system runs (addresses, paths, instances), not on configuration. */
export function isPlacement(value: string): boolean {
    return tokenKinds(value).some(kind => kind === 'host' || kind === 'dir' || kind === 'instance' || kind === 'port');
}
