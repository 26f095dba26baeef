import { type ArchitectureModel, isDatabase, isService } from '@archgen/model';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { renderDiagramSvg } from '../diagram/index.js';
import { generate } from '../generate.js';
import { file } from '../test-support/compose.js';
import { at, database, dbConnector, publicOn, service } from '../test-support/builders.js';
import { ALL_MODELS, ecommerceModel } from '../test-support/fixtures.js';
import {
    CREDENTIAL,
    INGRESS_CONTROLLER,
    KUBE_DNS,
    type KubeObject,
    type Policy,
    type Workload,
    connectorEdges,
    containersOf,
    edge,
    isPolicy,
    isWorkload,
    manifestFiles,
    manifestsOf,
    ofKind,
    parseManifests,
    parseYaml,
    policyTraffic,
    secretKeyRefs,
    validateObject
} from '../test-support/k8s.js';
import { environmentFor } from '../views/environment.js';

const k8s = (model: ArchitectureModel) => generate(model, { target: 'k8s' });
const objectsOf = (model: ArchitectureModel): KubeObject[] => manifestsOf(k8s(model)).map(m => m.object);

interface Kustomization {
    namespace?: string;
    resources: string[];
    configMapGenerator?: { name: string; files: string[] }[];
    secretGenerator?: { name: string; envs: string[] }[];
    images?: { name: string; newTag: string }[];
}

