// type-graphql reads decorator metadata through reflect-metadata: load it before any schema class.
import "reflect-metadata";
import { loadConfig } from "./config.js";
import { startService, type Service } from "./service.js";

/**
 * The service's process: configuration from the environment, the signals, the start. A function
 * rather than top-level code so that `npm start` can run it from a CommonJS bundle, which V8 can
 * cache compiled (scripts/start.mjs); `src/index.ts` runs it under tsx (`npm run dev`).
 */
export async function main(): Promise<Service> {
  const config = loadConfig();

  // Signals are taken from the very start: one that arrives while the database is being created,
  // migrated or seeded stops the service as soon as it is up (each of those steps commits or rolls
  // back as a whole; cutting one off half-way could leave a PGlite folder half-written).
  // `npm start` runs this with `exec node`, so npm's forwarded SIGTERM/SIGINT arrive here.
  let service: Service | undefined;
  let stopRequested: NodeJS.Signals | null = null;
  const stop = (signal: NodeJS.Signals) => {
    service!.app.log.info({ signal }, "shutting down");
    void service!.stop().then(
      () => {
        service!.app.log.info({ signal }, "stopped: exports, server and database closed");
        process.exit(0);
      },
      (err: unknown) => {
        service!.app.log.error({ err, signal }, "stopping failed");
        process.exit(1);
      },
    );
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      if (service) stop(signal);
      else stopRequested = signal;
    });
  }

  service = await startService(config);
  if (stopRequested) stop(stopRequested);

  // MEMORY_REPORT_MS: the heap as the process sees it, in the log — no debugger, no public endpoint —
  // with what the response cache holds and has answered (graphql/response-cache.ts).
  if (config.memoryReportMs > 0) {
    setInterval(() => service!.app.log.info({ memory: process.memoryUsage(), responseCache: service!.app.responseCache?.stats() ?? null }, "memory"), config.memoryReportMs).unref();
  }
  return service;
}
