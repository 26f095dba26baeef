import { type ArchitectureModel, isDatabase, isService } from '@archgen/model';
import { JWT_SECRET_VAR, RABBITMQ_VARS, databaseVars } from './naming.js';
import type { SecretSpec } from './types.js';

/**
 * The secrets the generated system reads from `.env`, sorted by name. The
 * generator never invents values: the CLI writes them, random, into `.env`.
 */
export function collectSecrets(model: ArchitectureModel): SecretSpec[] {
    const secrets = new Map<string, SecretSpec>();
    const add = (secret: SecretSpec): void => {
        if (!secrets.has(secret.name)) secrets.set(secret.name, secret);
    };
    for (const db of model.components.filter(isDatabase)) {
        const vars = databaseVars(db.serviceName);
        const server = db.engine === 'mysql' ? 'MySQL' : 'PostgreSQL';
        add({
            name: vars.user,
            kind: 'username',
            description: `User of the ${server} database '${db.databaseName}' in '${db.serviceName}'.`,
            suggested: `${db.databaseName}_user`
        });
        add({ name: vars.password, kind: 'password', description: `Password of ${vars.user}.` });
        if (db.engine === 'mysql') {
            add({ name: vars.rootPassword, kind: 'password', description: `Root password of the MySQL server '${db.serviceName}'.` });
        }
    }
    if (model.brokers.some(b => b.engine === 'rabbitmq')) {
        add({ name: RABBITMQ_VARS.user, kind: 'username', description: 'User of the RabbitMQ broker.', suggested: 'broker_user' });
        add({ name: RABBITMQ_VARS.password, kind: 'password', description: `Password of ${RABBITMQ_VARS.user}.` });
    }
    const issuers = model.components.filter(isService).filter(s => s.issuesTokens);
    if (issuers.length > 0) {
        add({
            name: JWT_SECRET_VAR,
            kind: 'jwt-secret',
            description: `Key that signs the JWTs issued by ${issuers.map(s => `'${s.name}'`).join(', ')}.`
        });
    }
    return [...secrets.values()].sort((a, b) => compareStrings(a.name, b.name));
}

/** Code-point order: independent of the locale. */
export function compareStrings(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
