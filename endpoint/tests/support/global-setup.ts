import type { TestProject } from 'vitest/node';
import { startCluster } from './postgres-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL URL whose user may CREATE DATABASE: each test file makes its own. */
    postgresAdminUrl: string;
  }
}

/** Once per run: a throwaway PostgreSQL cluster, or FLAGPOST_TEST_DATABASE_URL when given. */
export default async function setup(project: TestProject) {
  const given = process.env.FLAGPOST_TEST_DATABASE_URL;
  if (given) {
    project.provide('postgresAdminUrl', given);
    return;
  }
  const cluster = await startCluster();
  project.provide('postgresAdminUrl', cluster.url);
  return () => cluster.stop();
}
