import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z as endpointZ } from '../src/shared.ts';
import { Report } from '../../utils/schema/report.ts';
import { z as extensionZ } from '../../utils/schema/zod.ts';

const endpointDir = join(import.meta.dirname, '..');

describe('the schema is shared, with one zod', () => {
  it('resolves zod to the root install from the endpoint and from the shared schema alike', () => {
    const fromEndpoint = createRequire(join(endpointDir, 'package.json')).resolve('zod');
    const fromUtils = createRequire(join(endpointDir, '..', 'utils', 'schema', 'zod.ts')).resolve('zod');
    expect(fromEndpoint).toBe(fromUtils);
    expect(existsSync(join(endpointDir, 'node_modules', 'zod'))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(endpointDir, 'package.json'), 'utf8'));
    expect({ ...manifest.dependencies, ...manifest.devDependencies }).not.toHaveProperty('zod');
  });

  it('uses the very zod instance the extension built its schema with', () => {
    expect(endpointZ).toBe(extensionZ);
    const failure = Report.safeParse({});
    expect(failure.success).toBe(false);
    expect(failure.error).toBeInstanceOf(endpointZ.ZodError);
  });
});
