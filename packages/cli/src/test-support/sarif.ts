/** Validating `archgen check --format sarif` output in tests against the vendored OASIS SARIF 2.1.0 schema. */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { readFileSync } from 'node:fs';

const SCHEMA_URL = new URL('../../../../test/fixtures/schemas/sarif-schema-2.1.0.json', import.meta.url);

// ajv-formats is CommonJS: depending on the loader, the default import is the plugin or `{ default: plugin }`.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

let validator: ValidateFunction | undefined;

export function sarifSchemaValidator(): ValidateFunction {
    if (!validator) {
        const { $schema: _ignored, ...schema } = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as Record<string, unknown>;
        // `unicodeRegExp: false`: the schema's `language` pattern has a stray `]`, which the `u` flag rejects.
        validator = addFormats(new Ajv({ allErrors: true, strict: false, unicodeRegExp: false })).compile(schema);
    }
    return validator;
}

/** The schema's complaints about a log, one line each (empty when it validates). */
export function sarifSchemaErrors(log: unknown): string[] {
    const validate = sarifSchemaValidator();
    return validate(log) ? [] : (validate.errors ?? []).map(e => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** The parts of a SARIF log the tests read. */
export interface SarifLog {
    $schema: string;
    version: string;
    runs: {
        tool: {
            driver: {
                name: string;
                version: string;
                informationUri: string;
                rules: {
                    id: string;
                    name: string;
                    shortDescription?: { text: string };
                    fullDescription?: { text: string };
                    help?: { text: string; markdown: string };
                    helpUri?: string;
                    defaultConfiguration: { level: string };
                }[];
            };
        };
        originalUriBaseIds: Record<string, { uri: string }>;
        artifacts: { location: { uri: string; uriBaseId?: string }; roles: string[]; properties?: Record<string, unknown> }[];
        results: {
            ruleId: string;
            ruleIndex: number;
            level: string;
            message: { text: string };
            locations: SarifLocation[];
            relatedLocations?: (SarifLocation & { id: number; message: { text: string } })[];
            properties?: Record<string, unknown>;
        }[];
        columnKind: string;
    }[];
}

export interface SarifLocation {
    physicalLocation: {
        artifactLocation: { uri: string; uriBaseId?: string; index?: number };
        region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
    };
}