describe.each(Object.entries(ALL_MODELS))('Kubernetes manifests of the %s model', (_name, model) => {
    const result = k8s(model);
    const manifests = manifestsOf(result);
    const objects = manifests.map(m => m.object);
    const workloads = objects.filter(isWorkload);
    const workload = (kind: string, name: string) => workloads.find(w => w.kind === kind && w.metadata.name === name);
    const stateless = model.components.filter(c => !isDatabase(c));

    it('parse as YAML and validate against the Kubernetes API schemas', () => {
        expect(manifests.length).toBeGreaterThan(0);
        for (const { path, object } of manifests) {
            expect(() => validateObject(object), `${path}: ${object.kind} ${object.metadata.name}`).not.toThrow();
        }
    });

    it('are listed in k8s/kustomization.yaml, which the kustomization of the output folder builds', () => {
        const listed = parseYaml<Kustomization>(file(result, 'k8s/kustomization.yaml')).resources.map(r => `k8s/${r}`);
        expect([...listed].sort()).toEqual(manifestFiles(result).map(f => f.path).sort());
        const root = parseYaml<Kustomization>(file(result, 'kustomization.yaml'));
        expect(root.resources).toEqual(['k8s']);
        expect(root.namespace).toBe(model.projectName);
        // Generators read the files the compose target writes too: they must be generated.
        for (const spec of (root.configMapGenerator ?? []).flatMap(g => g.files)) {
            expect(result.files.some(f => f.path === spec.split('=')[1]), spec).toBe(true);
        }
        // The Secret comes from .env (written by the CLI when there are secrets).
        expect(root.secretGenerator ?? []).toEqual(result.secrets.length > 0 ? [{ name: `${model.projectName}-secrets`, envs: ['.env'] }] : []);
    });

    it('run each stateless component as a Deployment with the model\'s replicas and a ClusterIP Service', () => {
        expect(ofKind(manifests, 'Deployment').map(d => d.metadata.name).sort()).toEqual(stateless.map(c => c.serviceName).sort());
        for (const c of stateless) {
            const d = workload('Deployment', c.serviceName)!;
            expect(d.spec.replicas, c.name).toBe(c.replicas);
            const svc = objects.find(o => o.kind === 'Service' && o.metadata.name === c.serviceName)!;
            expect(svc.spec).toMatchObject({ type: 'ClusterIP', selector: d.spec.selector.matchLabels });
        }
    });

    it('run databases and brokers as StatefulSets with volume claims, behind headless Services', () => {
        const stateful = [...model.components.filter(isDatabase).map(db => db.serviceName), ...model.brokers.map(b => b.name)];
        expect(ofKind(manifests, 'StatefulSet').map(s => s.metadata.name).sort()).toEqual([...stateful].sort());
        for (const name of stateful) {
            const s = workload('StatefulSet', name)!;
            expect(s.spec.replicas).toBe(1);
            expect(s.spec.serviceName).toBe(name);
            expect(s.spec.volumeClaimTemplates?.map(v => v.metadata.name)).toEqual(['data']);
            const svc = objects.find(o => o.kind === 'Service' && o.metadata.name === name)!;
            expect(svc.spec).toMatchObject({ clusterIP: 'None', selector: s.spec.selector.matchLabels });
        }
    });

    it('probe the routes the components serve: /ready and /health for services, /health for nginx', () => {
        for (const c of stateless) {
            const [container] = workload('Deployment', c.serviceName)!.spec.template.spec.containers;
            const port = container!.ports![0]!;
            expect(port.containerPort).toBe(isService(c) ? 3000 : 8080);
            expect(container!.readinessProbe?.httpGet, c.name).toEqual({ path: isService(c) ? '/ready' : '/health', port: port.name });
            expect(container!.livenessProbe?.httpGet, c.name).toEqual({ path: '/health', port: port.name });
        }
        for (const s of workloads.filter(w => w.kind === 'StatefulSet')) {
            const [container] = s.spec.template.spec.containers;
            expect(container!.readinessProbe?.exec ?? container!.readinessProbe?.tcpSocket, s.metadata.name).toBeDefined();
            expect(container!.livenessProbe?.exec ?? container!.livenessProbe?.tcpSocket, s.metadata.name).toBeDefined();
        }
    });

    it('run every container unprivileged, with resource requests and limits', () => {
        for (const { workload: w, container } of containersOf(objects)) {
            const pod = w.spec.template.spec;
            expect(pod.securityContext?.runAsNonRoot, w.metadata.name).toBe(true);
            expect(pod.securityContext?.runAsUser, w.metadata.name).toBeGreaterThan(0);
            expect(pod.enableServiceLinks).toBe(false);
            expect(pod.automountServiceAccountToken).toBe(false);
            expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
            for (const key of ['requests', 'limits'] as const) {
                expect(Object.keys(container.resources?.[key] ?? {}).sort(), `${w.metadata.name} ${key}`).toEqual(['cpu', 'memory']);
            }
        }
    });

    it('autoscale the replicated components only, from their replicas up', () => {
        const autoscalers = ofKind(manifests, 'HorizontalPodAutoscaler') as (KubeObject & {
            spec: { scaleTargetRef: { kind: string; name: string }; minReplicas: number; maxReplicas: number; metrics: { resource: { name: string } }[] };
        })[];
        const replicated = stateless.filter(c => c.replicas > 1);
        expect(autoscalers.map(h => h.spec.scaleTargetRef.name).sort()).toEqual(replicated.map(c => c.serviceName).sort());
        for (const c of replicated) {
            const hpa = autoscalers.find(h => h.spec.scaleTargetRef.name === c.serviceName)!;
            expect(hpa.spec.scaleTargetRef.kind).toBe('Deployment');
            expect(hpa.spec.minReplicas).toBe(c.replicas);
            expect(hpa.spec.maxReplicas).toBeGreaterThan(c.replicas);
            expect(hpa.spec.metrics.map(m => m.resource.name)).toEqual(['cpu']);
        }
    });

    it('expose only the public components, through an Ingress', () => {
        const ingresses = ofKind(manifests, 'Ingress') as (KubeObject & {
            spec: { rules: { http: { paths: { backend: { service: { name: string } } }[] } }[] };
        })[];
        const backends = ingresses.flatMap(i => i.spec.rules.flatMap(r => r.http.paths.map(p => p.backend.service.name)));
        expect(backends.sort()).toEqual(model.components.filter(c => c.exposure.public).map(c => c.serviceName).sort());
        for (const svc of ofKind(manifests, 'Service')) expect((svc.spec as { type?: string }).type ?? 'ClusterIP').toBe('ClusterIP');
    });

    it('give each component the environment contract of compose: hosts are Service names, credentials Secret keys', () => {
        for (const c of stateless) {
            const d = workload('Deployment', c.serviceName)!;
            const [container] = d.spec.template.spec.containers;
            const config = objects.find(o => o.kind === 'ConfigMap' && o.metadata.name === container!.envFrom![0]!.configMapRef!.name)!;
            const actual = [
                ...Object.entries(config.data ?? {}),
                ...(container!.env ?? []).map(v => [v.name, v.valueFrom?.secretKeyRef ? `\${${v.valueFrom.secretKeyRef.key}}` : v.value!] as const)
            ];
            // compose: `${X}` from .env is the Secret's key X here; `${X:-d}` a setting with its default d.
            const expected = environmentFor(model, c).map(v => [v.name, v.value.replace(/^\$\{([A-Z0-9_]+):-(.*)\}$/, '$2')] as const);
            expect(Object.fromEntries(actual), c.name).toEqual(Object.fromEntries(expected));
        }
    });

    it('hold no credential: every secret is a key of the Secret that kustomize builds from .env', () => {
        expect(ofKind(manifests, 'Secret')).toEqual([]);
        const secretNames = new Set(result.secrets.map(s => s.name));
        for (const { workload: w, container } of containersOf(objects)) {
            for (const v of container.env ?? []) {
                if (CREDENTIAL.test(v.name) || secretNames.has(v.name)) {
                    expect(v.value, `${w.metadata.name} ${v.name}`).toBeUndefined();
                    expect(v.valueFrom?.secretKeyRef?.name, `${w.metadata.name} ${v.name}`).toBe(`${model.projectName}-secrets`);
                }
            }
        }
        for (const config of ofKind(manifests, 'ConfigMap')) {
            for (const key of Object.keys(config.data ?? {})) {
                expect(CREDENTIAL.test(key) || secretNames.has(key), `${config.metadata.name} ${key}`).toBe(false);
            }
        }
        // Exactly the secrets generate() returns (the keys of .env) are read, each by its own name.
        const refs = secretKeyRefs(objects);
        expect(new Set(refs.map(r => r.key))).toEqual(secretNames);
        // Nor a suggested value (user names) or a placeholder of .env.example.
        const text = manifestFiles(result).map(f => f.content).join('\n') + file(result, 'kustomization.yaml').content;
        for (const s of result.secrets) if (s.suggested) expect(text, s.name).not.toContain(s.suggested);
        expect(text).not.toContain('change-me');
    });

    it('allow exactly the traffic the connectors imply, and DNS', () => {
        const traffic = policyTraffic(objects);
        const expected = connectorEdges(model);
        // Deny by default: every pod is isolated both ways.
        expect(traffic.isolated).toEqual(traffic.pods);
        const deny = objects.filter(isPolicy).filter(p => Object.keys(p.spec.podSelector.matchLabels ?? {}).length === 0 && !p.spec.ingress && !p.spec.egress);
        expect(deny.map(p => p.spec.policyTypes)).toEqual([['Ingress', 'Egress']]);
        // In: what the connectors imply, the ingress controller to the public entries; nothing else.
        expect([...traffic.ingress].sort()).toEqual([...expected].sort());
        // Out: the same connections from their callers, and the cluster DNS for every pod.
        const dns = [...traffic.pods].flatMap(p => [edge(p, KUBE_DNS, 53, 'UDP'), edge(p, KUBE_DNS, 53, 'TCP')]);
        const inside = [...expected].filter(e => !e.startsWith(INGRESS_CONTROLLER));
        expect([...traffic.egress].sort()).toEqual([...inside, ...dns].sort());
    });

    it('are deterministic', () => {
        expect(k8s(model)).toEqual(result);
    });
});

