import { z } from '../../utils/schema/zod.ts';

/**
 * The endpoint runs on Node, where zod may compile each object schema's parser once (`new
 * Function`) instead of walking the shape for every report: the report's validation was the
 * largest piece of the endpoint's own CPU per report after JSON. The extension keeps it off (MV3's
 * CSP forbids `new Function`, utils/schema/zod.ts). Zod reads this when a schema is built, so this
 * module is the first that shared.ts (the endpoint's one door to the schema) evaluates.
 */
z.config({ jitless: false });
