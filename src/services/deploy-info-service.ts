import type { Couch } from '../db/couch.js';

const CACHE_MS = 60_000;
const SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

type Info = Record<string, unknown>;

/** `GET /api/deploy-info`: build info of `_design/medic` with the deploy info over it (settings spec §2.2). */
export class DeployInfoService {
  private cached: { value: Info; until: number } | undefined;

  constructor(private readonly deps: { couch: Couch; now?: () => number }) {}

  async get(): Promise<Info> {
    const now = (this.deps.now ?? Date.now)();
    if (this.cached && this.cached.until > now) return this.cached.value;
    const ddoc = (await this.deps.couch.medic.get('_design/medic')) ?? { _id: '_design/medic' };
    const build = (ddoc.build_info ?? {}) as Info;
    const deploy = (ddoc.deploy_info ?? {}) as Info;
    const version =
      [build.version, deploy.build].find((v): v is string => typeof v === 'string' && SEMVER.test(v)) ??
      (typeof ddoc.version === 'string' ? ddoc.version : 'unknown');
    const value = { ...build, ...deploy, version };
    this.cached = { value, until: now + CACHE_MS };
    return value;
  }
}
