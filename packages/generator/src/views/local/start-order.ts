/** Something run-local starts, and the units it needs healthy first. */
export interface UnitNeeds {
    readonly id: string;
    readonly wants: readonly string[];
}

export interface StartOrder {
    /** Per unit, the dependencies kept (existing, once, none closing a cycle), in the order wanted. */
    readonly after: ReadonlyMap<string, readonly string[]>;
    /** Units grouped in waves: each wave starts once every unit of the earlier waves is healthy. */
    readonly waves: readonly (readonly string[])[];
    /** Dependencies dropped because they would close a start-up cycle: `[unit, dependency]`. */
    readonly dropped: readonly (readonly [string, string])[];
}

/**
 * The reverse of the dependency edges, as waves. Units are visited in the
 * given order and a dependency that would close a cycle is dropped (as the
 * compose file does), so the result is deterministic. A unit's wave is one
 * more than the latest wave among its kept dependencies.
 */
export function startOrder(units: readonly UnitNeeds[]): StartOrder {
    const byId = new Map(units.map(u => [u.id, u]));
    const after = new Map<string, string[]>();
    const dropped: [string, string][] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const wave = new Map<string, number>();

    const visit = (id: string): void => {
        state.set(id, 'visiting');
        const keep: string[] = [];
        for (const dep of new Set(byId.get(id)!.wants)) {
            if (dep === id || !byId.has(dep)) continue;
            if (state.get(dep) === 'visiting') {
                dropped.push([id, dep]);
                continue;
            }
            if (!state.has(dep)) visit(dep);
            keep.push(dep);
        }
        after.set(id, keep);
        wave.set(id, keep.reduce((w, dep) => Math.max(w, wave.get(dep)! + 1), 0));
        state.set(id, 'done');
    };
    for (const unit of units) if (!state.has(unit.id)) visit(unit.id);

    const waves: string[][] = [];
    for (const unit of units) (waves[wave.get(unit.id)!] ??= []).push(unit.id);
    return { after, waves, dropped };
}
