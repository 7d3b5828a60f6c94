/**
 * The webhook address guard (src/delivery/addresses.ts): hosts of the machine or its link are
 * refused in every spelling a URL accepts; private networks are allowed (self-hosted receivers).
 */
import { describe as suite, expect, it } from 'vitest';
import { isPrivate, privateAddressProblem } from '../../src/delivery/addresses.js';

suite('privateAddressProblem', () => {
  it.each([
    ['127.0.0.1', 'a loopback address (127.0.0.1)'],
    ['127.1', 'a loopback address (127.0.0.1)'],
    ['127.255.255.254', 'a loopback address (127.255.255.254)'],
    ['0x7f000001', 'a loopback address (127.0.0.1)'],
    ['0x7f.1', 'a loopback address (127.0.0.1)'],
    ['2130706433', 'a loopback address (127.0.0.1)'],
    ['017700000001', 'a loopback address (127.0.0.1)'],
    ['[::1]', 'a loopback address (::1)'],
    ['[0:0:0:0:0:0:0:1]', 'a loopback address (::1)'],
    ['::1', 'a loopback address (::1)'],
    ['[::ffff:127.0.0.1]', 'a loopback address (::ffff:7f00:1)'],
    ['169.254.169.254', 'a link-local address (169.254.169.254)'],
    ['[fe80::1]', 'a link-local address (fe80::1)'],
    ['[::ffff:169.254.169.254]', 'a link-local address (::ffff:a9fe:a9fe)'],
    ['0.0.0.0', 'an unspecified address (0.0.0.0)'],
    ['0', 'an unspecified address (0.0.0.0)'],
    ['[::]', 'an unspecified address (::)'],
    ['localhost', '"localhost", a name of this machine'],
    ['LocalHost.', '"localhost", a name of this machine'],
    ['foo.localhost', '"foo.localhost", a name of this machine'],
  ])('refuses %s', (host, problem) => {
    expect(privateAddressProblem(host)).toBe(problem);
  });

  it.each(['10.0.0.1', '192.168.1.1', '172.16.0.10', '[fd00::1]', '[::ffff:10.0.0.1]', '8.8.8.8', 'example.com', 'localhost.example.com', 'mylocalhost'])(
    'allows %s',
    (host) => {
      expect(privateAddressProblem(host)).toBeNull();
    },
  );

  it('reads hosts as URLs give them', () => {
    expect(privateAddressProblem(new URL('http://2130706433:8080/hook').hostname)).toBe('a loopback address (127.0.0.1)');
    expect(privateAddressProblem(new URL('https://[::ffff:7f00:1]/hook').hostname)).toBe('a loopback address (::ffff:7f00:1)');
  });
});

suite('isPrivate (resolved addresses)', () => {
  it.each([
    ['127.0.0.1', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['fe80::1%eth0', true],
    ['169.254.0.1', true],
    ['0.0.0.0', true],
    ['10.1.2.3', false],
    ['2001:db8::1', false],
    ['93.184.216.34', false],
  ])('%s → %s', (address, refused) => {
    expect(isPrivate(address)).toBe(refused);
  });
});