describe('Kubernetes manifests of the e-commerce model', () => {
    const objects = objectsOf(ecommerceModel);
    const find = <T extends KubeObject>(kind: string, name: string) => objects.find(o => o.kind === kind && o.metadata.name === name) as T;

    it('run the gateway on nginx with its template from a ConfigMap, unprivileged on a read-only root', () => {
        const gw = find<Workload>('Deployment', 'shop-gw');
        const pod = gw.spec.template.spec;
        const [container] = pod.containers;
        expect(container!.image).toBe('nginx:1.27-alpine');
        expect(pod.securityContext?.runAsUser).toBe(101);
        expect(container!.securityContext?.readOnlyRootFilesystem).toBe(true);
        expect(container!.volumeMounts?.map(m => m.mountPath)).toEqual([
            '/etc/nginx/templates/default.conf.template', '/etc/nginx/conf.d', '/var/cache/nginx', '/run', '/tmp'
        ]);
        expect(pod.volumes?.[0]).toEqual({ name: 'templates', configMap: { name: 'shop-gw-nginx' } });
    });

    it('run the services and frontends from the images compose builds', () => {
        expect(find<Workload>('Deployment', 'users').spec.template.spec.containers[0]!.image).toBe('ecommerce-users');
        expect(find<Workload>('Deployment', 'shop-fe').spec.template.spec.containers[0]!.image).toBe('ecommerce-shop-fe');
    });

    it('load each schema from its ConfigMap and keep PostgreSQL\'s data in a subfolder of the claim', () => {
        const db = find<Workload>('StatefulSet', 'orders-db');
        const [container] = db.spec.template.spec.containers;
        expect(container!.image).toBe('postgres:15-alpine');
        expect(container!.env).toEqual([
            { name: 'POSTGRES_DB', value: 'orders_db' },
            { name: 'POSTGRES_USER', valueFrom: { secretKeyRef: { name: 'ecommerce-secrets', key: 'ORDERS_DB_USER' } } },
            { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'ecommerce-secrets', key: 'ORDERS_DB_PASSWORD' } } },
            { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' }
        ]);
        expect(container!.volumeMounts).toContainEqual({
            name: 'schema', mountPath: '/docker-entrypoint-initdb.d/001-schema.sql', subPath: '001-schema.sql', readOnly: true
        });
        expect(db.spec.template.spec.volumes).toEqual([{ name: 'schema', configMap: { name: 'orders-db-schema' } }]);
        expect(db.spec.template.spec.securityContext).toMatchObject({ runAsUser: 70, fsGroup: 70 });
    });

    it('let both services that use the payments database in, on 5432 only', () => {
        const policy = find<Policy>('NetworkPolicy', 'payments-db');
        expect(policy.spec.egress).toBeUndefined();
        expect(policy.spec.ingress).toEqual([{
            from: [
                { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'payments' } } },
                { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'payment-processor' } } }
            ],
            ports: [{ protocol: 'TCP', port: 5432 }]
        }]);
    });

    it('open RabbitMQ on AMQP and MQTT, each to the ends of the channels that use it', () => {
        const broker = find<Workload>('StatefulSet', 'rabbitmq');
        expect(broker.spec.template.spec.containers[0]!.ports?.map(p => p.containerPort)).toEqual([5672, 1883]);
        const traffic = policyTraffic(objects);
        expect([...traffic.ingress].filter(e => e.includes('-> rabbitmq')).sort()).toEqual([
            // payments.requested over MQTT, payments.processed over AMQP.
            edge('payments', 'rabbitmq', 1883), edge('payment-processor', 'rabbitmq', 1883), edge('payment-processor', 'rabbitmq', 5672),
            edge('orders', 'rabbitmq', 5672)
        ].sort());
    });
});

