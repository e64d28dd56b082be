/** Set E2E_DEBUG=1 to trace the harness's launch and worker-lifecycle steps on stderr. */
export const trace = process.env.E2E_DEBUG
  ? (...args: unknown[]) => console.error(`[harness +${Math.round(performance.now())}ms]`, ...args)
  : () => undefined;
