/**
 * Which webhook targets Rota refuses (spec §14): addresses of the machine Rota runs on or of its
 * link — loopback, link-local (which holds the cloud metadata service, 169.254.169.254) and the
 * unspecified address (connecting to 0.0.0.0 reaches this host) — so a channel cannot be used
 * to make Rota post to its own or its neighbours' private endpoints. Private networks (RFC 1918,
 * unique local IPv6) stay allowed: self-hosted Mattermost and ntfy live there.
 *
 * The check runs twice: on the URL's host when a channel is written (IP literals in any spelling
 * WHATWG URL parsing accepts — `127.1`, `0x7f000001`, `2130706433`, `[::ffff:127.0.0.1]` — and
 * the names "localhost" and "*.localhost"), and on every address a name resolves to when a notice
 * is sent, as a name's DNS answer may change after the check (DNS rebinding).
 */
import { BlockList, isIP } from 'node:net';

function blockList(build: (list: BlockList) => void): BlockList {
  const list = new BlockList();
  build(list);
  return list;
}

/** Each refused range, named for the message. IPv4-mapped IPv6 addresses (::ffff:127.0.0.1) match the IPv4 rules. */
const REFUSED: { kind: string; list: BlockList }[] = [
  {
    kind: 'loopback',
    list: blockList((l) => {
      l.addSubnet('127.0.0.0', 8, 'ipv4');
      l.addAddress('::1', 'ipv6');
    }),
  },
  {
    kind: 'link-local',
    list: blockList((l) => {
      l.addSubnet('169.254.0.0', 16, 'ipv4');
      l.addSubnet('fe80::', 10, 'ipv6');
    }),
  },
  {
    kind: 'unspecified',
    list: blockList((l) => {
      l.addSubnet('0.0.0.0', 8, 'ipv4');
      l.addAddress('::', 'ipv6');
    }),
  },
];

/** What kind of refused address `address` (an IP literal, no brackets) is, or null. */
function refusedKind(address: string): string | null {
  const bare = address.replace(/%.*$/, ''); // fe80::1%eth0: the zone is not part of the address
  const family = isIP(bare);
  if (family === 0) return null;
  const type = family === 6 ? 'ipv6' : 'ipv4';
  return REFUSED.find(({ list }) => list.check(bare, type))?.kind ?? null;
}

/** Whether a resolved address is one Rota does not post to (loopback, link-local, unspecified). */
export function isPrivate(address: string): boolean {
  return refusedKind(address) !== null;
}

/** The host as WHATWG URL parsing reads it: "0x7f.1" → "127.0.0.1", "[::ffff:127.0.0.1]" → "[::ffff:7f00:1]". */
function normalHost(host: string): string | null {
  const literal = isIP(host) === 6 ? `[${host}]` : host;
  try {
    return new URL(`http://${literal}/`).hostname;
  } catch {
    return null;
  }
}

/**
 * Why a webhook URL's host is refused, as what follows "the host is": `a loopback address
 * (127.0.0.1)`, `"foo.localhost", a name of this machine`; null when it is allowed. `host` is a
 * URL's hostname (IPv6 in brackets) or a bare IP address.
 */
export function privateAddressProblem(host: string): string | null {
  const hostname = normalHost(host);
  if (hostname === null) return null; // not a host at all: the URL check says so
  const name = hostname.replace(/\.$/, '').toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost')) return `"${name}", a name of this machine`;
  const address = name.replace(/^\[(.*)\]$/, '$1');
  const kind = refusedKind(address);
  return kind === null ? null : `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} address (${address})`;
}
