import { ApiError } from '../errors.ts';
import { describeIssues, z } from '../shared.ts';
import { isStorableText, UNSTORABLE_MESSAGE } from '../core/storable-text.ts';

/** Parses a query string or route parameters; a 400 that names the offending field otherwise. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ApiError(400, 'invalid_parameter', describeIssues(parsed.error));
  return parsed.data;
}

export const IdParams = z.strictObject({ id: z.uuid('expected a report id (UUID)') });

/** Free text from a form or a query: refused with 400 if PostgreSQL could not store or compare it. */
export const storableText = z.string().refine(isStorableText, UNSTORABLE_MESSAGE);