describe('Kubernetes names', () => {
    const longDb = `${'inventory_'.repeat(6)}db`;
    const model: ArchitectureModel = {
        name: 'long',
        projectName: 'long',
        source: at(0),
        components: [service('api', { databases: [longDb], dependsOn: [longDb], exposure: publicOn(3000) }), database(longDb, ['api'], [])],
        connectors: [dbConnector('api', longDb)],
        brokers: []
    };

    it('shorten a StatefulSet past 52 characters, keep its Service name, and say so in the README', () => {
        const result = k8s(model);
        const objects = manifestsOf(result).map(m => m.object);
        const serviceName = longDb.replace(/_/g, '-');
        expect(serviceName.length).toBeGreaterThan(52);
        const sts = objects.filter(isWorkload).find(w => w.kind === 'StatefulSet')!;
        expect(sts.metadata.name.length).toBeLessThanOrEqual(52);
        expect(sts.metadata.name).toMatch(/^inventory-inventory-.*-[0-9a-f]{8}$/);
        expect(sts.spec.serviceName).toBe(serviceName);
        for (const o of objects) expect(() => validateObject(o)).not.toThrow();
        const readme = file(result, 'README.md').content;
        expect(readme).toContain(`| \`${longDb}\` | StatefulSet | \`${sts.metadata.name}\` |`);
        expect(readme).toContain(`| \`${longDb}\` | database | \`${serviceName}\` | \`-\` for \`_\` and other characters |`);
    });
});

