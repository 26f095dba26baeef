import type { ChalkInstance } from 'chalk';
import type { FileAction, KeptReason, WritePlan } from './plan.js';

const REASON: Record<KeptReason, string> = { edited: 'edited', 'not-generated': 'not written by archgen' };

interface Counts {
    created: number;
    updated: number;
    unchanged: number;
    kept: number;
    overwritten: number;
    removed: number;
}

export function countActions(actions: readonly FileAction[]): Counts & { generated: number } {
    const counts: Counts = { created: 0, updated: 0, unchanged: 0, kept: 0, overwritten: 0, removed: 0 };
    for (const action of actions) {
        switch (action.kind) {
            case 'create':
                counts.created++;
                break;
            case 'update':
                counts.updated++;
                break;
            case 'unchanged':
                counts.unchanged++;
                break;
            case 'keep':
                counts.kept++;
                break;
            case 'overwrite':
                counts.overwritten++;
                break;
            case 'remove':
                counts.removed++;
                break;
            case 'keep-removed':
                break;
        }
    }
    const generated = counts.created + counts.updated + counts.unchanged + counts.kept + counts.overwritten;
    return { ...counts, generated };
}

function plural(count: number, word: string): string {
    return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function breakdown(counts: Counts, dryRun: boolean): string {
    const to = dryRun ? 'to ' : '';
    const parts = [
        counts.created ? `${counts.created} ${to}create${dryRun ? '' : 'd'}` : '',
        counts.updated ? `${counts.updated} ${to}update${dryRun ? '' : 'd'}` : '',
        counts.overwritten ? `${counts.overwritten} ${dryRun ? 'to overwrite' : 'overwritten'}: --force` : '',
        counts.unchanged ? `${counts.unchanged} unchanged` : '',
        counts.kept ? `${counts.kept} kept: edited` : '',
        counts.removed ? `${counts.removed} ${dryRun ? 'to remove' : 'removed'}` : ''
    ].filter(Boolean);
    return parts.length ? ` (${parts.join(', ')})` : '';
}

/** One line per action the user should know about (created, updated and unchanged files are only counted). */
function actionLine(action: FileAction, dryRun: boolean, colors: ChalkInstance): string | undefined {
    const would = dryRun ? 'would ' : '';
    switch (action.kind) {
        case 'create':
            return dryRun ? `would create ${action.path}` : undefined;
        case 'update':
            return dryRun ? `would update ${action.path}` : undefined;
        case 'unchanged':
            return undefined;
        case 'overwrite':
            return colors.yellow(`${dryRun ? 'would overwrite' : 'overwrote'} (${REASON[action.reason]}, --force): ${action.path}`);
        case 'keep': {
            const wrote = action.newUnchanged ? `${action.newPath} is up to date` : `${dryRun ? 'would write' : 'wrote'} ${action.newPath}`;
            return colors.yellow(`${dryRun ? 'would keep' : 'kept'} (${REASON[action.reason]}): ${action.path} -> ${wrote}`);
        }
        case 'remove':
            return `${would}${dryRun ? 'remove' : 'removed'} (no longer generated): ${action.path}`;
        case 'keep-removed':
            return colors.yellow(`${dryRun ? 'would keep' : 'kept'} (edited, no longer generated): ${action.path}`);
    }
}

function envLine(plan: WritePlan, dryRun: boolean): string | undefined {
    const env = plan.env;
    if (env.kind === 'create') {
        return `${dryRun ? 'would create' : 'created'} .env with ${plural(env.added.length, 'secret')} (mode 0600)`;
    }
    if (env.kind === 'update') {
        return `${dryRun ? 'would add' : 'added'} ${plural(env.added.length, 'missing secret')} to .env (${env.added.join(', ')})`;
    }
    return undefined;
}

/**
 * The report of a generation, or of what a dry run would do. Never prints a
 * secret's value, only the variable names.
 */
export function formatWriteReport(
    plan: WritePlan,
    options: { readonly outputDisplay: string; readonly dryRun: boolean; readonly colors: ChalkInstance }
): string {
    const { dryRun, colors } = options;
    const lines = [
        ...plan.notes.map(note => colors.yellow(`warning: ${note}`)),
        ...plan.actions.map(action => actionLine(action, dryRun, colors)),
        envLine(plan, dryRun)
    ].filter((line): line is string => line !== undefined);
    const counts = countActions(plan.actions);
    const files = plural(counts.generated, 'file');
    lines.push(
        dryRun
            ? `Dry run: ${files} for ${options.outputDisplay}${breakdown(counts, true)}; nothing written.`
            : colors.green(`Generated ${files} in ${options.outputDisplay}`) + breakdown(counts, false)
    );
    return `${lines.join('\n')}\n`;
}
