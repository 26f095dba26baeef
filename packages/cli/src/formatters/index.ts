import type { Formatter } from './formatter.js';
import { githubFormatter } from './github.js';
import { jsonFormatter } from './json.js';
import { sarifFormatter } from './sarif.js';
import { textFormatter } from './text.js';

export type { Formatter, FormatContext } from './formatter.js';
export { formatDiagnostics, formatSummary } from './text.js';

/** Every `--format`: the one place a new format is added. */
export const FORMATTERS = {
    text: textFormatter,
    json: jsonFormatter,
    sarif: sarifFormatter,
    github: githubFormatter
} as const satisfies Record<string, Formatter>;

export type FormatName = keyof typeof FORMATTERS;

export const FORMAT_NAMES = Object.keys(FORMATTERS) as FormatName[];
