/**
 * What a frontend's page needs to know about the model: the resources its API
 * exposes (fields, types, bounds, who may read and write them), the token
 * issuer's register and login forms, and, when the model has that shape, the
 * shop roles of its entities. `app.js` is one generic program; this view is
 * the data it runs on (printed as JSON into `index.html`).
 *
 * The shop roles come from the model's structure, never from names:
 *   - order:   an entity with a `sum` field over a child entity whose rows are
 *              created nested under the child's table name (`order_details`);
 *   - catalog: the target of a `lookup` call rule on those child rows that reads
 *              a decimal field that is not itself a sum (the price);
 *   - stock:   the target of a `take` call rule on the same rows (optional);
 *   - payment: the entity of a `trigger create` whose channel's consumer runs
 *              `validate_card`; the card fields are the payload's fields the
 *              entity does not have (optional).
 * Without an order and a catalog the page is a generic resource explorer.
 */
import {
    type ArchitectureModel,
    type CallRule,
    type Component,
    type ConsumerAction,
    type Entity,
    type Field,
    type FieldTypeName,
    type FrontendComponent,
    type GatewayComponent,
    type HttpMethod,
    allEntities,
    findComponent,
    isGateway,
    isLoadBalancer,
    isService
} from '@archgen/model';
import { callRulesOn, entitiesNamed, entitiesOwnedBy, findEntity, groupBy, updateActionsOn } from '../../model-index.js';
import { PASSWORD_INPUT, PASSWORD_LENGTH, accountsOf } from '../services/accounts.js';

// ---------------------------------------------------------------- the view

export type Control = 'text' | 'email' | 'password' | 'number' | 'checkbox' | 'select' | 'textarea' | 'date' | 'datetime-local' | 'json';

/** One field as the page shows and sends it. Absent keys are absent in the JSON. */
export interface AppField {
    readonly name: string;
    readonly label: string;
    readonly type: FieldTypeName;
    readonly control: Control;
    /** Must be given on create (required, no default, not generated). */
    readonly required: boolean;
    readonly min?: number;
    readonly max?: number;
    readonly minLength?: number;
    readonly maxLength?: number;
    /** `1`, `0.01`: the number input's step. */
    readonly step?: string;
    /** Digits after the point (decimals), for display. */
    readonly scale?: number;
    readonly options?: readonly string[];
    readonly default?: string | number | boolean;
    readonly pattern?: string;
    readonly placeholder?: string;
    readonly autocomplete?: string;
    readonly hint?: string;
}

export interface AppResource {
    readonly entity: string;
    /** `Products`. */
    readonly label: string;
    /** `/api/products`. */
    readonly path: string;
    /** The single primary key, or null. */
    readonly key: string | null;
    /** Every field a row answers with, in model order. */
    readonly columns: readonly AppField[];
    /** The fields a create form asks for; null when the page does not create rows of it. */
    readonly create: readonly AppField[] | null;
    /** Text fields the list filters on (case-insensitive contains): indexed and unique ones first. */
    readonly search: readonly string[];
    /** GET without a token. */
    readonly publicRead: boolean;
    /** Roles a create needs (empty: any user, or anyone without auth). */
    readonly writeRoles: readonly string[];
    /** The field naming the user who creates a row (`seller_id references User`): the token's subject. */
    readonly userField: string | null;
}

export interface AppAuth {
    readonly loginPath: string;
    readonly registerPath: string;
    readonly login: AppField;
    readonly password: AppField;
    /** The register form: the accounts entity's fields, `password` in place of the hash. */
    readonly register: readonly AppField[];
    readonly roles: readonly string[];
}

/** A GET the page offers for a route that has no entity behind it (`/api/lab-be-a`). */
export interface AppEndpoint {
    readonly path: string;
    readonly label: string;
}

export interface ShopCatalog {
    readonly resource: string;
    readonly nameField: string;
    readonly priceField: string;
    readonly scale: number;
    /** Fields shown on each product card besides name and price. */
    readonly details: readonly string[];
    /** Roles that may add products (empty: any user). */
    readonly sellerRoles: readonly string[];
}

