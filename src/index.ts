// type-graphql reads decorator metadata through reflect-metadata: load it before any schema class.
import "reflect-metadata";
import { loadConfig } from "./config.js";
import { startService } from "./service.js";

const config = loadConfig();
const service = await startService(config);

// MEMORY_REPORT_MS: the heap as the process sees it, in the log — no debugger, no public endpoint.
if (config.memoryReportMs > 0) {
  setInterval(() => service.app.log.info({ memory: process.memoryUsage() }, "memory"), config.memoryReportMs).unref();
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    service.app.log.info({ signal }, "shutting down");
    void service.stop().then(() => process.exit(0));
  });
}
