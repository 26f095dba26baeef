/** ajv as the generated services configure Fastify's (@fastify/ajv-compiler's defaults and http.ts's options). */
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** Strict, where the services only log: a schema that passes here makes them log nothing. */
export function serviceAjv(): Ajv {
    return addFormats(new Ajv({
        coerceTypes: false, useDefaults: false, removeAdditional: false, allowUnionTypes: true, allErrors: false, strict: true
    }));
}
