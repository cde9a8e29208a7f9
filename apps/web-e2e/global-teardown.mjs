export default async function globalTeardown() {
  const server = globalThis.__equityServer;
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10000))]);
  if (server.exitCode === null) server.kill('SIGKILL');
  server.stdout?.destroy();
  server.stderr?.destroy();
  server.unref();
}
