import type { ArchitectureModel } from '@archgen/model';
import { type Manifest, entry } from '../../engine/manifest.js';
import { serviceModelView } from '../../views/services/model-view.js';
import { ASYNCAPI_FILE, asyncApiView, hasMessages } from '../../views/services/asyncapi.js';
import { OPENAPI_FILE } from '../../views/services/names.js';
import { openApiView } from '../../views/services/openapi.js';
import {
    RUNTIME_SOURCES,
    dockerfileView,
    handlerStubView,
    hasServices,
    mainView,
    rootPackageView,
    rootTsconfigView,
    runtimePackageView,
    runtimeView,
    servicePackageView
} from '../../views/services/workspace.js';

const whenServices = (model: ArchitectureModel): boolean => hasServices(model);

/**
 * The generated services (backend and mqtp components): the npm workspace at
 * the root of the output, the shared runtime (`runtime/`), and one small
 * package per service (`services/<name>/`: model.ts, main.ts, openapi.json, Dockerfile).
 * Templates: `templates/services/` (shared by targets; images are built the same way).
 */
export const servicesManifest: Manifest = [
    entry({ template: 'services/package.json.hbs', scope: 'once', when: whenServices, view: rootPackageView, output: () => 'package.json' }),
    entry({ template: 'services/tsconfig.base.json.hbs', scope: 'once', when: whenServices, view: () => ({}), output: () => 'tsconfig.base.json' }),
    entry({ template: 'services/tsconfig.json.hbs', scope: 'once', when: whenServices, view: rootTsconfigView, output: () => 'tsconfig.json' }),
    entry({ template: 'services/dockerignore.hbs', scope: 'once', when: whenServices, view: () => ({}), output: () => '.dockerignore' }),
    entry({ template: 'services/runtime/package.json.hbs', scope: 'once', when: whenServices, view: runtimePackageView, output: () => 'runtime/package.json' }),
    entry({ template: 'services/runtime/tsconfig.json.hbs', scope: 'once', when: whenServices, view: () => ({}), output: () => 'runtime/tsconfig.json' }),
    ...RUNTIME_SOURCES.map(source => entry({
        template: `services/runtime/src/${source.file}.hbs`,
        scope: 'once',
        when: model => whenServices(model) && (source.when?.(model) ?? true),
        view: runtimeView,
        output: () => `runtime/src/${source.file}`
    })),
    entry({
        template: 'services/service/package.json.hbs',
        scope: 'service',
        view: servicePackageView,
        output: view => `${view.folder}/package.json`
    }),
    entry({
        template: 'services/service/tsconfig.json.hbs',
        scope: 'service',
        view: servicePackageView,
        output: view => `${view.folder}/tsconfig.json`
    }),
    entry({
        template: 'services/service/Dockerfile.hbs',
        scope: 'service',
        view: dockerfileView,
        output: view => `${view.folder}/Dockerfile`
    }),
    entry({
        template: 'services/service/src/main.ts.hbs',
        scope: 'service',
        view: mainView,
        output: view => `${view.folder}/src/main.ts`
    }),
    // The messages' contract: channels, payloads, who sends and who receives (only with message_queue connectors).
    entry({ template: 'services/asyncapi.yaml.hbs', scope: 'once', when: hasMessages, view: asyncApiView, output: () => ASYNCAPI_FILE }),
    // The service's contract: served at GET /openapi.json and the schemas its routes validate requests with.
    entry({
        template: 'services/service/openapi.json.hbs',
        scope: 'service',
        view: openApiView,
        output: view => `${view.folder}/${OPENAPI_FILE}`
    }),
    entry({
        template: 'services/service/src/model.ts.hbs',
        scope: 'service',
        view: serviceModelView,
        output: view => `${view.folder}/src/model.ts`
    }),
    // Stubs for you to fill in: written once, then yours (regeneration leaves them alone).
    entry({
        template: 'services/service/src/handler.ts.hbs',
        scope: 'handler',
        view: handlerStubView,
        output: view => view.path,
        once: true
    })
];
