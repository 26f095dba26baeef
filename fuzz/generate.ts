/**
 * A grammar-aware generator of `.arch` models. It plans a plausible system
 * (edge load balancer, frontends, gateways, services, their databases with
 * entities, message queues with payloads and actions, call rules), then
 * prints it in a random layout. `chaos` (0..1) is the probability of a
 * deliberate mistake at each decision: an unknown kind, a member on the wrong
 * kind, a bad value, a dangling or near-miss reference, a duplicate. With
 * chaos 0 most models check without errors, so the IR and the generator run.
 */
import type { FuzzFile } from './corpus.js';
import { printModel, randomLayout, type Decl } from './print.js';
import type { Rng } from './rng.js';
import * as V from './vocabulary.js';

interface Field {
    readonly name: string;
    readonly type: string;
    readonly numeric: boolean;
    readonly words: string[];
}

interface Entity {
    readonly name: string;
    readonly fields: Field[];
    /** The key's name: the declared primary key, or the implicit `id`. */
    key: string;
    keyType: string;
}

interface Component {
    kind: string;
    readonly name: string;
    readonly members: Decl[];
    readonly entities: Entity[];
    doc?: string;
}

interface Connector {
    readonly kind: string;
    readonly from: string;
    readonly to: string;
    readonly members: Decl[];
    doc?: string;
}

class Gen {
    readonly names = new Set<string>();
    readonly entityNames = new Set<string>();
    readonly components: Component[] = [];
    readonly connectors: Connector[] = [];
    readonly ports = new Set<number>();
    readonly channels: string[] = [];
    readonly brokers = new Map<string, Decl>();
    readonly style: V.NameStyle;

    constructor(readonly rng: Rng, readonly chaos: number) {
        this.style = rng.weighted<V.NameStyle>([[8, 'snake'], [1, 'camel'], [chaos + 0.3, 'unicode'], [chaos + 0.3, 'keyword'], [1, 'mixed']]);
    }

    /** True when this decision should go wrong. */
    odd(weight = 1): boolean {
        return this.rng.chance(this.chaos * 0.25 * weight);
    }

    choose<T>(good: readonly T[], bad: readonly T[]): T {
        return this.odd() && bad.length > 0 ? this.rng.pick(bad) : this.rng.pick(good);
    }

    name(prefix = ''): string {
        if (this.odd(0.3) && this.names.size > 0) return this.rng.pick([...this.names]); // a duplicate
        return V.makeName(this.rng, this.style, this.names, prefix);
    }

    /** A name that refers to `target`, or now and then a near miss or an unknown name. */
    ref(target: string): string {
        if (this.odd(0.5)) return this.rng.chance(0.7) ? V.nearMiss(this.rng, target) : V.makeName(this.rng, 'snake', new Set(), 'ghost');
        return target;
    }

    add(kind: string, prefix = ''): Component {
        const c: Component = { kind: this.odd(0.3) ? this.rng.pick(V.BAD_COMPONENT_KINDS) : kind, name: this.name(prefix), members: [], entities: [] };
        if (this.rng.chance(0.25)) c.doc = this.docText();
        this.components.push(c);
        return c;
    }

    connect(kind: string, from: Component, to: Component): Connector {
        const k = this.odd(0.3) ? this.rng.pick(V.BAD_CONNECTOR_KINDS) : kind;
        const c: Connector = { kind: k, from: this.ref(from.name), to: this.ref(to.name), members: [] };
        if (this.rng.chance(0.15)) c.doc = this.docText();
        this.connectors.push(c);
        return c;
    }

    docText(): string {
        const lines = Array.from({ length: this.rng.int(1, 3) }, () =>
            this.rng.pick(['The shop.', 'Keeps the orders.', 'Ñandú — ünïcödé.', 'Uses `code` and "quotes".', '* starred', '', 'Line with */ inside', '@param x', 'A very long line '.repeat(10)]));
        return lines.join('\n');
    }

    port(): string {
        if (this.odd()) return this.rng.pick(['0', '65536', '99999999999999999999', '80', ...[...this.ports].map(String)]);
        let p = this.rng.pick([80, 8080, 8081, 3000, 443, 9000]);
        while (this.ports.has(p)) p++;
        this.ports.add(p);
        return String(p);
    }

    common(c: Component): void {
        if (this.rng.chance(0.3)) c.members.push({ words: ['replicas', this.odd() ? this.rng.pick(['0', '101', '4294967296', '99999999999999999999']) : String(this.rng.int(1, 5))] });
        if (this.rng.chance(0.12)) c.members.push({ words: this.rng.chance(0.5) ? ['public'] : ['public', 'port', this.port()] });
        else if (this.rng.chance(0.06)) c.members.push({ words: ['private'] });
        if (this.odd(0.3)) c.members.push({ words: ['private'] }); // contradicts public
    }

