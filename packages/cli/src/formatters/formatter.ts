import type { ChalkInstance } from 'chalk';
import type { CheckReport } from '../load.js';
import type { RuleDoc } from '../rules.js';

export interface FormatContext {
    /** Colours for the stream the output goes to (level 0 when it must stay plain). */
    readonly colors: ChalkInstance;
    /**
     * The absolute folder machine formats (`sarif`, `github`) make paths relative
     * to: the working folder, or the GitHub workspace when archgen runs in a
     * GitHub workflow inside it (GitHub resolves paths against the repository root).
     */
    readonly root: string;
    /** The rule page of each code in the report that has one; empty unless the formatter `usesRules`. */
    readonly rules: ReadonlyMap<string, RuleDoc>;
}

/** Prints a check report. Adding a format is one formatter plus one line in `index.ts`. */
export interface Formatter {
    /** Shown in `archgen check --help`. */
    readonly description: string;
    /** Machine formats never carry ANSI colour, whatever the stream. */
    readonly colored: boolean;
    /** True when the output carries the rule pages (`docs/rules/<code>.md`), so the command loads them first. */
    readonly usesRules: boolean;
    /** The whole output, ending with a newline. */
    format(report: CheckReport, context: FormatContext): string;
}
