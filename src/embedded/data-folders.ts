import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Where one embedded store keeps its databases, express-pouchdb config and log. */
export interface DataFolders {
  adapter: 'leveldb' | 'memory';
  /** PouchDB name prefix (a folder path for leveldb, a unique key for memory). */
  prefix: string;
  /** undefined = express-pouchdb keeps its config in memory. */
  configPath: string | undefined;
  logPath: string;
  /** Removes what only lived for this run (the memory adapter's temp folder). */
  cleanup(): Promise<void>;
}

/** leveldb: `<dataDir>/dbs/`, `<dataDir>/config.json`, `<dataDir>/log.txt`; memory: a temp folder for the log. */
export async function prepareDataFolders(dataDir: string | undefined): Promise<DataFolders> {
  if (dataDir !== undefined) {
    const root = resolve(dataDir);
    await mkdir(join(root, 'dbs'), { recursive: true });
    return {
      adapter: 'leveldb',
      prefix: join(root, 'dbs') + '/',
      configPath: join(root, 'config.json'),
      logPath: join(root, 'log.txt'),
      cleanup: async () => undefined,
    };
  }
  const temp = await mkdtemp(join(tmpdir(), 'embedded-couch-'));
  return {
    adapter: 'memory',
    prefix: `mem-${randomBytes(6).toString('hex')}/`,
    configPath: undefined,
    logPath: join(temp, 'log.txt'),
    cleanup: () => rm(temp, { recursive: true, force: true }),
  };
}
