// The Frictionless `datapackage` library ships no types; the tests use this much of it.
declare module "datapackage" {
  export const Package: {
    load(
      descriptor: string,
      options?: { basePath?: string; strict?: boolean },
    ): Promise<{ valid: boolean; errors: Error[]; getResource(name: string): { read(options?: { keyed?: boolean; cast?: boolean }): Promise<unknown[]> } }>;
  };
}
