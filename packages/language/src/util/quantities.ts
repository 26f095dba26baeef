/** Values with units: durations (`30s`, `500ms`, `2m`, `1h`) and sizes (`1mb`, `512k`). */

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** Milliseconds, or undefined when the text is not a duration with a unit. */
export function parseDuration(text: string | number | undefined): number | undefined {
    if (text === undefined) return undefined;
    const m = /^(\d+(?:\.\d+)?)([a-zA-Z]+)$/.exec(String(text));
    if (!m) return undefined;
    const factor = DURATION_UNITS[m[2]!.toLowerCase()];
    return factor === undefined ? undefined : Math.round(Number(m[1]) * factor);
}

const SIZE_UNITS: Record<string, string> = { b: '', k: 'k', kb: 'k', m: 'm', mb: 'm', g: 'g', gb: 'g' };

/** A size in nginx syntax (`1m`, `512k`, `1024`), or undefined when not a size. */
export function parseSize(text: string | number | undefined): string | undefined {
    if (text === undefined) return undefined;
    const m = /^(\d+)([a-zA-Z]*)$/.exec(String(text));
    if (!m) return undefined;
    const unit = SIZE_UNITS[m[2]!.toLowerCase()];
    return unit === undefined ? undefined : `${m[1]}${unit}`;
}
