import type { ValidationAcceptor, ValidationChecks } from 'langium';
import { FIELD_TYPES } from '@archgen/model';
import * as ast from '../generated/ast.js';
import { snakeCase } from '../ir/names.js';
import { didYouMean, suggest } from '../util/suggest.js';
import { engineOf, renameReserved, reservedIn } from './_reserved-words.js';
import { report } from './_shared.js';
import { IssueCodes } from './issue-codes.js';

export const MAX_STRING_LENGTH = 10_485_760;
const NUMERIC = new Set(['int', 'bigint', 'serial', 'decimal']);
const TEXTUAL = new Set(['string', 'text']);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KNOWN_TYPES: ReadonlySet<string> = new Set(FIELD_TYPES);

function typeName(field: ast.Field): string | undefined {
    const name = field.type?.name;
    return name && KNOWN_TYPES.has(name) ? name : undefined;
}

export function fieldTypeMustBeKnown(field: ast.Field, accept: ValidationAcceptor): void {
    const name = field.type?.name;
    if (!name || typeName(field)) return;
    const suggestion = suggest(name, FIELD_TYPES);
    report(accept, 'error', IssueCodes.UnknownFieldType,
        `Unknown type '${name}' for field '${field.name}': expected one of ${FIELD_TYPES.join(', ')}.${didYouMean(suggestion)}`,
        { node: field.type, property: 'name' }, suggestion);
}

