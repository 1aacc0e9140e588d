import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Small key/value facts about the database itself, e.g. which version of the seed it holds. */
export const appMeta = pgTable("app_meta", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
});
