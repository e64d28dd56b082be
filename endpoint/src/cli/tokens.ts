import { createToken } from '../core/tokens.ts';
import type { Storage } from '../storage/types.ts';
import { fail, table, type Args } from './args.ts';

export async function tokenCommand(storage: Storage, [action, ...rest]: string[], args: Args): Promise<string> {
  if (action === 'create') {
    if (!args.name) fail('token create: --name is required');
    if (args.admin && args.reviewer) fail('token create: --reviewer or --admin, not both');
    const role = args.admin ? 'admin' : args.reviewer ? 'reviewer' : 'reporter';
    const { record, secret } = await createToken(storage, { name: args.name, role }, new Date());
    return [
      `created ${record.role === 'reporter' ? '' : `${record.role} `}token ${record.id} for ${record.name}`,
      `token: ${secret}`,
      'It is shown only now: the endpoint keeps just its SHA-256.',
    ].join('\n');
  }
  if (action === 'revoke') {
    const id = rest[0] ?? fail('token revoke: which token id? (see token list)');
    if (!(await storage.revokeToken(id, new Date().toISOString()))) fail(`token revoke: no active token ${id}`);
    return `revoked ${id}`;
  }
  if (action === 'list') {
    const tokens = await storage.listTokens();
    return table(['id', 'name', 'role', 'created', 'revoked'],
      tokens.map((t) => [t.id, t.name, t.role, t.createdAt, t.revokedAt ?? '']));
  }
  return fail('token: create, revoke or list');
}
