/** Serving figures under disclosure control: the shared functions (libs/shared/src/serve.ts), under the API's names. */
export { isWithheldRate as withheld, serve, serveMetrics, serveRate } from '@equity/shared';
