import { startServer } from './server.mjs';

/** The server every browser test shares: the demo deployment, as `npm start` on a fresh clone. */
export default async function globalSetup() {
  const { server, base, dataDir } = await startServer();
  process.env.EQUITY_E2E_BASE_URL = base;
  globalThis.__equityServer = server;
  console.log(`\nServer for browser tests at ${base} (data in ${dataDir})`);
}