describe('--target all', () => {
    const compose = generate(ecommerceModel, { target: 'compose' });
    const kube = k8s(ecommerceModel);
    const all = generate(ecommerceModel, { target: 'all' });
    const paths = (files: readonly { path: string }[]) => files.map(f => f.path);

    it('writes the compose files and the Kubernetes files in one folder, what they share once', () => {
        const kubernetesOnly = kube.files.filter(f => f.path === 'kustomization.yaml' || f.path.startsWith('k8s/'));
        expect(paths(all.files)).toEqual([...new Set([...paths(compose.files), ...paths(kubernetesOnly)])].sort());
        // The same bytes as each target alone, but the README, which describes both.
        for (const f of all.files.filter(f => f.path !== 'README.md')) {
            const alone = compose.files.find(c => c.path === f.path) ?? kube.files.find(k => k.path === f.path);
            expect(f.content, f.path).toBe(alone!.content);
        }
        expect(all.secrets).toEqual(compose.secrets);
    });

    it('k8s writes no compose file, and shares everything else with compose', () => {
        expect(paths(kube.files)).not.toContain('docker-compose.yml');
        const shared = compose.files.filter(f => f.path !== 'docker-compose.yml' && f.path !== 'README.md');
        for (const f of shared) expect(kube.files.find(k => k.path === f.path)?.content, f.path).toBe(f.content);
    });

    it('has a README for each: how to start, scale and apply', () => {
        const readme = (files: readonly { path: string; content: string }[]) => files.find(f => f.path === 'README.md')!.content;
        expect(readme(compose.files)).toContain('## Start it with Docker Compose');
        expect(readme(compose.files)).not.toContain('## Run it on Kubernetes');
        expect(readme(kube.files)).not.toContain('## Start it with Docker Compose');
        for (const text of [readme(kube.files), readme(all.files)]) {
            expect(text).toContain('kubectl apply -k .');
            expect(text).toContain('### Scale it on Kubernetes');
            expect(text).toContain('| `products` | Deployment | 2 | 2 to 4 at 70% CPU | `k8s/services/products.yaml` |');
            expect(text).toContain('| `shop_lb` | load_balancer | `shop-lb` |');
        }
        expect(readme(all.files)).toContain('deploy.replicas');
    });
});

