/**
 * Assembles the paths of an OpenAPI document: each operation with its error
 * answers (shared components in the service's error shape) and the security
 * the gateway asks for.
 */
import type { ArchitectureModel, HttpMethod, ServiceComponent } from '@archgen/model';
import { guardOf } from './gateway-guard.js';
import type { Json, JsonObject } from './schemas.js';

export const BEARER = 'bearer';

export const ERRORS = {
    BadRequest: 'The request breaks this contract or the model (the details say where): nothing was written.',
    Unauthorized: 'The gateway found no valid token: log in and send it as "Authorization: Bearer <token>".',
    Forbidden: 'The token belongs to a user without the role this route needs.',
    NotFound: 'There is no such row.',
    Conflict: 'The request conflicts with the stored data (a unique value taken, a reference to nothing, a row still referenced, not enough left): nothing was written.',
    NotImplemented: 'The service keeps no accounts to register or log in.',
    ServiceUnavailable: 'A database, broker or called service does not answer: nothing was written.'
} as const;
export type ErrorName = keyof typeof ERRORS;

export interface OperationSpec {
    readonly id: string;
    readonly tag: string;
    readonly summary: string;
    readonly description?: string;
    readonly parameters?: readonly Json[];
    readonly body?: JsonObject;
    /** Successful answers by status. */
    readonly answers: Readonly<Record<string, Json>>;
    readonly errors: readonly ErrorName[];
    /** Between services only: no gateway routes it. */
    readonly internal?: boolean;
}

export const json = (schema: Json, description: string): JsonObject => ({ description, content: { 'application/json': { schema } } });

/** Collects paths, tags and the error answers and security they use, in the order they are added. */
export /** Collects paths, tags and the error answers and security they use, in the order they are added. */
class DocumentBuilder {
    readonly paths: Record<string, Record<string, Json>> = {};
    readonly tags = new Map<string, string>();
    readonly errorsUsed = new Set<ErrorName>();
    secured = false;

    constructor(private readonly model: ArchitectureModel, private readonly service: ServiceComponent) {}

    tag(name: string, description: string): string {
        if (!this.tags.has(name)) this.tags.set(name, description);
        return name;
    }

    add(method: Lowercase<HttpMethod>, path: string, spec: OperationSpec): void {
        const guard = spec.internal ? null : guardOf(this.model, this.service, method.toUpperCase() as HttpMethod, path);
        const errors: ErrorName[] = [...spec.errors];
        if (guard?.token) errors.push('Unauthorized');
        if (guard?.token && guard.roles.length > 0) errors.push('Forbidden');
        const responses: Record<string, Json> = { ...spec.answers };
        for (const name of ORDERED_ERRORS.filter(e => errors.includes(e))) {
            this.errorsUsed.add(name);
            responses[STATUS[name]] = { $ref: `#/components/responses/${name}` };
        }
        const description = [spec.description, guard?.text].filter(d => d !== undefined).join(' ');
        const operation: JsonObject = {
            operationId: spec.id,
            tags: [spec.tag],
            summary: spec.summary,
            ...(description !== '' ? { description } : {}),
            ...(spec.parameters && spec.parameters.length > 0 ? { parameters: [...spec.parameters] } : {}),
            ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: spec.body } } } } : {}),
            responses
        };
        if (guard?.token) {
            this.secured = true;
            operation['security'] = [{ [BEARER]: [] }];
        }
        if (spec.internal) operation['x-internal'] = true;
        (this.paths[path] ??= {})[method] = operation;
    }
}

export const STATUS: Readonly<Record<ErrorName, string>> = {
    BadRequest: '400', Unauthorized: '401', Forbidden: '403', NotFound: '404', Conflict: '409', NotImplemented: '501', ServiceUnavailable: '503'
};
export const ORDERED_ERRORS = Object.keys(STATUS) as ErrorName[];
