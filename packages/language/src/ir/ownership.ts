import * as ast from '../generated/ast.js';
import type { BuildContext } from './context.js';

/** Which service owns which database and entity, from the db_connectors. */
export class Ownership {
    private readonly databasesByService = new Map<string, string[]>();
    private readonly ownersByDatabase = new Map<string, string[]>();

    constructor(private readonly ctx: BuildContext) {
        for (const c of ctx.connectors) {
            if (c.kind !== 'db_connector' || !c.from?.ref || !c.to?.ref) continue;
            addOnce(this.databasesByService, c.from.ref.name, c.to.ref.name);
            addOnce(this.ownersByDatabase, c.to.ref.name, c.from.ref.name);
        }
    }

    databasesOf(service: string): string[] {
        return this.databasesByService.get(service) ?? [];
    }

    ownersOf(database: string): string[] {
        return this.ownersByDatabase.get(database) ?? [];
    }

    entitiesOf(service: string): string[] {
        return this.databasesOf(service).flatMap(db => {
            const component = this.ctx.byName.get(db);
            return component ? component.members.filter(ast.isEntity).map(e => e.name).filter(n => n !== undefined) : [];
        });
    }

    /** True when one of the service's databases declares the entity: `entitiesOf(service).includes(entity)`, without the list. */
    ownsEntity(service: string, entity: string | undefined): boolean {
        if (entity === undefined) return false;
        for (const db of this.databasesOf(service)) {
            const component = this.ctx.byName.get(db);
            if (!component) continue;
            for (const member of component.members) if (ast.isEntity(member) && member.name === entity) return true;
        }
        return false;
    }

    /**
     * Roles from the service's User entity: the members of a `role` (or
     * `roles`) enum field, else one role per boolean field `is_<role>`.
     */
    rolesOf(service: string): string[] {
        for (const db of this.databasesOf(service)) {
            const component = this.ctx.byName.get(db);
            for (const entity of component?.members.filter(ast.isEntity) ?? []) {
                if (entity.name?.toLowerCase() !== 'user') continue;
                const roleField = entity.fields.find(f => /^roles?$/.test(f.name) && f.type.name === 'enum');
                if (roleField) return roleField.type.args.map(a => String(a).replace(/^["']|["']$/g, ''));
                const flags = entity.fields.filter(f => /^is_[a-z0-9_]+$/.test(f.name) && f.type.name === 'boolean');
                if (flags.length > 0) return flags.map(f => f.name.slice(3));
            }
        }
        return [];
    }
}

function addOnce(map: Map<string, string[]>, key: string, value: string): void {
    const list = map.get(key);
    if (!list) map.set(key, [value]);
    else if (!list.includes(value)) list.push(value);
}
