// `npm run permissions`: the host permissions each platform's adapter asks for, as the rows of the
// README's permissions table (which lists them by reference, so adding a platform never edits it).
import { adapters } from '../utils/platforms';

const code = (patterns: string[]) => patterns.map((pattern) => `\`${pattern}\``).join(', ');

for (const adapter of adapters) {
  if (adapter.matches.length) console.log(`| ${adapter.name}: ${code(adapter.matches)} | the report button |`);
  if (adapter.mediaHosts.length) console.log(`| ${adapter.name} media: ${code(adapter.mediaHosts)} | fetching its media to hash them on the device |`);
}
