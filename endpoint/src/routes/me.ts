import type { FastifyInstance } from 'fastify';

/**
 * `GET /v1/me`: whose token this is. The extension's "Test connection" asks it to prove the token is
 * accepted (a refused token is a 401 from the hook before it); nothing but the token's own name and role (reporter, reviewer or admin).
 */
export const meRoutes = async (app: FastifyInstance) => {
  app.get('/me', async (request) => {
    const token = request.token!;
    return { name: token.name, scope: token.role };
  });
};
