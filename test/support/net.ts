/** Loopback helpers shared by the tests that start real servers. */
import { createServer } from 'node:net';

/** Every server a test starts listens here, and only here. */
export const HOST = '127.0.0.1';

/** A port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(0, HOST, () => {
            const address = server.address();
            server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('No port.'))));
        });
    });
}
