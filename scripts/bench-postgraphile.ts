// The peer in `npm run bench`: PostGraphile 5 (the dev dependency, pinned) serving the same
// PostgreSQL database as the service, the way its documentation sets it up — the Amber preset,
// the `pg` adaptor, grafserv on node:http — so that every benchmark run measures the project
// against the obvious alternative a user could deploy instead, on the same machine, at the same
// time. Started by scripts/bench.ts in its own process (like the service):
//
//   DATABASE_URL=postgres://… PORT=5678 node --import tsx scripts/bench-postgraphile.ts
//
// It sees the service's tables in `public` (read-only use: the benchmark only queries) and one
// SQL function in the schema `postgraphile_peer` that scripts/bench.ts creates: the loans of one
// league by beneficiary group, aggregated straight from the raw loans — PostGraphile's own way
// to expose an aggregate (it has no rollup tables; the Q3 figures compare that with the
// project's rollups, and say so).
import "./bench-postgraphile-node20.js";
import { createServer } from "node:http";
import { postgraphile } from "postgraphile";
import { makePgService } from "postgraphile/adaptors/pg";
import { grafserv } from "postgraphile/grafserv/node";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";

export const PEER_SCHEMA = "postgraphile_peer";

const connectionString = process.env.DATABASE_URL;
const port = Number(process.env.PORT);
if (!connectionString || !port) throw new Error("DATABASE_URL and PORT are required");

const preset: GraphileConfig.Preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ connectionString, schemas: ["public", PEER_SCHEMA], poolConfig: { max: 10 } })],
  grafserv: { port, host: "127.0.0.1", graphiql: false, watch: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
// grafserv's handler with a readiness probe in front (grafserv answers /graphql only); the
// handler passes anything else to `next`.
const handle = serv.createHandler();
const server = createServer((req, res) => {
  if (req.url === "/readyz") {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("ok");
    return;
  }
  void handle(req, res, () => {
    res.writeHead(404);
    res.end();
  });
});
server.on("error", (e) => console.error(e));
// Build the schema before answering /readyz, so that warm-up does not time the introspection.
await pgl.getSchemaResult();
server.listen(port, "127.0.0.1");
const stop = () => {
  server.close();
  void Promise.resolve(pgl.release()).finally(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