export interface ShopStock {
    readonly resource: string;
    /** The stock row's field naming the product (`product_id`). */
    readonly productField: string;
    /** The field orders take from (`quantity`). */
    readonly quantityField: string;
    /** The product field is the stock's key: `GET <path>/<product>`. */
    readonly byKey: boolean;
    /** Other fields the stock form asks for on create (`region`). */
    readonly extra: readonly AppField[];
}

export interface ShopOrder {
    readonly resource: string;
    readonly userField: string | null;
    readonly statusField: string | null;
    readonly totalField: string | null;
    readonly scale: number;
    /** The body key the lines are nested under (`order_details`). */
    readonly linesKey: string;
    readonly lines: {
        /** Where the lines can be listed, when the API exposes them. */
        readonly resource: string | null;
        readonly orderField: string;
        readonly productField: string;
        readonly quantityField: string | null;
        readonly quantityMax: number | null;
        readonly priceField: string | null;
    };
    /** The status a new order has (the field's default). */
    readonly initial: string | null;
    /** Statuses messages set when the card is approved / declined (`paid`, `payment_failed`). */
    readonly success: readonly string[];
    readonly failure: readonly string[];
    /** Roles that may place orders (empty: any user). */
    readonly customerRoles: readonly string[];
}

export interface ShopPayment {
    readonly resource: string;
    /** The payment's field naming the order (`order_id`). */
    readonly orderField: string;
    /** The payment form: the entity's own inputs and the card fields. */
    readonly fields: readonly AppField[];
    readonly statusField: string | null;
    /** The status a new payment has (pending until the processor's verdict). */
    readonly initial: string | null;
    readonly transactionField: string | null;
    readonly amountField: string | null;
}

export interface AppShop {
    readonly catalog: ShopCatalog;
    readonly stock: ShopStock | null;
    readonly order: ShopOrder;
    readonly payment: ShopPayment | null;
}

export interface AppView {
    readonly title: string;
    readonly doc: string | null;
    /** A key for the browser's storage, per system. */
    readonly storageKey: string;
    /** The page's API calls go to `/api/...` on its own origin; false when the frontend calls nothing. */
    readonly api: boolean;
    readonly auth: AppAuth | null;
    readonly resources: readonly AppResource[];
    readonly endpoints: readonly AppEndpoint[];
    readonly shop: AppShop | null;
    /** How often the order page polls, and for how long at most. */
    readonly pollMs: number;
    readonly pollLimitMs: number;
}

export const POLL_MS = 1000;
export const POLL_LIMIT_MS = 10 * 60_000;

// ---------------------------------------------------------------- labels

const ACRONYMS = new Set(['id', 'sku', 'url', 'uuid', 'api', 'ip', 'vat', 'iban', 'isbn']);

