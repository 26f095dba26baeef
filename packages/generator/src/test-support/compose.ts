/** Reading generated compose output in tests: parse it, validate it against the Compose Specification. */
import { Ajv, type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { GeneratedFile, GenerationResult } from '../types.js';

const SCHEMA_URL = new URL('../../../../test/fixtures/schemas/compose-spec.json', import.meta.url);

let validator: ValidateFunction | undefined;

export function composeSchemaValidator(): ValidateFunction {
    if (!validator) {
        const { $schema: _ignored, ...schema } = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as Record<string, unknown>;
        validator = new Ajv({ allErrors: true, strict: false }).compile(schema);
    }
    return validator;
}

export interface ComposeService {
    image?: string;
    build?: string | { context: string; dockerfile?: string };
    hostname?: string;
    deploy?: { replicas?: number };
    ports?: string[];
    environment?: Record<string, string>;
    volumes?: string[];
    networks?: string[];
    healthcheck?: { test: string[]; interval: string; timeout: string; retries: number; start_period: string };
    depends_on?: Record<string, { condition: string }>;
}

export interface ComposeFile {
    name: string;
    services: Record<string, ComposeService>;
    networks?: Record<string, { driver?: string; internal?: boolean }>;
    volumes?: Record<string, object>;
}

export function file(result: GenerationResult, path: string): GeneratedFile {
    const found = result.files.find(f => f.path === path);
    if (!found) throw new Error(`No generated file '${path}' among: ${result.files.map(f => f.path).join(', ')}`);
    return found;
}

export function composeOf(result: GenerationResult): ComposeFile {
    return parse(file(result, 'docker-compose.yml').content) as ComposeFile;
}

/** `NAME=value` lines of a dotenv file, comments skipped. */
export function dotenvValues(content: string): Map<string, string> {
    const values = new Map<string, string>();
    for (const line of content.split('\n')) {
        const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
        if (match) values.set(match[1]!, match[2]!);
    }
    return values;
}

/** Every string scalar of a parsed YAML document. */
export function allStrings(value: unknown): string[] {
    if (typeof value === 'string') return [value];
    if (Array.isArray(value)) return value.flatMap(allStrings);
    if (value && typeof value === 'object') return Object.values(value).flatMap(allStrings);
    return [];
}
