/** A file or argument the importer cannot use at all (exit status 2): nothing was imported. */
export class ImportUsageError extends Error {}
