// rate-limiter-flexible's in-memory limiter, loaded on its own: the package's index loads every
// store it supports (Redis, Mongo, MySQL, DynamoDB, etcd ...), about 1 MiB of heap that the server
// would hold for as long as it runs and never use (issue 13, idle memory).
import { createRequire } from "node:module";
import type { RateLimiterMemory as MemoryLimiter } from "rate-limiter-flexible";

const require = createRequire(import.meta.url);

export const RateLimiterMemory = require("rate-limiter-flexible/lib/RateLimiterMemory.js") as typeof MemoryLimiter;
export type RateLimiterMemory = MemoryLimiter;
