import { createRequire } from "node:module";
import type { Redis, RedisOptions } from "ioredis";

const requireCjs = createRequire(import.meta.url);

/**
 * A Redis client (rate limits, persisted queries). ioredis is loaded here, on first use, so only
 * deployments that set REDIS_URL pay for loading it (≈ 0.1 s of every start otherwise).
 */
export function newRedis(url: string, options: RedisOptions): Redis {
  const { Redis: Client } = requireCjs("ioredis") as typeof import("ioredis");
  return new Client(url, options);
}
