import type { Entity, Field } from '@archgen/model';

export interface TableOrder {
    /** Referenced tables first, otherwise model order. */
    readonly entities: readonly Entity[];
    /** Foreign keys that point at a table created later (a cycle): added by ALTER TABLE at the end. */
    readonly deferred: ReadonlySet<Field>;
}

/** The same-database entity a field's foreign key points at, if any. */
export function foreignKeyTarget(field: Field, entities: readonly Entity[]): Entity | undefined {
    if (!field.references?.foreignKey) return undefined;
    return entities.find(e => e.name === field.references!.entity);
}

/**
 * Orders tables so that referenced ones come first. On a cycle, the first
 * waiting table in model order goes next, and its keys to tables not yet
 * created are deferred. A table referencing itself needs nothing deferred.
 */
export function orderTables(entities: readonly Entity[]): TableOrder {
    const targets = new Map(entities.map(e => [e, e.fields
        .map(f => foreignKeyTarget(f, entities))
        .filter((t): t is Entity => t !== undefined && t !== e)]));
    const placed = new Set<Entity>();
    const order: Entity[] = [];
    while (order.length < entities.length) {
        const waiting = entities.filter(e => !placed.has(e));
        const next = waiting.find(e => targets.get(e)!.every(t => placed.has(t))) ?? waiting[0]!;
        placed.add(next);
        order.push(next);
    }
    const deferred = new Set<Field>();
    order.forEach((entity, index) => {
        const before = new Set(order.slice(0, index + 1));
        for (const field of entity.fields) {
            const target = foreignKeyTarget(field, entities);
            if (target && !before.has(target)) deferred.add(field);
        }
    });
    return { entities: order, deferred };
}
