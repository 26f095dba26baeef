import type { ComposeServiceView, ServiceDraft } from './service.js';

/**
 * Settles `depends_on`: each wanted service that exists, once, in the order
 * wanted. Compose refuses dependency cycles (a model may warn about an http
 * cycle yet be valid), so a dependency that would close one is dropped and
 * reported in the file, deterministically: services are visited in order.
 */
export function settleStartOrder(drafts: readonly ServiceDraft[]): ComposeServiceView[] {
    const byName = new Map(drafts.map(d => [d.name, d]));
    const kept = new Map<string, string[]>();
    const dropped = new Map<string, string[]>();
    const state = new Map<string, 'visiting' | 'done'>();

    const visit = (name: string): void => {
        state.set(name, 'visiting');
        const keep: string[] = [];
        const drop: string[] = [];
        for (const dep of new Set(byName.get(name)!.wants)) {
            if (dep === name || !byName.has(dep)) continue;
            if (state.get(dep) === 'visiting') {
                drop.push(dep);
                continue;
            }
            if (!state.has(dep)) visit(dep);
            keep.push(dep);
        }
        kept.set(name, keep);
        dropped.set(name, drop);
        state.set(name, 'done');
    };

    for (const draft of drafts) if (!state.has(draft.name)) visit(draft.name);

    return drafts.map(({ wants: _wants, ...draft }) => ({
        ...draft,
        dependsOn: kept.get(draft.name)!,
        droppedDependencies: dropped.get(draft.name)!
    }));
}
