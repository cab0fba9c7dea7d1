/** `dyad serve`: the HTTP API and web UI over a store, on @hono/node-server. */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Store } from '../store/types.js';
import { buildApp, type AppOptions } from './app.js';

export { buildApp, DEFAULT_MAX_EXTRACT_BYTES, type AppOptions } from './app.js';

export interface RunningServer {
  /** base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts listening (port 0: any free port) and resolves once the server accepts connections. */
export function startServer(store: Store, o: AppOptions & { port: number; host: string }): Promise<RunningServer> {
  const app = buildApp(store, o);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: o.port, hostname: o.host }, (info: AddressInfo) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${host}:${info.port}`,
        port: info.port,
        close: () => new Promise<void>((res) => {
          server.close(() => res());
          (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        }),
      });
    });
    server.once('error', reject);
  });
}
