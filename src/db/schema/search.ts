import { customType, index, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/**
 * One row per searchable object. Neither PostgreSQL nor PGlite has a Chinese text-search
 * configuration, so the application splits text into tokens itself (CJK characters and
 * character bigrams, lower-cased Latin words) and stores them under the `simple`
 * configuration: the same on both engines, no extension needed.
 */
export const searchEntries = pgTable(
  "search_entries",
  {
    type: text("type").notNull(),
    key: text("key").notNull(),
    title: text("title").notNull(),
    titleEn: text("title_en").notNull(),
    body: text("body").notNull(),
    vector: tsvector("vector").notNull(),
  },
  (t) => [primaryKey({ columns: [t.type, t.key] }), index("search_entries_vector_idx").using("gin", t.vector)],
);
