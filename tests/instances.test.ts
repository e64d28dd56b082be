/** What the settings page accepts as a Mastodon instance: one https host, which becomes the one origin the user is asked to grant. */
import { describe, expect, test } from 'vitest';
import { instanceOrigin, parseInstanceHost } from '../utils/instances';

describe('parseInstanceHost', () => {
  test.each([
    ['mastodon.social', 'mastodon.social'],
    ['  https://Mastodon.Social/@alice  ', 'mastodon.social'],
    ['mastodon.social:8443', 'mastodon.social'],
    // A trailing dot names the same host: without stripping it the list would hold a second entry, and a second grant.
    ['mastodon.social.', 'mastodon.social'],
    ['https://social.my-town.example./about', 'social.my-town.example'],
    // An IDN is granted under the punycode name the browser matches against.
    ['bücher.example', 'xn--bcher-kva.example'],
  ])('accepts %j as %j', (input, host) => {
    expect(parseInstanceHost(input)).toBe(host);
  });

  test.each([
    ['', 'empty'],
    ['*.com', 'a wildcard: it would become the match pattern https://*.com/*, every .com site'],
    ['*', 'a wildcard alone'],
    ['social.*.example', 'a wildcard inside'],
    ['under_score.example', 'a label with something other than letters, digits and hyphens'],
    ['-bad.example', 'a label starting with a hyphen'],
    ['mastodon.social..', 'more than one trailing dot (an empty label)'],
    ['localhost', 'a single label'],
    ['93.184.216.34', 'an IPv4 address: instances are named hosts'],
    ['https://[2001:db8::1]', 'an IPv6 address'],
    ['http://mastodon.social', 'not https'],
    ['https://user@mastodon.social', 'a user name'],
  ])('refuses %j (%s)', (input) => {
    expect(parseInstanceHost(input)).toBeNull();
  });

  test('the origin asked for is that one host, over https', () => {
    expect(instanceOrigin('mastodon.social')).toBe('https://mastodon.social/*');
  });
});
