import { entry } from '../engine/manifest.js';
import { collectSecrets } from '../secrets.js';
import { mosquittoConfigView, rabbitPluginsView } from '../views/compose/brokers.js';
import { composeView } from '../views/compose/compose.js';
import { envFileView } from '../views/compose/env-file.js';
import { brokerFolder } from '../views/layout.js';
import { diagramMermaidView, diagramSvgView } from '../views/diagram.js';
import { readmeView } from '../views/readme/readme.js';
import { mysql } from '../views/sql/mysql.js';
import { postgres } from '../views/sql/postgres.js';
import { schemaView } from '../views/sql/schema.js';
import type { Target } from './index.js';
import { localManifest } from './compose/local.js';
import { nginxManifest } from './compose/nginx.js';
import { servicesManifest } from './compose/services.js';

/**
 * Docker Compose: one `docker compose up --build` starts the system.
 * Templates live in `templates/compose/` (mirroring the output tree) and
 * `templates/sql/<engine>/`. Dotfiles are stored without their dot
 * (`env.example.hbs`), since npm drops `.gitignore` files from packages.
 */
export const composeTarget: Target = {
    id: 'compose',
    description: 'Docker Compose: docker-compose.yml, SQL schemas, broker configuration, .env.example, the architecture diagram.',
    secrets: collectSecrets,
    manifest: [
        entry({
            template: 'compose/docker-compose.yml.hbs',
            scope: 'once',
            view: composeView,
            output: () => 'docker-compose.yml'
        }),
        entry({
            template: 'compose/README.md.hbs',
            scope: 'once',
            view: (model, _item, context) => readmeView(model, context),
            output: () => 'README.md'
        }),
        entry({
            template: 'compose/diagram.mmd.hbs',
            scope: 'once',
            view: diagramMermaidView,
            output: () => 'diagram.mmd'
        }),
        entry({
            template: 'compose/diagram.svg.hbs',
            scope: 'once',
            when: (_model, _item, context) => context.diagram !== undefined,
            view: (_model, _item, context) => diagramSvgView(context.diagram!),
            output: () => 'diagram.svg'
        }),
        entry({
            template: 'compose/env.example.hbs',
            scope: 'once',
            view: envFileView,
            output: () => '.env.example'
        }),
        entry({
            template: 'compose/gitignore.hbs',
            scope: 'once',
            view: () => ({}),
            output: () => '.gitignore'
        }),
        entry({
            template: 'sql/postgres/schema.sql.hbs',
            scope: 'database',
            when: (_model, db) => db.engine === 'postgres',
            view: (model, db) => schemaView(model, db, postgres),
            output: view => `databases/${view.database}/schema.sql`
        }),
        entry({
            template: 'sql/mysql/schema.sql.hbs',
            scope: 'database',
            when: (_model, db) => db.engine === 'mysql',
            view: (model, db) => schemaView(model, db, mysql),
            output: view => `databases/${view.database}/schema.sql`
        }),
        entry({
            template: 'compose/brokers/rabbitmq/enabled_plugins.hbs',
            scope: 'broker',
            when: (_model, broker) => broker.engine === 'rabbitmq',
            view: (_model, broker) => rabbitPluginsView(broker),
            output: view => `${brokerFolder(view.broker)}/enabled_plugins`
        }),
        entry({
            template: 'compose/brokers/mosquitto/mosquitto.conf.hbs',
            scope: 'broker',
            when: (_model, broker) => broker.engine === 'mosquitto',
            view: (_model, broker) => mosquittoConfigView(broker),
            output: view => `${brokerFolder(view.broker)}/mosquitto.conf`
        }),
        ...servicesManifest,
        ...nginxManifest,
        ...localManifest
    ]
};
