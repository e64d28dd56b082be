/**
 * The ceiling: a bare Fastify route that parses the same JSON body and answers 201, in its own
 * process, no validation, no database. Run by bench/run.ts (`node bin/bench.mjs --bare`).
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
app.post('/v1/reports', async (request, reply) => reply.code(201).send({ id: (request.body as { id?: string }).id, status: 'received' }));
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
console.log(`Base URL: http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\nAccess token: fpt_bare\nStop with Ctrl+C`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