    // ------------------------------------------------------------ entities

    entity(db: Component, name?: string): Entity {
        const entityName = name ?? (this.odd(0.3) && this.entityNames.size > 0 ? this.rng.pick([...this.entityNames]) : this.entityName());
        this.entityNames.add(entityName);
        const e: Entity = { name: entityName, fields: [], key: 'id', keyType: 'serial' };
        const taken = new Set<string>();
        if (this.rng.chance(0.5)) {
            const [keyName, keyType] = this.rng.pick([['id', 'serial'], ['id', 'uuid'], ['id', 'int'], ['code', 'string(20)'], ['id', 'bigint']] as const);
            taken.add(keyName);
            e.key = keyName;
            e.keyType = keyType.replace(/\(.*/, '');
            e.fields.push({ name: keyName, type: e.keyType, numeric: keyType !== 'uuid' && !keyType.startsWith('string'), words: [keyName, ...typeWords(keyType), 'primary', 'key'] });
        }
        const count = this.rng.int(0, 6);
        for (let i = 0; i < count; i++) e.fields.push(this.field(taken, false));
        if (this.odd(0.3)) e.fields.push({ name: 'x', type: 'int', numeric: true, words: ['x', 'int', 'primary', 'key'] });
        db.entities.push(e);
        return e;
    }

    entityName(): string {
        for (let i = 0; i < 10; i++) {
            const n = this.rng.weighted<string>([
                [6, V.capitalise(V.makeName(this.rng, 'camel', new Set()))],
                [1, 'User'],
                [this.chaos + 0.2, V.makeName(this.rng, this.style === 'snake' ? 'unicode' : this.style, new Set())]
            ]);
            if (!this.entityNames.has(n)) return n;
        }
        return `Entity${this.entityNames.size}`;
    }

    /** A field with a type and modifiers that mostly fit it. */
    field(taken: Set<string>, payload: boolean): Field {
        const name = V.makeFieldName(this.rng, taken, this.chaos);
        const base = this.odd() ? this.rng.pick(V.BAD_TYPES) : this.rng.pick(V.FIELD_TYPES.filter(t => !payload || t !== 'serial'));
        let type: string[];
        let length = 255;
        switch (base) {
            case 'string':
                length = this.rng.pick([20, 40, 120, 255, 1]);
                type = this.odd() ? ['string', '(', this.rng.pick(['0', '-1', '10485761', 'x', '"a"']), ')'] : this.rng.chance(0.8) ? ['string', '(', String(length), ')'] : ['string'];
                break;
            case 'decimal':
                type = this.odd() ? ['decimal', '(', '2', ',', '5', ')'] : this.rng.pick([['decimal'], ['decimal', '(', '10', ',', '2', ')'], ['decimal', '(', '12', ')']]);
                break;
            case 'enum': {
                const values = this.rng.some(['pending', 'paid', 'approved', 'declined', 'member', 'admin', 'a', 'b_2', '"on"', '"off"'], 1, 4);
                type = this.odd() ? ['enum', '(', ')'] : ['enum', '(', ...values.flatMap((v, i) => (i === 0 ? [v] : [',', v])), ')'];
                break;
            }
            default:
                type = this.odd(0.3) ? [base, '(', '4', ')'] : [base];
        }
        const numeric = ['int', 'bigint', 'serial', 'decimal'].includes(base);
        const words = [name, ...type];
        const mods = new Set<string>();
        const mod = (key: string, ...w: string[]) => {
            if (mods.has(key) && !this.odd()) return;
            mods.add(key);
            words.push(...w);
        };
        if (this.rng.chance(0.5)) mod('required', 'required');
        else if (this.rng.chance(0.1)) mod('optional', 'optional');
        if (!payload) {
            if (this.rng.chance(0.15)) mod('unique', 'unique');
            if (this.rng.chance(0.15)) mod('indexed', 'indexed');
            if (this.rng.chance(0.3)) {
                const value = this.odd() ? this.rng.pick(['now', '"x"', '-1', 'true', '9.99', 'uuid', 'pending']) : defaultFor(this.rng, base, type, length);
                if (value !== undefined) mod('default', 'default', value);
            }
            if (this.rng.chance(0.15) && (numeric || base === 'string' || base === 'text' || this.odd())) {
                if (this.rng.chance(0.5) || this.odd()) mod('min', 'min', this.odd() ? this.rng.pick(['-5', '1.5', '1000']) : '0');
                if (this.rng.chance(0.5)) mod('max', 'max', this.odd() ? this.rng.pick(['-5', '0.5', '99999999']) : String(numeric ? 1000 : length));
            }
            if (this.rng.chance(0.12) && this.entityNames.size > 0) mod('references', 'references', this.ref(this.rng.pick([...this.entityNames])));
            if (this.odd(0.5)) words.push(this.rng.pick(['primary key', 'required', 'default', 'sum', 'references']).split(' ')[0]!);
        }
        if (this.odd(0.2)) mod('required', 'required', 'optional');
        return { name, type: base, numeric, words };
    }

    /** `total decimal(12,2) sum Child.amount` when a child in the same database references the parent. */
    sums(db: Component): void {
        for (const parent of db.entities) {
            for (const child of db.entities) {
                if (child === parent || !this.rng.chance(0.3)) continue;
                const amount = child.fields.find(f => f.numeric && f.name !== child.key);
                const refName = `${parent.name.toLowerCase().replace(/[^a-z]/g, '') || 'p'}_ref`;
                if (!child.fields.some(f => f.name === refName)) {
                    child.fields.push({ name: refName, type: 'int', numeric: parent.keyType !== 'uuid', words: [refName, parent.keyType === 'uuid' ? 'uuid' : 'int', 'required', 'references', parent.name] });
                }
                const target = amount ?? (this.odd() ? child.fields[0] : undefined);
                if (!target) continue;
                const total = `total_${target.name}`.slice(0, 40);
                if (parent.fields.some(f => f.name === total)) continue;
                parent.fields.push({ name: total, type: 'decimal', numeric: true, words: [total, 'decimal', '(', '12', ',', '2', ')', 'sum', this.ref(child.name), '.', target.name] });
            }
        }
    }

    // ------------------------------------------------------------ gateway and load balancer

    gateway(gw: Component, reachable: Component[]): void {
        const roles = this.rng.some(['customer', 'seller', 'admin', 'member', 'librarian', 'public', 'default'], 1, 3);
        const hasUser = reachable.some(s => s.entities.some(e => e.name.toLowerCase() === 'user'));
        let declaredRoles = false;
        if (this.rng.chance(0.5) || this.odd()) {
            const words = ['auth', this.choose(['jwt'], ['JWT', 'oauth', 'basic', 'jwt2'])];
            if ((this.rng.chance(0.5) || !hasUser) && reachable.length > 0) words.push('issuer', this.ref(this.rng.pick(reachable).name));
            else if (this.odd()) words.push('issuer', this.rng.pick(this.components).name);
            if (this.rng.chance(0.6) || !hasUser) {
                declaredRoles = true;
                words.push('roles', ...roles.flatMap((r, i) => (i === 0 ? [r] : [',', r])));
            }
            if (this.rng.chance(0.4)) words.push('expires', this.choose(V.DURATIONS, V.BAD_DURATIONS));
            gw.members.push({ words });
            const paths = this.rng.some(['/api/products', '/api/orders', '/api/x', '/api/auth/login', '/', '/api/a-b/c_d.e~f'], 0, 3);
            for (const path of paths) {
                const methods = this.rng.some(V.METHODS, 0, 3).map(m => (this.odd() ? this.rng.pick(V.BAD_METHODS) : m));
                const quoted = `"${this.odd() ? this.rng.pick(V.BAD_PATHS) : path}"`;
                if (this.rng.chance(0.5)) gw.members.push({ words: ['public', ...commaList(methods), quoted] });
                else if (declaredRoles || this.odd()) gw.members.push({ words: ['restrict', ...commaList(methods), quoted, 'to', ...commaList(this.rng.some(declaredRoles ? roles : ['ghost'], 1, 2).map(r => this.odd() ? V.nearMiss(this.rng, r) : r))] });
            }
        } else if (this.odd()) {
            gw.members.push({ words: ['public', '"/api/x"'] });
        }
        if (this.rng.chance(0.5)) {
            const used = new Set<string>();
            for (const svc of this.rng.some(reachable, 1, reachable.length)) {
                let prefix = `/api/${svc.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'svc'}`;
                if (used.has(prefix) && !this.odd()) prefix += `-${used.size}`;
                used.add(prefix);
                gw.members.push({ words: ['route', `"${this.odd() ? this.rng.pick(V.BAD_PATHS) : prefix}"`, '->', this.ref(svc.name)] });
            }
            if (this.odd() && this.components.length > 0) gw.members.push({ words: ['route', '"/api/odd"', '->', this.rng.pick(this.components).name] });
        }
        if (this.rng.chance(0.4)) {
            const words = ['rate_limit', this.odd() ? this.rng.pick(['0', '99999999999999999999']) : String(this.rng.int(1, 100)), 'per', this.choose(V.RATE_UNITS, V.BAD_RATE_UNITS)];
            if (this.rng.chance(0.5)) words.push('burst', String(this.rng.int(0, 200)));
            gw.members.push({ words });
        }
        if (this.rng.chance(0.3)) gw.members.push({ words: ['cors', ...commaList(this.rng.some(V.CORS_ORIGINS, 1, 3).map(o => `"${this.odd() ? this.rng.pick(V.BAD_CORS_ORIGINS) : o}"`))] });
        if (this.rng.chance(0.3)) gw.members.push({ words: ['max_body', this.choose(V.SIZES, V.BAD_SIZES)] });
    }

    loadBalancer(lb: Component): void {
        if (this.rng.chance(0.5)) lb.members.push({ words: ['strategy', this.choose(V.STRATEGIES, V.BAD_STRATEGIES)] });
        if (this.rng.chance(0.5)) {
            const words = ['health'];
            if (this.rng.chance(0.6)) words.push(`"${this.odd() ? this.rng.pick(V.BAD_PATHS) : '/health'}"`);
            for (const option of this.rng.shuffle(['interval', 'max_fails', 'fail_timeout'])) {
                if (!this.rng.chance(0.5)) continue;
                const value = option === 'max_fails' ? (this.odd() ? this.rng.pick(['0', '1.5', '3s']) : String(this.rng.int(1, 5))) : this.choose(V.DURATIONS, V.BAD_DURATIONS);
                words.push(option, value);
                if (this.odd(0.3)) words.push(option, value);
            }
            lb.members.push({ words });
        }
    }

    // ------------------------------------------------------------ messages and call rules

    queue(c: Connector, publisher: Component, consumer: Component): void {
        const m = c.members;
        let channel: string | undefined;
        const again = this.connectors.some(x => x !== c && x.kind === 'message_queue' && x.from === c.from && x.to === c.to);
        if (this.rng.chance(0.6) || again) {
            channel = this.channels.length > 0 && this.rng.chance(0.2) ? this.rng.pick(this.channels)
                : `${this.rng.pick(['payments', 'orders', 'users', 'readings', 'x'])}.${this.rng.pick(['requested', 'processed', 'created', 'changed'])}${this.channels.length}`;
            m.push({ words: ['channel', `"${this.odd() ? this.rng.pick(V.BAD_CHANNELS) : channel}"`] });
        }
        const shared = channel !== undefined && this.channels.includes(channel);
        if (channel && !shared) this.channels.push(channel);
        const publisherEntities = publisher.entities;
        if (publisherEntities.length > 0 && this.rng.chance(0.4) && !shared) {
            m.push({ words: ['trigger', this.choose(V.TRIGGER_OPS, V.BAD_TRIGGER_OPS), this.ref(this.rng.pick(publisherEntities).name)] });
        }
        let fields: string[] = [];
        if ((this.rng.chance(0.6) && !shared) || this.odd()) {
            const all = this.components.flatMap(x => x.entities);
            if (all.length > 0 && this.rng.chance(0.4)) {
                const e = this.rng.pick(all);
                m.push({ words: ['payload', this.ref(e.name)] });
                fields = e.fields.map(f => f.name);
            } else {
                const taken = new Set<string>();
                const list = Array.from({ length: this.rng.int(0, 5) }, () => this.field(taken, true));
                m.push({ words: ['payload'], block: list.map(f => ({ words: f.words, ...(this.rng.chance(0.1) ? { doc: 'A field.' } : {}) })) });
                fields = list.map(f => f.name);
            }
        }
        if (this.rng.chance(0.2)) m.push({ words: ['delay', this.choose(V.DURATIONS, V.BAD_DURATIONS)] });
        if (shared) {
            const broker = this.brokers.get(channel!);
            if (broker && !this.odd()) m.push(broker);
        } else if (this.rng.chance(0.3)) {
            const broker = this.choose(V.BROKERS, V.BAD_BROKERS);
            const words = ['broker', broker];
            if (this.rng.chance(0.4)) words.push('protocol', broker === 'rabbitmq' ? this.choose(V.PROTOCOLS, V.BAD_PROTOCOLS) : this.choose(['mqtt'], V.BAD_PROTOCOLS));
            m.push({ words });
            if (channel) this.brokers.set(channel, { words });
        }
        if (this.rng.chance(0.1)) m.push({ words: ['delivery', this.choose(V.DELIVERIES, V.BAD_DELIVERIES)] });
        if (this.rng.chance(0.6)) m.push({ words: ['on', 'message'], block: this.actions(consumer, fields) });
        if (this.odd(0.3)) m.push(this.rng.pick(m.length > 0 ? m : [{ words: ['delay', '1s'] }])); // a repeated member
        if (this.rng.chance(0.3)) this.rng.shuffle(m).forEach((d, i) => (m[i] = d));
    }

    actions(consumer: Component, message: string[]): Decl[] {
        const actions: Decl[] = [];
        const own = consumer.entities;
        const msgField = () => (message.length > 0 && !this.odd() ? this.rng.pick(message) : this.rng.pick(['"paid"', '42', '-1', '0.5', ...(this.odd() ? ['ghost_field'] : [])]));
        for (let i = this.rng.int(0, 4); i > 0; i--) {
            const kind = this.rng.weighted<string>([[2, 'store'], [2, 'update'], [1, 'validate'], [1, 'publish'], [2, 'handler']]);
            if (kind === 'store' && (own.length > 0 || this.odd())) {
                actions.push({ words: ['store', own.length > 0 ? this.ref(this.rng.pick(own).name) : 'Ghost'] });
            } else if (kind === 'update' && (own.length > 0 || this.odd())) {
                const e = own.length > 0 ? this.rng.pick(own) : { name: 'Ghost', fields: [], key: 'id' };
                const columns = e.fields.map(f => f.name);
                const column = () => (columns.length > 0 && !this.odd() ? this.rng.pick(columns) : 'nope');
                const sets = Array.from({ length: this.rng.int(1, 2) }, () => [column(), '=', msgField()]);
                const words = ['update', this.ref(e.name), 'set', ...sets.flatMap((s, j) => (j === 0 ? s : [',', ...s])), 'where', this.odd() ? 'nope' : e.key, '=', msgField()];
                if (this.rng.chance(0.3) && (message.length > 0 || this.odd())) words.push('if', message.length > 0 ? this.rng.pick(message) : 'status', '=', this.rng.pick(['"approved"', '1', '-2.5']));
                actions.push({ words });
            } else if (kind === 'validate' && (message.length > 0 || this.odd())) {
                actions.push({ words: ['validate_card', msgField(), 'expiry', msgField()] });
                message = [...message, 'status', 'transaction_id'];
            } else if (kind === 'publish' && (this.published(consumer).length > 0 || this.odd())) {
                const named = this.published(consumer);
                actions.push({ words: ['publish', named.length > 0 && !this.odd() ? this.rng.pick(named) : `"${this.rng.pick(['nowhere', 'x.y'])}"`] });
            } else {
                actions.push({ words: ['handler', `"${this.rng.pick(['notify', 'push_to_room', 'x', '', 'with space', 'ñ'])}"`] });
            }
        }
        return actions;
    }

    /** The quoted channels a component publishes on (declared so far). */
    published(c: Component): string[] {
        return this.connectors.filter(x => x.from === c.name && x.kind === 'message_queue')
            .flatMap(x => x.members.filter(d => d.words[0] === 'channel').map(d => d.words[1]!));
    }

    callRule(c: Connector, caller: Component, callee: Component): void {
        const created = caller.entities.length > 0 ? this.rng.pick(caller.entities) : undefined;
        const target = callee.entities.length > 0 ? this.rng.pick(callee.entities) : undefined;
        const usable = (e: Entity | undefined) => e !== undefined && e.fields.some(f => f.numeric);
        if ((!usable(created) || !usable(target)) && !this.odd(2)) return;
        const createdName = created?.name ?? 'Ghost';
        const targetName = target?.name ?? 'Other';
        const numeric = (e: Entity | undefined) => e?.fields.filter(f => f.numeric).map(f => f.name) ?? [];
        const any = (e: Entity | undefined) => [e?.key ?? 'id', ...(e?.fields.map(f => f.name) ?? [])];
        const pick = (list: string[], fallback: string) => (list.length > 0 && !this.odd() ? this.rng.pick(list) : fallback);
        const head = ['on', this.odd() ? this.rng.pick(['update', 'insert', 'delete']) : 'create', this.ref(createdName)];
        if (this.rng.chance(0.5)) {
            const words = [...head, 'set', pick(numeric(created), 'price'), '=', this.ref(targetName), '.', pick(numeric(target), 'amount')];
            if (this.rng.chance(0.4)) words.push('*', pick(numeric(created), 'qty'));
            words.push('where', pick(any(target), 'id'), '=', pick(any(created), 'x_id'));
            c.members.push({ words });
        } else {
            c.members.push({ words: [...head, 'take', pick(numeric(created), 'quantity'), 'from', this.ref(targetName), '.', pick(numeric(target), 'stock'), 'where', pick(any(target), 'id'), '=', pick(any(created), 'x_id')] });
        }
    }

    // ------------------------------------------------------------ the system

    /** `services` overrides the number of backend and mqtp services (a large model). */
    plan(size?: number): void {
        const rng = this.rng;
        const services: Component[] = [];
        for (let i = size ?? rng.weighted([[1, 0], [3, 1], [4, 2], [3, 3], [1, 5]]); i > 0; i--) services.push(this.add(rng.chance(0.75) ? 'backend' : 'mqtp'));
        const databases: Component[] = [];
        for (const svc of services) {
            if (!rng.chance(0.7)) continue;
            const db = this.add('database', this.style === 'snake' ? svc.name + '_db' : '');
            if (rng.chance(0.2)) db.members.push({ words: ['engine', this.choose(V.ENGINES, V.BAD_ENGINES)] });
            for (let n = rng.weighted([[2, 0], [4, 1], [3, 2], [1, 3]]); n > 0; n--) {
                const e = this.entity(db, rng.chance(0.15) && !this.entityNames.has('User') ? 'User' : undefined);
                if (e.name === 'User' && rng.chance(0.7)) {
                    e.fields.push(rng.chance(0.5)
                        ? { name: 'role', type: 'enum', numeric: false, words: ['role', 'enum', '(', 'member', ',', 'admin', ')', 'required', 'default', 'member'] }
                        : { name: 'is_admin', type: 'boolean', numeric: false, words: ['is_admin', 'boolean', 'required', 'default', 'false'] });
                }
            }
            this.sums(db);
            db.members.push(...db.entities.map(e => ({ words: ['entity', e.name], block: e.fields.map(f => ({ words: f.words, ...(rng.chance(0.1) ? { doc: this.docText() } : {}) })) })));
            if (this.odd()) db.members.push({ words: ['replicas', '2'] });
            databases.push(db);
            this.connect('db_connector', svc, db);
            svc.entities.push(...db.entities);
            if (this.odd(0.3) && services.length > 1) this.connect('db_connector', rng.pick(services), db); // a shared database
        }
        const frontends = Array.from({ length: rng.weighted([[2, 0], [5, 1], [1, 2]]) }, () => this.add('frontend'));
        const gateways = services.length > 0 || this.odd() ? Array.from({ length: rng.weighted([[3, 0], [6, 1], [1, 2]]) }, () => this.add('api_gateway')) : [];
        const serviceLb = services.length > 1 && rng.chance(0.3) ? this.add('load_balancer') : undefined;
        const edgeLb = rng.chance(0.5) ? this.add('load_balancer') : undefined;
        if (edgeLb) {
            const targets = frontends.length > 0 ? frontends : gateways.length > 0 ? gateways : services.slice(0, 1);
            for (const t of targets) this.connect('http', edgeLb, t);
            if (targets.length === 0 && !this.odd()) this.components.splice(this.components.indexOf(edgeLb), 1);
        }
        for (const fe of frontends) {
            if (gateways.length > 0) this.connect('http', fe, rng.pick(gateways));
            else if (services.length > 0 && rng.chance(0.7)) this.connect('http', fe, rng.pick(services));
        }
        for (const gw of gateways) {
            const reachable: Component[] = [];
            const behindLb = serviceLb ? rng.some(services, 1, services.length) : [];
            if (serviceLb && behindLb.length > 0) {
                this.connect('http', gw, serviceLb);
                for (const s of behindLb) {
                    if (!this.connectors.some(c => c.from === serviceLb.name && c.to === s.name)) this.connect('http', serviceLb, s);
                    reachable.push(s);
                }
            }
            for (const s of services) if (!reachable.includes(s) && rng.chance(0.8)) {
                this.connect('http', gw, s);
                reachable.push(s);
            }
            if (reachable.length === 0 && services.length > 0) {
                this.connect('http', gw, services[0]!);
                reachable.push(services[0]!);
            }
            this.gateway(gw, reachable);
        }
        if (serviceLb && gateways.length === 0) {
            for (const s of services) this.connect('http', serviceLb, s);
            if (frontends.length > 0) this.connect('http', rng.pick(frontends), serviceLb);
        }
        // Calls between services: forward only (no cycles), with call rules now and then.
        const callChance = Math.min(0.25, 2 / Math.max(services.length, 1));
        for (let i = 0; i < services.length; i++) {
            for (let j = i + 1; j < services.length; j++) {
                if (!rng.chance(callChance)) continue;
                const c = this.connect('http', services[i]!, services[j]!);
                if (rng.chance(0.5)) this.callRule(c, services[i]!, services[j]!);
            }
        }
        // Message queues.
        for (let n = services.length > 1 ? rng.int(0, 3 + Math.floor(services.length / 3)) : 0; n > 0; n--) {
            const [a, b] = rng.shuffle(services);
            const c = this.connect('message_queue', a!, b!);
            this.queue(c, a!, b!);
        }
        this.extraConnectors();
        for (const c of this.components) {
            if (c.kind === 'database') continue;
            this.common(c);
            if (c.kind === 'load_balancer') this.loadBalancer(c);
        }
        if (this.odd()) this.misplace();
        if (this.odd(0.5) && this.components.length > 0) {
            const c = rng.pick(this.components);
            this.connectors.push({ kind: 'http', from: c.name, to: c.name, members: [] }); // a self-loop
        }
        if (this.odd(0.5) && this.connectors.length > 0) this.connectors.push(rng.pick(this.connectors)); // a duplicate
        for (const c of this.components) if (rng.chance(0.2)) shuffleInPlace(rng, c.members);
    }

    /**
     * A few more connectors between components whose kinds allow them (docs 8.1):
     * a load balancer in front of gateways or services, a frontend calling a
     * load balancer, a service behind two load balancers, more queues.
     */
    extraConnectors(): void {
        const http = (a: Component, b: Component) =>
            ['frontend', 'backend', 'mqtp', 'load_balancer', 'api_gateway'].includes(a.kind)
            && (['backend', 'mqtp', 'load_balancer', 'api_gateway'].includes(b.kind) || (b.kind === 'frontend' && a.kind === 'load_balancer'))
            && !(a.kind === 'load_balancer' && b.kind === 'load_balancer');
        const service = (c: Component) => c.kind === 'backend' || c.kind === 'mqtp';
        for (let n = this.rng.weighted([[5, 0], [3, 1], [2, 3]]); n > 0 && this.components.length > 1; n--) {
            const [a, b] = this.rng.shuffle(this.components);
            if (this.connectors.some(c => c.from === a!.name && c.to === b!.name)) continue;
            if (http(a!, b!)) this.connect('http', a!, b!);
            else if (service(a!) && service(b!)) this.queue(this.connect('message_queue', a!, b!), a!, b!);
            else if (service(a!) && b!.kind === 'database') this.connect('db_connector', a!, b!);
        }
    }

    /** A member on a kind it does not belong to, or on a connector. */
    misplace(): void {
        const all: Decl[] = [
            { words: ['strategy', 'round_robin'] }, { words: ['engine', 'postgres'] }, { words: ['max_body', '1m'] },
            { words: ['route', '"/api/x"', '->', 'nowhere'] }, { words: ['entity', 'Stray'], block: [{ words: ['x', 'int'] }] },
            { words: ['channel', '"a.b"'] }, { words: ['health'] }, { words: ['cors', '"*"'] }, { words: ['replicas', '3'] }
        ];
        if (this.components.length > 0) this.rng.pick(this.components).members.push(this.rng.pick(all));
        if (this.connectors.length > 0) this.rng.pick(this.connectors).members.push(this.rng.pick([...all, { words: ['on', 'message'], block: [{ words: ['handler', '"h"'] }] }]));
    }

    decls(components: readonly Component[], connectors: readonly Connector[]): Decl[] {
        const comps: Decl[] = components.map(c => ({
            words: ['component', ...c.kind.split(' ').filter(Boolean), c.name],
            ...(c.members.length > 0 || this.rng.chance(0.05) ? { block: c.members } : {}),
            ...(c.doc !== undefined ? { doc: c.doc } : {})
        }));
        const conns: Decl[] = connectors.map(c => ({
            words: ['connector', c.kind, c.from, '->', c.to],
            ...(c.members.length > 0 || this.rng.chance(0.03) ? { block: c.members } : {}),
            ...(c.doc !== undefined ? { doc: c.doc } : {})
        }));
        // Components first, as people write them; or interleaved now and then (order does not matter).
        return this.rng.chance(0.8) ? [...comps, ...conns] : this.rng.shuffle([...comps, ...conns]);
    }

    header(): string[] {
        const name = this.rng.chance(0.6) ? [this.odd(0.3) ? this.rng.pick(['component', '42', '"x"']) : V.makeName(this.rng, this.style, new Set())] : [];
        return ['architecture', ...name, ':'];
    }
}

function typeWords(type: string): string[] {
    const m = /^(\w+)\((\d+)\)$/.exec(type);
    return m ? [m[1]!, '(', m[2]!, ')'] : [type];
}

function commaList(items: readonly string[]): string[] {
    return items.flatMap((item, i) => (i === 0 ? [item] : [',', item]));
}

function shuffleInPlace<T>(rng: Rng, items: T[]): void {
    const shuffled = rng.shuffle(items);
    items.splice(0, items.length, ...shuffled);
}

function defaultFor(rng: Rng, base: string, type: readonly string[], length: number): string | undefined {
    switch (base) {
        case 'int':
        case 'bigint': return rng.pick(['0', '1', '42']);
        case 'decimal': return rng.pick(['0', '9.99', '1.5']);
        case 'string': return length >= 10 ? rng.pick(['"central"', 'central', '"x"']) : '"a"';
        case 'text': return rng.pick(['"hello"', '""', 'word']);
        case 'boolean': return rng.pick(['true', 'false']);
        case 'enum': {
            const first = type[2];
            return first && first !== ')' ? first : undefined;
        }
        case 'date':
        case 'timestamp': return 'now';
        case 'uuid': return rng.pick(['uuid', 'random']);
        case 'json': return rng.pick(['"{}"', '"[]"']);
        default: return undefined;
    }
}

/** One random model, as the text of one file; `size` services when given (a large model). */
export function generateModel(rng: Rng, chaos: number, size?: number): string {
    const gen = new Gen(rng, chaos);
    gen.plan(size);
    const imports = rng.chance(chaos * 0.15) ? [{ words: ['import', rng.pick(['"other.arch"', '"model.arch"', '"x.txt"', '""', '"../a.arch"'])] }] : [];
    return printModel(rng, randomLayout(rng), gen.header(), rng.chance(0.2) ? gen.docText() : undefined, [...imports, ...gen.decls(gen.components, gen.connectors)]);
}

/**
 * One random model split over two or three files that import each other
 * (now and then in a cycle, twice, or themselves); each connector goes into
 * a file that sees both of its ends.
 */
export function generateProject(rng: Rng, chaos: number): FuzzFile[] {
    const gen = new Gen(rng, chaos);
    gen.plan();
    const count = rng.int(2, 3);
    const names = ['model.arch', 'services.arch', 'data.arch'].slice(0, count);
    const home = new Map(gen.components.map(c => [c.name, rng.index(count)] as const));
    const buckets = names.map(() => ({ components: [] as Component[], connectors: [] as Connector[] }));
    for (const c of gen.components) buckets[home.get(c.name) ?? 0]!.components.push(c);
    // File i imports file i+1, so file 0 sees everything; a connector lives in the lowest file of its ends.
    for (const c of gen.connectors) buckets[Math.min(home.get(c.from) ?? 0, home.get(c.to) ?? 0)]!.connectors.push(c);
    return names.map((name, i) => {
        const imports: string[] = [];
        if (i + 1 < count) imports.push(names[i + 1]!);
        if (gen.odd()) imports.push(rng.pick([...names, 'missing.arch', 'model', 'sub/../data.arch']));
        if (rng.chance(0.1)) imports.push(names[0]!); // a cycle (or a self-import for file 0)
        const decls = [...imports.map(p => ({ words: ['import', `"${p}"`] })), ...gen.decls(buckets[i]!.components, buckets[i]!.connectors)];
        return { name, text: printModel(rng, randomLayout(rng), gen.header(), undefined, decls) };
    });
}

/**
 * A token soup: words, symbols, strings and numbers of the language in random
 * order, mostly after a correct header, with now and then a well-formed
 * declaration among them. It stresses the parser's error recovery and every
 * check that meets half-built nodes.
 */
export function tokenSoup(rng: Rng, length: number): string {
    const words: string[] = rng.chance(0.8) ? ['architecture', ':'] : [];
    const pieces: (() => string)[] = [
        () => rng.pick(V.ALL_KEYWORDS),
        () => rng.pick([...V.COMPONENT_KINDS, ...V.CONNECTOR_KINDS]),
        () => rng.pick([...V.FIELD_TYPES, 'jwt', 'now', 'create', 'rabbitmq', 'GET', 'second']),
        () => V.makeName(rng, 'mixed', new Set()),
        () => rng.pick(['"/api/x"', '"a.b"', '""', '"x.arch"', "'q'", '"*"']),
        () => rng.pick(['0', '1', '-1', '2.5', '30s', '1mb', '65536', '12']),
        () => rng.pick(['{', '}', '(', ')', ',', '.', ':', '->', '=', '*', '-']),
        () => rng.pick(['component backend a', 'connector http a -> b', 'entity E { x int }', 'on message { store E }', 'payload { y string(2) }'])
    ];
    for (let i = 0; i < length; i++) words.push(rng.pick(pieces)());
    return words.join(rng.chance(0.5) ? ' ' : '\n');
}
