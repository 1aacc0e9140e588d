/**
 * Apollo's cache of parsed and validated documents, bounded by entries and by approximate heap
 * bytes. (The response cache is in front of Apollo: graphql/response-cache.ts.)
 *
 * Apollo's default is an `InMemoryLRUCache` of "30 MiB", measured as the length of the JSON of
 * a value. That undercounts the heap: a parsed document keeps its AST, every lexical token
 * (graphql-js links them all from `loc`) and its source text — about 80 bytes of heap per
 * character of query, measured with graphql 16 (a 200-character query: 16 KB of heap, 3.7 KB of
 * JSON). With tens of thousands of distinct queries the default grows to well over its nominal
 * size, so the size here estimates heap bytes instead.
 */
import { InMemoryLRUCache } from "@apollo/utils.keyvaluecache";
import type { DocumentNode } from "graphql";

/** Heap bytes per character of a parsed and validated query (AST, tokens, source), measured. */
export const DOCUMENT_BYTES_PER_CHAR = 80;
/** Per-entry bookkeeping of the LRU cache and the key string. */
const ENTRY_OVERHEAD = 200;

export interface DocumentCacheBounds {
  /** Approximate heap bytes and entries. */
  documentMaxBytes: number;
  documentMaxEntries: number;
}

/** Apollo's `documentStore`: parsed and validated documents, sized by the length of their source. */
export function boundedDocumentStore(bounds: DocumentCacheBounds): InMemoryLRUCache<DocumentNode> {
  return new InMemoryLRUCache<DocumentNode>({
    max: bounds.documentMaxEntries,
    maxSize: bounds.documentMaxBytes,
    sizeCalculation: (document: DocumentNode) => Math.max(1, (document.loc?.end ?? 1_000) * DOCUMENT_BYTES_PER_CHAR + ENTRY_OVERHEAD),
  });
}
