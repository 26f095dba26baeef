import type { ChalkInstance } from 'chalk';
import type { CheckReport } from '../load.js';

export interface FormatContext {
    /** Colours for the stream the output goes to (level 0 when it must stay plain). */
    readonly colors: ChalkInstance;
}

/** Prints a check report. Adding a format (`sarif`, `github`) is one formatter plus one line in `index.ts`. */
export interface Formatter {
    /** Shown in `archgen check --help`. */
    readonly description: string;
    /** Machine formats never carry ANSI colour, whatever the stream. */
    readonly colored: boolean;
    /** The whole output, ending with a newline. */
    format(report: CheckReport, context: FormatContext): string;
}
