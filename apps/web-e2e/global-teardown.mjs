import { stopServer } from './server.mjs';

export default async function globalTeardown() {
  await stopServer(globalThis.__equityServer);
}
