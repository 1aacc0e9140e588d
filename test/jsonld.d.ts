// jsonld (digitalbazaar) ships no types; the tests use this much of it.
declare module "jsonld" {
  type RemoteDocument = { contextUrl: string | null; documentUrl: string; document: unknown };
  interface Options {
    /** Fail on anything expansion would drop or could not interpret (jsonld.js "safe mode"). */
    safe?: boolean;
    base?: string | null;
    documentLoader?: (url: string) => Promise<RemoteDocument>;
  }
  const jsonld: {
    expand(input: unknown, options?: Options): Promise<Record<string, any>[]>;
    flatten(input: unknown, context?: unknown, options?: Options): Promise<Record<string, any>[] | { "@graph": Record<string, any>[] }>;
    toRDF(input: unknown, options?: Options & { format?: "application/n-quads" }): Promise<string>;
  };
  export default jsonld;
}