describe('generated Kubernetes tree (golden files)', () => {
    const isKubernetes = (path: string) => path === 'kustomization.yaml' || path.startsWith('k8s/') || path === 'README.md';

    it.each(['ecommerce', 'variants'])('%s', async name => {
        const folder = fileURLToPath(new URL(`./__golden__/k8s/${name}`, import.meta.url));
        const firstRun = !existsSync(folder);
        const model = ALL_MODELS[name]!;
        const options = name === 'ecommerce' ? { target: 'k8s', diagram: { svg: await renderDiagramSvg(model) } } as const : { target: 'k8s' } as const;
        const files = generate(model, options).files.filter(f => isKubernetes(f.path));
        for (const f of files) await expect(f.content).toMatchFileSnapshot(`./__golden__/k8s/${name}/${f.path}.golden`);
        if (firstRun) return;
        const golden = readdirSync(folder, { recursive: true, withFileTypes: true })
            .filter(e => e.isFile())
            .map(e => relative(folder, join(e.parentPath, e.name)).split(sep).join('/'));
        expect(golden.sort()).toEqual(files.map(f => `${f.path}.golden`).sort());
    });

    it('the README of --target all', async () => {
        const readme = generate(ecommerceModel, { target: 'all', diagram: { svg: await renderDiagramSvg(ecommerceModel) } }).files
            .find(f => f.path === 'README.md')!;
        await expect(readme.content).toMatchFileSnapshot('./__golden__/k8s/ecommerce-all/README.md.golden');
    });
});

/** kubectl's kustomize, when installed: the kustomization really builds, and its references resolve. */
const kubectl = (() => {
    try {
        execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
        return true;
    } catch {
        return false;
    }
})();

describe.skipIf(!kubectl)('kubectl kustomize (kubectl installed)', () => {
    const folders: string[] = [];
    afterAll(() => {
        for (const f of folders) rmSync(f, { recursive: true, force: true });
    });

    it.each(Object.keys(ALL_MODELS))('builds the %s model with --target all, every reference resolved', name => {
        const model = ALL_MODELS[name]!;
        const result = generate(model, { target: 'all' });
        const root = mkdtempSync(join(tmpdir(), 'archgen-k8s-'));
        folders.push(root);
        for (const f of result.files) {
            mkdirSync(dirname(join(root, f.path)), { recursive: true });
            writeFileSync(join(root, f.path), f.content);
        }
        const values = new Map(result.secrets.map((s, i) => [s.name, `value-${i}-of-${s.name.toLowerCase()}`]));
        if (values.size > 0) writeFileSync(join(root, '.env'), [...values].map(([k, v]) => `# ${k}\n${k}=${v}\n`).join(''));
        const built = parseManifests('kustomize build', execFileSync('kubectl', ['kustomize', root], { encoding: 'utf8' })).map(m => m.object);
        for (const o of built) {
            expect(() => validateObject(o), `${o.kind} ${o.metadata.name}`).not.toThrow();
            if (o.kind !== 'Namespace') expect(o.metadata.namespace, `${o.kind} ${o.metadata.name}`).toBe(model.projectName);
        }
        const names = (kind: string) => new Set(built.filter(o => o.kind === kind).map(o => o.metadata.name));
        const configMaps = names('ConfigMap');
        const secrets = names('Secret');
        for (const { workload: w, container } of containersOf(built)) {
            for (const ref of container.envFrom ?? []) expect(configMaps.has(ref.configMapRef!.name), `${w.metadata.name} envFrom`).toBe(true);
            for (const v of w.spec.template.spec.volumes ?? []) if (v.configMap) expect(configMaps.has(v.configMap.name), `${w.metadata.name} ${v.name}`).toBe(true);
        }
        for (const ref of secretKeyRefs(built)) {
            expect(secrets.has(ref.name), ref.variable).toBe(true);
            const secret = built.find(o => o.kind === 'Secret' && o.metadata.name === ref.name)!;
            expect(Buffer.from(secret.data![ref.key]!, 'base64').toString(), ref.variable).toBe(values.get(ref.key));
        }
        // The generated configuration is the shared files' content, byte for byte.
        const gateway = model.components.find(c => c.kind === 'api_gateway' || c.kind === 'load_balancer');
        if (gateway) {
            const map = built.find(o => o.kind === 'ConfigMap' && o.metadata.name.startsWith(`${gateway.serviceName}-nginx-`))!;
            const folder = gateway.kind === 'api_gateway' ? 'gateways' : 'load-balancers';
            expect(map.data!['default.conf.template']).toBe(file(result, `${folder}/${gateway.serviceName}/default.conf.template`).content);
        }
    });
});