/** The number a type argument writes, when it is a whole number. */
function whole(text: string | undefined): number | undefined {
    return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

/** string(n), decimal(p, s), enum(a, b, ...); every other type takes no arguments. */
export function fieldTypeArgumentsMustFit(field: ast.Field, accept: ValidationAcceptor): void {
    const type = field.type;
    const name = typeName(field);
    if (!type || !name) return;
    if (type.args.length === 0 && name !== 'enum') return; // every type but enum may go without arguments
    const args = type.args.map(a => String(a));
    const fail = (index: number | undefined, rule: string): void => report(accept, 'error', IssueCodes.InvalidTypeArguments,
        `Type ${name} of field '${field.name}' has invalid arguments: ${rule}.`,
        index === undefined ? { node: type, property: 'name' } : { node: type, property: 'args', index });
    switch (name) {
        case 'string': {
            if (args.length > 1) return fail(1, 'string takes one argument, its length, as in string(255)');
            if (args.length === 0) return;
            const length = whole(args[0]);
            if (length === undefined || length < 1 || length > MAX_STRING_LENGTH) {
                fail(0, `the length must be a whole number from 1 to ${MAX_STRING_LENGTH}`);
            }
            return;
        }
        case 'decimal': {
            if (args.length > 2) return fail(2, 'decimal takes a precision and a scale, as in decimal(12, 2)');
            const precision = whole(args[0]);
            if (args.length >= 1 && (precision === undefined || precision < 1 || precision > 1000)) {
                return fail(0, 'the precision must be a whole number from 1 to 1000');
            }
            const scale = whole(args[1]);
            if (args.length === 2 && (scale === undefined || scale > precision!)) {
                fail(1, `the scale must be a whole number from 0 to the precision ${precision}`);
            }
            return;
        }
        case 'enum': {
            if (args.length === 0) return fail(undefined, 'enum needs at least one value, as in enum(pending, paid)');
            const seen = new Set<string>();
            args.forEach((value, index) => {
                if (!IDENTIFIER.test(value)) fail(index, `enum value '${value}' must be a name (letters, digits and _)`);
                else if (seen.has(value)) fail(index, `enum value '${value}' is listed twice`);
                seen.add(value);
            });
            return;
        }
        default:
            if (args.length > 0) fail(0, `${name} takes no arguments`);
    }
}

function modifierKey(modifier: ast.FieldModifier): string {
    if (ast.isPrimaryKeyModifier(modifier)) return 'primary key';
    if (ast.isFlagModifier(modifier)) return modifier.flag;
    if (ast.isDefaultModifier(modifier)) return 'default';
    if (ast.isBoundModifier(modifier)) return modifier.bound;
    if (ast.isSumModifier(modifier)) return 'sum';
    return 'references';
}

/** Each modifier whose key an earlier one has. A field has a handful: they are compared pairwise, with no set per field. */
export function fieldModifiersMustNotRepeat(field: ast.Field, accept: ValidationAcceptor): void {
    const modifiers = field.modifiers;
    for (let i = 1; i < modifiers.length; i++) {
        const key = modifierKey(modifiers[i]!);
        let repeated = false;
        for (let j = 0; j < i && !repeated; j++) repeated = modifierKey(modifiers[j]!) === key;
        if (!repeated) continue;
        report(accept, 'error', IssueCodes.DuplicateModifier,
            `Modifier '${key}' is given twice for field '${field.name}': give it once.`, { node: modifiers[i]! });
    }
}

/** `required optional`, `primary key optional`: a field is either required or not. */
export function fieldModifiersMustNotConflict(field: ast.Field, accept: ValidationAcceptor): void {
    if (field.modifiers.length < 2) return; // a conflict takes two
    const optional = field.modifiers.find(m => ast.isFlagModifier(m) && m.flag === 'optional');
    if (!optional) return;
    for (const other of field.modifiers) {
        const isRequired = ast.isFlagModifier(other) && other.flag === 'required';
        if (!isRequired && !ast.isPrimaryKeyModifier(other)) continue;
        const later = field.modifiers.indexOf(other) > field.modifiers.indexOf(optional) ? other : optional;
        const message = isRequired
            ? `Field '${field.name}' cannot be both 'required' and 'optional': keep one of them.`
            : `Field '${field.name}' cannot be both a primary key and 'optional': a primary key is always required.`;
        report(accept, 'error', IssueCodes.ConflictingModifiers, message, { node: later });
        return;
    }
}

/** What a default of each type looks like, for messages. */
const DEFAULT_SHAPES: Record<string, string> = {
    int: 'a whole number', bigint: 'a whole number', decimal: 'a number', string: 'a quoted text', text: 'a quoted text',
    boolean: 'true or false', date: 'now', timestamp: 'now', uuid: 'uuid (a random UUID)', json: 'quoted JSON'
};

/** Why a default literal does not fit the type, or undefined when it does. */
function defaultProblem(literal: ast.Literal, field: ast.Field, type: string): string | undefined {
    const word = literal.word;
    const values = field.type.args.map(a => String(a));
    switch (type) {
        case 'int': case 'bigint':
            return literal.number !== undefined && Number.isInteger(literal.number) ? undefined : `write ${DEFAULT_SHAPES[type]}`;
        case 'decimal':
            return literal.number !== undefined ? undefined : 'write a number';
        case 'serial':
            return 'a serial field numbers itself, so remove the default';
        case 'string': case 'text': {
            if (word === 'now' || word === 'uuid' || word === 'random') return `quote it for the text '${word}'; ${word} is a default for ${word === 'now' ? 'dates and timestamps' : 'uuid fields'} only`;
            const text = literal.string ?? word;
            if (text === undefined) return 'write a quoted text';
            const length = type === 'string' && values[0] !== undefined ? Number(values[0]) : undefined;
            return length !== undefined && text.length > length ? `it is longer than the ${length} characters the field holds` : undefined;
        }
        case 'boolean':
            return literal.boolean !== undefined ? undefined : 'write true or false';
        case 'enum': {
            const value = word ?? literal.string;
            return value !== undefined && values.includes(value) ? undefined : `write one of its values ${values.join(', ')}`;
        }
        case 'date': case 'timestamp':
            return word === 'now' ? undefined : 'write now (the current time when the row is inserted)';
        case 'uuid':
            return word === 'uuid' || word === 'random' ? undefined : 'write uuid for a random UUID';
        case 'json':
            return literal.string !== undefined && isJson(literal.string) ? undefined : 'write JSON in quotes, such as "{}"';
        default:
            return undefined;
    }
}

function isJson(text: string): boolean {
    try {
        JSON.parse(text);
        return true;
    } catch {
        return false;
    }
}

export function fieldDefaultMustFitType(field: ast.Field, accept: ValidationAcceptor): void {
    const modifier = field.modifiers.find(ast.isDefaultModifier);
    if (!modifier?.value) return;
    const type = typeName(field);
    if (!type) return;
    const problem = defaultProblem(modifier.value, field, type);
    if (!problem) return;
    const written = modifier.value.$cstNode?.text ?? '';
    const candidates = type === 'enum' ? field.type.args.map(a => String(a))
        : type === 'boolean' ? ['true', 'false'] : type === 'date' || type === 'timestamp' ? ['now'] : [];
    const suggestion = modifier.value.word !== undefined ? suggest(modifier.value.word, candidates) : undefined;
    report(accept, 'error', IssueCodes.InvalidDefault,
        `Default ${written} does not fit field '${field.name}' of type ${type}: ${problem}.${didYouMean(suggestion)}`,
        { node: modifier, property: 'value' }, suggestion);
}

/** `min`/`max`: values of numbers, lengths of strings; min ≤ max; a default within them. */
export function fieldBoundsMustFit(field: ast.Field, accept: ValidationAcceptor): void {
    if (!field.modifiers.some(ast.isBoundModifier)) return;
    const type = typeName(field);
    const bounds = field.modifiers.filter(ast.isBoundModifier);
    if (!type || bounds.length === 0) return;
    const fail = (node: ast.FieldModifier, rule: string): void => report(accept, 'error', IssueCodes.InvalidBounds,
        `Bounds of field '${field.name}' are invalid: ${rule}.`, { node, property: 'value' });
    if (!NUMERIC.has(type) && !TEXTUAL.has(type)) {
        for (const b of bounds) fail(b, `'${b.bound}' applies to numbers (their value) and strings (their length), not to ${type}`);
        return;
    }
    const min = bounds.find(b => b.bound === 'min');
    const max = bounds.find(b => b.bound === 'max');
    if (TEXTUAL.has(type)) {
        for (const b of [min, max]) {
            if (b && b.value !== undefined && !(Number.isInteger(b.value) && b.value >= 0)) {
                fail(b, `a ${b.bound} length of ${type} is a whole number of 0 or more, not ${b.value}`);
                return;
            }
        }
        const length = type === 'string' && field.type.args[0] !== undefined ? Number(field.type.args[0]) : undefined;
        if (max?.value !== undefined && length !== undefined && max.value > length) {
            return fail(max, `max length ${max.value} exceeds the ${length} characters of string(${length})`);
        }
    }
    if (min?.value !== undefined && max?.value !== undefined && min.value > max.value) {
        return fail(max, `min ${min.value} is greater than max ${max.value}`);
    }
    const def = field.modifiers.find(ast.isDefaultModifier)?.value;
    const measured = NUMERIC.has(type) ? def?.number : (def?.string ?? def?.word)?.length;
    if (def && measured !== undefined && ((min?.value !== undefined && measured < min.value) || (max?.value !== undefined && measured > max.value))) {
        const what = NUMERIC.has(type) ? `default ${measured}` : `the default's length ${measured}`;
        const limits = [min ? `min ${min.value}` : '', max ? `max ${max.value}` : ''].filter(t => t).join(' and ');
        report(accept, 'error', IssueCodes.InvalidBounds,
            `Bounds of field '${field.name}' are invalid: ${what} lies outside ${limits}.`,
            { node: def });
    }
}

/** A field that references an entity holds that entity's key: serial and int match int, bigint bigint, uuid uuid. */
export function referenceTypeShouldMatchKey(field: ast.Field, accept: ValidationAcceptor): void {
    const target = field.modifiers.find(ast.isReferenceModifier)?.entity?.ref;
    if (!target) return;
    const type = typeName(field);
    if (!type) return;
    const key = target.fields.find(f => f.modifiers.some(ast.isPrimaryKeyModifier));
    const keyType = key ? typeName(key) : 'serial';
    if (!keyType) return;
    const family = (t: string): string => (t === 'serial' || t === 'int' ? 'int' : t === 'text' ? 'string' : t);
    if (family(type) === family(keyType)) return;
    const want = keyType === 'serial' ? 'int' : keyType;
    const suggestion = field.type.args.length === 0 ? want : undefined;
    report(accept, 'warning', IssueCodes.ReferenceTypeMismatch,
        `Field '${field.name}' is ${type} but references '${target.name}', whose key '${key?.name ?? 'id'}' is ${keyType}: declare it ${want} so the values match.`,
        { node: field.type, property: 'name' }, suggestion);
}

/** Columns named like SQL reserved words break the schema (`order`, `user`, `group`). */
export function fieldNameMustNotBeReservedWord(field: ast.Field, accept: ValidationAcceptor): void {
    if (!field.name || !ast.isEntity(field.$container)) return;
    const column = snakeCase(field.name);
    const engine = reservedIn(column, engineOf(field.$container.$container));
    if (!engine) return;
    const rename = renameReserved(column);
    report(accept, 'error', IssueCodes.ReservedWord,
        `Field '${field.name}' of entity '${field.$container.name}' becomes the column '${column}', a reserved word in ${engine}: rename it, for example to '${rename}'.`,
        { node: field, property: 'name' }, rename);
}

export const fieldChecks: ValidationChecks<ast.ArchgenAstType> = {
    Field: [
        fieldTypeMustBeKnown, fieldTypeArgumentsMustFit, fieldModifiersMustNotRepeat, fieldModifiersMustNotConflict,
        fieldDefaultMustFitType, fieldBoundsMustFit, referenceTypeShouldMatchKey, fieldNameMustNotBeReservedWord
    ]
};
