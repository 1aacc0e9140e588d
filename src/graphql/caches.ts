/**
 * Apollo's two in-process caches, bounded by entries and by approximate heap bytes.
 *
 * Apollo's defaults are `InMemoryLRUCache`s of "30 MiB", measured as the length of a string
 * value or of the JSON of an object value. That undercounts the heap: a cached response is a
 * JSON string, which V8 stores at two bytes per character as soon as it holds one Chinese
 * character; a parsed document keeps its AST, every lexical token (graphql-js links them all
 * from `loc`) and its source text — about 80 bytes of heap per character of query, measured
 * with graphql 16 (a 200-character query: 16 KB of heap, 3.7 KB of JSON). With tens of
 * thousands of distinct queries the defaults let both grow to well over their nominal size,
 * so the sizes here estimate heap bytes instead.
 */
import { InMemoryLRUCache } from "@apollo/utils.keyvaluecache";
import type { DocumentNode } from "graphql";

/** Heap bytes per character of a parsed and validated query (AST, tokens, source), measured. */
export const DOCUMENT_BYTES_PER_CHAR = 80;
/** Per-entry bookkeeping of the LRU cache and the key string. */
const ENTRY_OVERHEAD = 200;

export interface ApolloCacheBounds {
  /** Response cache: approximate heap bytes and entries. */
  responseMaxBytes: number;
  responseMaxEntries: number;
  /** Parsed-document cache: approximate heap bytes and entries. */
  documentMaxBytes: number;
  documentMaxEntries: number;
}

/**
 * Apollo's `cache`: serialized responses of the response-cache plugin (automatic persisted
 * queries have their own store: src/graphql/persisted-queries.ts). A value larger than `maxEntryBytes` (a
 * response bigger than any that may be sent) is not kept at all.
 */
export function boundedResponseCache(bounds: Pick<ApolloCacheBounds, "responseMaxBytes" | "responseMaxEntries">, maxEntryBytes?: number): InMemoryLRUCache<string> {
  return new InMemoryLRUCache<string>({
    max: bounds.responseMaxEntries,
    maxSize: bounds.responseMaxBytes,
    maxEntrySize: Math.min(bounds.responseMaxBytes, maxEntryBytes ?? bounds.responseMaxBytes),
    sizeCalculation: (value: string, key: string) => Math.max(1, 2 * (value.length + key.length) + ENTRY_OVERHEAD),
  });
}

/** Apollo's `documentStore`: parsed and validated documents, sized by the length of their source. */
export function boundedDocumentStore(bounds: Pick<ApolloCacheBounds, "documentMaxBytes" | "documentMaxEntries">): InMemoryLRUCache<DocumentNode> {
  return new InMemoryLRUCache<DocumentNode>({
    max: bounds.documentMaxEntries,
    maxSize: bounds.documentMaxBytes,
    sizeCalculation: (document: DocumentNode) => Math.max(1, (document.loc?.end ?? 1_000) * DOCUMENT_BYTES_PER_CHAR + ENTRY_OVERHEAD),
  });
}
