// type-graphql reads decorator metadata through reflect-metadata: load it before any schema class.
import "reflect-metadata";
import { loadConfig } from "./config.js";
import { startService } from "./service.js";

const config = loadConfig();
const service = await startService(config);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    service.app.log.info({ signal }, "shutting down");
    void service.stop().then(() => process.exit(0));
  });
}
