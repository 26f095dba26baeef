import { AstUtils, URI } from 'langium';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testServices } from '../test-support/index.js';
import { DocComments, mayFollowDocComment } from './doc-comments.js';

const TEXT = `/** The shop. */
architecture shop:
    /** Entry point. */
    component load_balancer lb { strategy round_robin }
    /* not a doc comment */
    component frontend web
    // a line comment
    /** Orders,
      * with a second line. */    
    component backend orders {
        /** How many. */ replicas 2
    }
    component database db {
        /** Rows. */
        entity Order {
            /** The key. */
            id serial primary key
            /***/ total decimal(10,2)
            note string /** after the field: the next one's */
            /**/
            status enum(open, closed)
        }
    }
    connector http lb -> web
    /** Calls. */ connector http web -> orders
    connector db_connector orders -> db
`;

async function documentOf(text: string, name: string) {
    const services = testServices();
    const document = services.shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(`file:///test/${name}.arch`));
    services.shared.workspace.LangiumDocuments.addDocument(document);
    await services.shared.workspace.DocumentBuilder.build([document]);
    services.shared.workspace.LangiumDocuments.deleteDocument(document.uri);
    return { services, document };
}

describe('doc comments: the provider\'s, asked only where one can be', () => {
    it('every node of a model with comments everywhere gets what the provider says', async () => {
        const { services, document } = await documentOf(TEXT, 'doc-comments');
        const docs = new DocComments(services.archgen);
        const provider = services.archgen.documentation.DocumentationProvider;
        let documented = 0;
        for (const node of AstUtils.streamAst(document.parseResult.value)) {
            const expected = provider.getDocumentation(node);
            expect(docs.of(node), `${node.$type} at line ${(node.$cstNode?.range.start.line ?? -1) + 1}`).toBe(expected);
            if (expected !== undefined) {
                documented++;
                expect(mayFollowDocComment(node)).toBe(true);
            }
        }
        expect(documented).toBeGreaterThanOrEqual(7);
    });

    it('agrees with the provider on every example', async () => {
        const folder = new URL('../../../../examples/', import.meta.url);
        for (const file of readdirSync(folder).filter(f => f.endsWith('.arch'))) {
            const { services, document } = await documentOf(readFileSync(new URL(file, folder), 'utf8'), `example-${file}`);
            const docs = new DocComments(services.archgen);
            const provider = services.archgen.documentation.DocumentationProvider;
            for (const node of AstUtils.streamAst(document.parseResult.value)) {
                expect(docs.of(node), `${file}: ${node.$type}`).toBe(provider.getDocumentation(node));
            }
        }
    });
});
