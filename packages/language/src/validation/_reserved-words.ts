/**
 * SQL words a table or column cannot be named without quoting. PostgreSQL's
 * reserved key words (including those reserved except as function or type
 * names; PostgreSQL 16, appendix C) apply to every database: postgres is the
 * default engine and most of them are reserved in MySQL too. MySQL 8's own
 * reserved words (`key`, `rank`, `groups`, `rows`, `interval`, ...) apply to
 * mysql databases only, so common names stay usable on postgres. Non-reserved
 * key words (`name`, `type`, `status`, `value`, `date`, `time`, `year`,
 * `role`) are fine in both and deliberately absent.
 */
const POSTGRES = `
all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation
column concurrently constraint create cross current_catalog current_date current_role current_schema current_time
current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign freeze
from full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit
localtime localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references
returning right select session_user similar some symmetric system_user table tablesample then to trailing true union
unique user using variadic verbose when where window with`;

const MYSQL = `
accessible add alter before between bigint blob by call cascade change char character condition continue convert
cube cume_dist cursor database databases dec decimal declare delayed delete dense_rank describe
deterministic div double drop dual each elseif empty enclosed escaped exists exit explain first_value float force
generated get groups high_priority if ignore index infile inout insert int integer interval iterate key
keys kill lag last_value lead leave linear lines load lock long loop match minute_second mod modifies nth_value ntile
numeric of optimize option optionally out outfile over partition percent_rank precision procedure purge range rank
read reads real recursive regexp release rename repeat replace require resignal restrict return revoke rlike row
row_number rows schema schemas second_microsecond sensitive separator set show signal smallint spatial specific sql
sqlexception sqlstate sqlwarning ssl starting stored straight_join system terminated tinyint trigger undo unlock
unsigned update usage use utc_date utc_time utc_timestamp values varbinary varchar varying virtual while write xor
zerofill`;

const words = (list: string): ReadonlySet<string> => new Set(list.split(/\s+/).filter(w => w.length > 0));

export const POSTGRES_RESERVED_WORDS = words(POSTGRES);
export const MYSQL_RESERVED_WORDS = words(MYSQL);

/** The engine that reserves the word (`PostgreSQL`, `MySQL`), or undefined when the name is usable. */
export function reservedIn(word: string, engine: string | undefined): 'PostgreSQL' | 'MySQL' | undefined {
    const lower = word.toLowerCase();
    if (POSTGRES_RESERVED_WORDS.has(lower)) return 'PostgreSQL';
    return engine === 'mysql' && MYSQL_RESERVED_WORDS.has(lower) ? 'MySQL' : undefined;
}

/** The engine of the database an entity is declared in (postgres by default). */
export function engineOf(component: { members: readonly { $type: string }[] } | undefined): string {
    const engine = component?.members.find(m => m.$type === 'Engine') as { name?: string } | undefined;
    return engine?.name ?? 'postgres';
}

/** Renames that read well for common cases; otherwise `<word>_value`. */
const RENAMES: Record<string, string> = {
    order: 'order_ref', user: 'user_ref', group: 'group_name', key: 'key_name', table: 'table_name',
    column: 'column_name', index: 'position', desc: 'description', from: 'sender', to: 'recipient',
    default: 'default_value', check: 'check_value', limit: 'limit_value', offset: 'offset_value',
    rank: 'ranking', row: 'row_index', rows: 'row_count', range: 'range_value', interval: 'interval_value',
    end: 'end_at', release: 'release_name', condition: 'condition_name',
    schema: 'schema_name', database: 'database_name', option: 'option_name', show: 'show_flag',
    match: 'match_ref', system: 'system_name', usage: 'usage_count', read: 'is_read', trigger: 'trigger_name',
    primary: 'is_primary', unique: 'is_unique', both: 'both_value'
};

/** A column name to use instead of a reserved word: `order` -> `order_ref`. */
export function renameReserved(word: string): string {
    const lower = word.toLowerCase();
    return RENAMES[lower] ?? `${lower}_value`;
}
