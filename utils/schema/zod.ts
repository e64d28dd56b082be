import { z } from 'zod';

// MV3's default CSP forbids `new Function`, which zod's JIT would otherwise try.
z.config({ jitless: true });

export { z };

/** "reporter.email: Invalid email address; target.url: …": every problem, named by its field path. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
