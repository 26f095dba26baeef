import { Chalk, type ChalkInstance } from 'chalk';

/**
 * A chalk instance for one stream: colour only on a TTY and only when
 * `NO_COLOR` is not set (whatever its value, even empty).
 */
export function colorsFor(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): ChalkInstance {
    return new Chalk({ level: isTTY && env['NO_COLOR'] === undefined ? 1 : 0 });
}

export const noColors: ChalkInstance = new Chalk({ level: 0 });
