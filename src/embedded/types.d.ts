// Ambient declarations for the untyped packages the embedded store uses.
// They are deliberately loose (`unknown`): pouch/pouch-types.ts narrows them in one place.

declare module 'pouchdb-core' {
  const PouchDB: unknown;
  export default PouchDB;
}
declare module 'pouchdb-adapter-leveldb' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-adapter-memory' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-adapter-http' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-replication' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-find' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-abstract-mapreduce' {
  const createAbstractMapReduce: (
    localDocName: string,
    mapper: (mapFun: unknown, emit: (key: unknown, value: unknown) => void) => (doc: unknown) => void,
    reducer: (reduceFun: unknown) => (keys: unknown[], values: unknown[], rereduce: boolean) => unknown,
    ddocValidator: (ddoc: { _id: string; views?: Record<string, { map?: unknown }> }, viewName: string) => void,
  ) => { query: unknown; viewCleanup: unknown };
  export default createAbstractMapReduce;
}
declare module 'pouchdb-mapreduce-utils' {
  export class BuiltInError extends Error {
    constructor(message: string);
  }
  export class NotFoundError extends Error {
    constructor(message: string);
  }
  export class QueryParseError extends Error {
    constructor(message: string);
  }
  const utils: {
    BuiltInError: typeof BuiltInError;
    NotFoundError: typeof NotFoundError;
    QueryParseError: typeof QueryParseError;
  };
  export default utils;
}
declare module 'express-pouchdb' {
  const expressPouchDB: (opts: Record<string, unknown>) => unknown;
  export default expressPouchDB;
}
declare module 'pouchdb-collate' {
  /** The sortable string PouchDB stores view rows under (`[key, docId]` for a row). */
  export function toIndexableString(key: unknown): string;
  export function parseIndexableString(text: string): unknown;
}
