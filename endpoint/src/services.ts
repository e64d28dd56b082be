/**
 * The services every route plugin reads from its Fastify instance: decorated once by buildApp (app.ts) and
 * inherited by each encapsulated route plugin, as in fastify/demo. Routes import this file, never app.ts,
 * so the app imports its routes and nothing imports back.
 */
import type { Config } from './config.ts';
import type { MediaGroups } from './core/media-groups.ts';
import type { TmkGroups } from './core/tmk-groups.ts';
import type { Storage } from './storage/types.ts';

export interface Services {
  config: Config;
  /** The database (SQLite or PostgreSQL). */
  storage: Storage;
  groups: MediaGroups;
  tmkGroups: TmkGroups;
  now: () => Date;
}

declare module 'fastify' {
  // Declaration merging: the decorators buildApp adds, typed on every instance.
  interface FastifyInstance extends Services {}
}