/** `seller_id` -> `Seller`, `placedOn` -> `Placed on`, `sku` -> `SKU`. */
export function humanize(name: string): string {
    const words = name
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .split(/[_\s-]+/)
        .filter(Boolean)
        .map(w => w.toLowerCase());
    if (words.length > 1 && words[words.length - 1] === 'id') words.pop();
    const text = words.map(w => (ACRONYMS.has(w) ? w.toUpperCase() : w)).join(' ');
    return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `OrderDetail` -> `Order details`, from the resource name (`order-details`). */
function resourceLabel(entity: Entity): string {
    return humanize(entity.resource);
}

// ---------------------------------------------------------------- fields

function controlOf(field: Field): Control {
    switch (field.type.name) {
        case 'int':
        case 'bigint':
        case 'serial':
        case 'decimal':
            return 'number';
        case 'boolean':
            return 'checkbox';
        case 'enum':
            return 'select';
        case 'text':
            return 'textarea';
        case 'date':
            return 'date';
        case 'timestamp':
            return 'datetime-local';
        case 'json':
            return 'json';
        case 'string':
            return /e-?mail/i.test(field.name) ? 'email' : 'text';
        case 'uuid':
            return 'text';
    }
}

function defaultOf(field: Field): string | number | boolean | undefined {
    const d = field.default;
    if (!d) return undefined;
    switch (d.kind) {
        case 'string':
        case 'number':
        case 'boolean':
        case 'enum':
            return d.value;
        case 'now':
        case 'random_uuid':
            return undefined;
    }
}

/** How a field is shown and sent. */
export function appField(field: Field): AppField {
    const t = field.type;
    const numeric = t.name === 'int' || t.name === 'bigint' || t.name === 'serial' || t.name === 'decimal';
    const textual = t.name === 'string' || t.name === 'text';
    const value = defaultOf(field);
    const out: { -readonly [K in keyof AppField]: AppField[K] } = {
        name: field.name,
        label: humanize(field.name),
        type: t.name,
        control: controlOf(field),
        required: field.required && !field.generated && field.default === undefined && field.sum === undefined
    };
    if (numeric && field.min !== undefined) out.min = field.min;
    if (numeric && field.max !== undefined) out.max = field.max;
    if (textual && field.min !== undefined) out.minLength = field.min;
    if (t.name === 'string') out.maxLength = field.max !== undefined ? Math.min(field.max, t.length) : t.length;
    else if (t.name === 'text' && field.max !== undefined) out.maxLength = field.max;
    if (t.name === 'decimal') {
        out.step = t.scale === 0 ? '1' : `0.${'0'.repeat(t.scale - 1)}1`;
        out.scale = t.scale;
    } else if (numeric) out.step = '1';
    if (t.name === 'enum') out.options = [...t.values];
    if (t.name === 'uuid') out.pattern = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
    if (value !== undefined) out.default = value;
    if (out.control === 'email') out.autocomplete = 'email';
    if (field.doc) out.hint = field.doc;
    return out;
}

// ---------------------------------------------------------------- exposure

/** The gateway, service or balancer a frontend calls under `/api/`: its first api. */
function apiOf(model: ArchitectureModel, fe: FrontendComponent): Component | undefined {
    const name = fe.apis[0];
    return name === undefined ? undefined : findComponent(model, name);
}

/** `rule` applies to `path` and the paths below it. */
function covers(rule: string, path: string): boolean {
    return path === rule || path.startsWith(`${rule}/`);
}

function methodMatches(methods: readonly HttpMethod[], method: HttpMethod): boolean {
    return methods.length === 0 || methods.includes(method);
}

interface Exposed {
    readonly entity: Entity;
    readonly path: string;
}

/** The entities a component answers for at `/api/<resource>`, in model order, each once. */
function exposedEntities(model: ArchitectureModel, api: Component, seen: Set<string> = new Set()): Exposed[] {
    if (seen.has(api.name)) return [];
    seen.add(api.name);
    if (isGateway(api)) {
        // Only the entities of the services it routes to can be under its routes; each is tried against its owner's only.
        const routes = groupBy(api.routes, r => r.service);
        return entitiesOwnedBy(model, [...routes.keys()])
            .filter(e => e.owner !== undefined && (routes.get(e.owner)?.some(r => covers(r.prefix, `/api/${e.resource}`)) ?? false))
            .map(entity => ({ entity, path: `/api/${entity.resource}` }));
    }
    if (isService(api)) {
        return entitiesNamed(model, api.entities).map(entity => ({ entity, path: `/api/${entity.resource}` }));
    }
    if (isLoadBalancer(api)) {
        const out: Exposed[] = [];
        for (const target of api.targets) {
            const component = findComponent(model, target);
            if (!component) continue;
            for (const e of exposedEntities(model, component, seen)) if (!out.some(o => o.entity === e.entity)) out.push(e);
        }
        return out;
    }
    return [];
}

function readIsPublic(gateway: GatewayComponent | undefined, path: string): boolean {
    if (!gateway?.auth) return true;
    return gateway.publicRoutes.some(r => methodMatches(r.methods, 'GET') && covers(r.path, path));
}

function writeRolesOf(gateway: GatewayComponent | undefined, path: string): string[] {
    if (!gateway?.auth) return [];
    const roles: string[] = [];
    for (const r of gateway.restrictions) {
        if (!methodMatches(r.methods, 'POST') || !covers(r.path, path)) continue;
        for (const role of r.roles) if (!roles.includes(role)) roles.push(role);
    }
    return roles;
}

// ---------------------------------------------------------------- what the model computes

/** Fields of `entity` whose value is not the client's to give: computed by the services or messages. */
function computedFields(model: ArchitectureModel, entity: Entity): Set<string> {
    const out = new Set<string>();
    for (const f of entity.fields) if (f.generated || f.sum) out.add(f.name);
    for (const rule of callRulesOn(model, entity.name)) if (rule.kind === 'lookup') out.add(rule.field);
    for (const action of updateActionsOn(model, entity.name)) {
        for (const set of action.set) {
            const f = entity.fields.find(x => x.name === set.field);
            if (f && (!f.required || f.default !== undefined)) out.add(f.name);
        }
    }
    return out;
}

/** The entity the token issuer keeps accounts in, with its login and hash fields. */
function accountsIn(model: ArchitectureModel, gateway: GatewayComponent | undefined) {
    const issuer = gateway?.auth ? findComponent(model, gateway.auth.issuer) : undefined;
    if (!issuer || !isService(issuer)) return null;
    const entities = entitiesNamed(model, issuer.entities);
    const { accounts } = accountsOf(entities);
    if (!accounts) return null;
    const entity = entities.find(e => e.name === accounts.entity)!;
    return { entity, login: accounts.login, hash: accounts.passwordHash };
}

/** The first field of `entity` naming an account (`customer_id references User`), filled from the token. */
function userFieldOf(entity: Entity, accounts: string | null): string | null {
    if (accounts === null || entity.name === accounts) return null;
    return entity.fields.find(f => f.references?.entity === accounts && !f.primaryKey && !f.generated)?.name ?? null;
}

/** The fields a client sends to create a row: everything not computed, not the user, not excluded. */
function createFields(model: ArchitectureModel, entity: Entity, skip: readonly (string | null)[] = []): AppField[] {
    const computed = computedFields(model, entity);
    return entity.fields.filter(f => !computed.has(f.name) && !skip.includes(f.name)).map(appField);
}

/** Text fields to search on: indexed or unique ones first, then the others, in model order. */
function searchFields(entity: Entity): string[] {
    const text = entity.fields.filter(f => f.type.name === 'string' || f.type.name === 'text');
    const searched = text.filter(f => f.indexed || f.unique);
    return [...searched, ...text.filter(f => !searched.includes(f))].map(f => f.name);
}

// ---------------------------------------------------------------- shop detection

/** The child entities of `parent` created nested under their table name, with the referencing field. */
function nestedChildren(parent: Entity, entities: readonly Entity[]): { entity: Entity; field: string }[] {
    const out: { entity: Entity; field: string }[] = [];
    for (const child of entities) {
        if (child.name === parent.name || child.database !== parent.database) continue;
        const ref = child.fields.find(f => f.references?.entity === parent.name && f.references.foreignKey && f.required && !f.primaryKey);
        if (ref && !parent.fields.some(f => f.name === child.table)) out.push({ entity: child, field: ref.name });
    }
    return out;
}

function decimalScale(field: Field | undefined): number {
    return field?.type.name === 'decimal' ? field.type.scale : 0;
}

interface Detected {
    readonly order: Entity;
    readonly line: { readonly entity: Entity; readonly field: string };
    readonly sumField: Field;
    readonly catalog: Entity;
    readonly price: Field;
    readonly lookup: Extract<CallRule, { kind: 'lookup' }>;
    readonly take: Extract<CallRule, { kind: 'take' }> | undefined;
}

/** The order, its lines and the catalog they are priced from, if the model has them (first match in model order). */
export function detectOrder(model: ArchitectureModel): Detected | null {
    for (const order of allEntities(model)) {
        for (const sumField of order.fields) {
            if (!sumField.sum) continue;
            const line = nestedChildren(order, entitiesNamed(model, [sumField.sum.entity]))[0];
            if (!line) continue;
            const rules = callRulesOn(model, line.entity.name);
            for (const rule of rules) {
                if (rule.kind !== 'lookup') continue;
                const catalog = findEntity(model, rule.target.entity);
                const price = catalog?.fields.find(f => f.name === rule.target.field);
                if (!catalog || !price || price.type.name !== 'decimal' || price.sum || catalog === order) continue;
                const take = rules.find((r): r is Extract<CallRule, { kind: 'take' }> => r.kind === 'take' && r.where.value === rule.where.value);
                return { order, line, sumField, catalog, price, lookup: rule, take };
            }
        }
    }
    return null;
}

/** The payment entity: created by a `trigger create` whose channel's consumer checks cards. */
export function detectPayment(model: ArchitectureModel, order: Entity) {
    for (const connector of model.connectors) {
        const message = connector.message;
        if (!message?.trigger || message.trigger.operation !== 'create') continue;
        const card = message.actions.find((a): a is Extract<ConsumerAction, { kind: 'validate_card' }> => a.kind === 'validate_card');
        if (!card) continue;
        const entity = findEntity(model, message.trigger.entity);
        if (!entity) continue;
        const orderField = entity.fields.find(f => f.references?.entity === order.name);
        if (!orderField) continue;
        const own = new Set(entity.fields.map(f => f.name));
        const cardFields = message.payload.fields.filter(f => !own.has(f.name));
        return { entity, orderField: orderField.name, cardFields, card };
    }
    return null;
}

type Payment = NonNullable<ReturnType<typeof detectPayment>>;

/**
 * The shop's order (with its lines and catalog) and payment entities. They
 * depend on the model only and every frontend's page asks: found once per model.
 */
function shopEntities(model: ArchitectureModel): { readonly detected: Detected | null; readonly payment: Payment | null } {
    let found = shops.get(model);
    if (!found) {
        const detected = detectOrder(model);
        found = { detected, payment: detected ? detectPayment(model, detected.order) : null };
        shops.set(model, found);
    }
    return found;
}

const shops = new WeakMap<ArchitectureModel, { readonly detected: Detected | null; readonly payment: Payment | null }>();

/** The statuses the consumers set on the order: on an approved card, on a declined one. */
function settlement(model: ArchitectureModel, order: Entity) {
    const success: string[] = [];
    const failure: string[] = [];
    let field: string | null = null;
    for (const action of updateActionsOn(model, order.name)) {
        for (const set of action.set) {
            if (set.value.kind !== 'literal') continue;
            const value = String(set.value.value);
            const when = action.when?.value.kind === 'literal' ? String(action.when.value.value) : null;
            field ??= set.field;
            if (set.field !== field) continue;
            const list = when === 'declined' ? failure : success;
            if (!list.includes(value)) list.push(value);
        }
    }
    return { field, success, failure };
}

/** What a row is called on the page: a `name` or `title`, else its first required text that is not a code. */
function displayField(entity: Entity): string | null {
    const texts = entity.fields.filter(f => (f.type.name === 'string' || f.type.name === 'text') && !f.primaryKey);
    const named = texts.find(f => /^(name|title|label)$/i.test(f.name))
        ?? texts.find(f => f.required && !f.unique)
        ?? texts[0];
    return named?.name ?? null;
}

function enumDefault(field: Field | undefined): string | null {
    const d = field?.default;
    return d && (d.kind === 'enum' || d.kind === 'string') ? d.value : null;
}

function roleFlagLabel(field: AppField, roles: readonly string[]): AppField {
    const role = /^is_(.+)$/.exec(field.name)?.[1];
    return role && roles.includes(role) && field.control === 'checkbox' ? { ...field, label: `Role: ${role}` } : field;
}

// ---------------------------------------------------------------- the view

export function appView(model: ArchitectureModel, fe: FrontendComponent): AppView {
    const api = apiOf(model, fe);
    const gateway = api && isGateway(api) ? api : undefined;
    const accounts = accountsIn(model, gateway);
    const accountsName = accounts?.entity.name ?? null;
    const exposed = api ? exposedEntities(model, api) : [];
    const { detected, payment } = shopEntities(model);

    const resources: AppResource[] = exposed.map(({ entity, path }) => {
        const userField = userFieldOf(entity, accountsName);
        const isAccounts = entity.name === accountsName;
        return {
            entity: entity.name,
            label: resourceLabel(entity),
            path,
            key: entity.primaryKey.length === 1 ? entity.primaryKey[0]! : null,
            columns: entity.fields.filter(f => !(isAccounts && f.name === accounts?.hash)).map(appField),
            // Accounts are created by registering; nested children with their parent.
            create: isAccounts ? null : createFields(model, entity, [userField]),
            search: searchFields(entity).filter(n => !(isAccounts && n === accounts?.hash)),
            publicRead: readIsPublic(gateway, path),
            writeRoles: writeRolesOf(gateway, path),
            userField
        };
    });
    const pathOf = (entity: Entity): string | null => resources.find(r => r.entity === entity.name)?.path ?? null;

    const auth = gateway?.auth && accounts ? authView(model, gateway, accounts) : null;
    const covered = (prefix: string) => resources.some(r => covers(prefix, r.path) || covers(r.path, prefix));
    const endpoints: AppEndpoint[] = (gateway?.routes ?? [])
        .filter(r => r.prefix.startsWith('/api/') && !covered(r.prefix) && !(gateway?.auth && r.service === gateway.auth.issuer && r.prefix === '/api/auth'))
        .map(r => ({ path: r.prefix, label: `${r.prefix} (${r.service})` }));

    let shop: AppShop | null = null;
    const catalogPath = detected ? pathOf(detected.catalog) : null;
    const orderPath = detected ? pathOf(detected.order) : null;
    if (detected && catalogPath && orderPath) {
        const { order, line, catalog, price, lookup, take } = detected;
        const stockEntity = take ? findEntity(model, take.target.entity) : undefined;
        const stockPath = stockEntity ? pathOf(stockEntity) : null;
        const statuses = settlement(model, order);
        const statusField = statuses.field ? order.fields.find(f => f.name === statuses.field) : undefined;
        const quantityField = lookup.factor ?? take?.amount ?? null;
        const quantity = quantityField ? line.entity.fields.find(f => f.name === quantityField) : undefined;
        const nameField = displayField(catalog) ?? catalog.primaryKey[0] ?? price.name;
        const catalogResource = resources.find(r => r.path === catalogPath)!;
        shop = {
            catalog: {
                resource: catalogPath,
                nameField,
                priceField: price.name,
                scale: decimalScale(price),
                details: catalog.fields
                    .filter(f => !f.primaryKey && !f.generated && f.name !== nameField && f.name !== price.name && f.name !== catalogResource.userField && f.type.name !== 'json')
                    .map(f => f.name),
                sellerRoles: catalogResource.writeRoles
            },
            stock: stockEntity && stockPath && take
                ? {
                    resource: stockPath,
                    productField: take.where.field,
                    quantityField: take.target.field,
                    byKey: stockEntity.primaryKey.length === 1 && stockEntity.primaryKey[0] === take.where.field,
                    extra: createFields(model, stockEntity, [take.where.field, take.target.field, userFieldOf(stockEntity, accountsName)])
                }
                : null,
            order: {
                resource: orderPath,
                userField: userFieldOf(order, accountsName),
                statusField: statusField?.name ?? null,
                totalField: detected.sumField.name,
                scale: decimalScale(detected.sumField),
                linesKey: line.entity.table,
                lines: {
                    resource: pathOf(line.entity),
                    orderField: line.field,
                    productField: lookup.where.value,
                    quantityField,
                    quantityMax: quantity?.max ?? null,
                    priceField: lookup.field
                },
                initial: enumDefault(statusField),
                success: statuses.success,
                failure: statuses.failure,
                customerRoles: writeRolesOf(gateway, orderPath)
            },
            payment: payment && pathOf(payment.entity)
                ? paymentView(model, payment, pathOf(payment.entity)!, order, accountsName)
                : null
        };
    }

    return {
        title: model.name,
        doc: model.doc ?? null,
        storageKey: `archgen.${model.projectName}.${fe.serviceName}`,
        api: api !== undefined,
        auth,
        resources,
        endpoints,
        shop,
        pollMs: POLL_MS,
        pollLimitMs: POLL_LIMIT_MS
    };
}

function authView(
    model: ArchitectureModel,
    gateway: GatewayComponent,
    accounts: { readonly entity: Entity; readonly login: string; readonly hash: string }
): AppAuth {
    const roles = gateway.auth?.roles ?? [];
    const loginField = accounts.entity.fields.find(f => f.name === accounts.login)!;
    const password: AppField = {
        name: PASSWORD_INPUT,
        label: 'Password',
        type: 'string',
        control: 'password',
        required: true,
        minLength: PASSWORD_LENGTH.min,
        maxLength: PASSWORD_LENGTH.max,
        autocomplete: 'current-password'
    };
    const computed = computedFields(model, accounts.entity);
    const register = accounts.entity.fields
        .filter(f => !computed.has(f.name) && !f.primaryKey)
        .map(f => (f.name === accounts.hash ? { ...password, autocomplete: 'new-password' } : roleFlagLabel(appField(f), roles)));
    return {
        loginPath: '/api/auth/login',
        registerPath: '/api/auth/register',
        login: { ...appField(loginField), required: true, autocomplete: loginField.name.toLowerCase().includes('mail') ? 'email' : 'username' },
        password,
        register,
        roles
    };
}

function paymentView(
    model: ArchitectureModel,
    found: Payment,
    path: string,
    order: Entity,
    accounts: string | null
): ShopPayment {
    const { entity, orderField, cardFields, card } = found;
    const own = createFields(model, entity, [orderField, userFieldOf(entity, accounts)]);
    const cards = cardFields.map((f): AppField => {
        const base = appField(f);
        if (f.name === card.numberField) {
            return { ...base, label: 'Card number', control: 'text', required: true, pattern: '[0-9 ]{12,23}', placeholder: '4111 1111 1111 1111', autocomplete: 'cc-number' };
        }
        if (f.name === card.expiryField) {
            return { ...base, label: 'Expiry (MM/YY)', control: 'text', required: true, pattern: '(0[1-9]|1[0-2])/[0-9]{2}', placeholder: 'MM/YY', autocomplete: 'cc-exp' };
        }
        return base;
    });
    const settled = updateActionsOn(model, entity.name).flatMap(a => a.set.map(s => s.field));
    const status = entity.fields.find(f => settled.includes(f.name) && f.type.name === 'enum');
    const transactionField = entity.fields.find(f => settled.includes(f.name) && f !== status)?.name ?? null;
    const amount = callRulesOn(model, entity.name).find(r => r.kind === 'lookup' && r.target.entity === order.name);
    return {
        resource: path,
        orderField,
        fields: [...own, ...cards],
        statusField: status?.name ?? null,
        initial: enumDefault(status),
        transactionField,
        amountField: amount?.kind === 'lookup' ? amount.field : null
    };
}

/** The view as JSON inside `<script type="application/json">`: nothing in it can close the element. */
export function scriptJson(value: unknown): string {
    return JSON.stringify(value, null, 2)
        .replace(/</g, '\\u003c')
        .replace(/>/g, '\\u003e')
        .replace(/&/g, '\\u0026')
        .replace(/\u2028/g, '\\u2028')
        .replace(/\u2029/g, '\\u2029');
}
