/**
 * Deliveries over real sockets (src/delivery): a local HTTP receiver and an in-process SMTP
 * server record what arrives. Webhook signatures are checked by an independent HMAC and by the
 * standardwebhooks package; failures are classified (retry or not), keep their secrets out of the
 * error, and a silent receiver costs no more than the deadline.
 */
import { randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname } from 'node:os';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe as suite, expect, it } from 'vitest';
import { DeliveryError } from '../../src/delivery/errors.js';
import { guardedLookup } from '../../src/delivery/http.js';
import { createSmtpSender, deliver, type DeliveryChannel, type DeliveryOptions, type SmtpSender } from '../../src/delivery/index.js';
import { discordBody, emailMessage, slackBody, teamsBody, webhookBody } from '../../src/render/notices/index.js';
import { context, handoff, notice } from './notices.js';
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from './receivers.js';
import { signedByHand } from './signatures.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
/** Receivers here listen on 127.0.0.1, which only ROTA_WEBHOOK_ALLOW_PRIVATE=1 allows. */
const OPTIONS: DeliveryOptions = { timeoutMs: 5000, allowPrivate: true, smtp: null };

/**
 * A name of this machine not spelled "localhost" (its host name, from /etc/hosts): only the check
 * of resolved addresses can catch it. Machines whose host name resolves elsewhere skip that test.
 */
const THIS_HOST = hostname();
const THIS_HOST_IS_LOOPBACK = await lookup(THIS_HOST).then(
  ({ address }) => address === '127.0.0.1',
  () => false,
);

const webhook = (url: string, secret: string | null = SECRET): DeliveryChannel => ({ kind: 'webhook', url, to: null, secret });

async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let hook: HttpReceiver;
beforeEach(async () => {
  hook = await startHttpReceiver();
});
afterEach(async () => {
  await hook.close();
});

suite('generic webhook', () => {
  it('posts the body signed as Standard Webhooks, with the notice id and the real send time', async () => {
    expect(await deliver(webhook(`${hook.url}/rota/events`), handoff, context(), OPTIONS)).toEqual({ ok: true });
    const [req] = await hook.received(1);
    expect(req!.method).toBe('POST');
    expect(req!.path).toBe('/rota/events');
    expect(req!.body).toBe(webhookBody(handoff));
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers['user-agent']).toBe(`Rota/${version}`);
    expect(req!.headers['webhook-id']).toBe('msg_2QxTest');
    expect(Math.abs(Number(req!.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(30);
    expect(signedByHand(SECRET, req!)).toBe(true);
    expect(signedByHand(`whsec_${randomBytes(32).toString('base64')}`, req!)).toBe(false);
    expect(new Webhook(SECRET).verify(req!.body, req!.headers as Record<string, string>)).toEqual(JSON.parse(webhookBody(handoff)));
  });

  it('keeps the webhook-id across retries: 500, 503, 429 (Retry-After) then 200', async () => {
    hook.answer(500, 503, { status: 429, headers: { 'retry-after': '7' } });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await deliver(webhook(hook.url), handoff, context(), OPTIONS));
    expect(results).toEqual([
      { ok: false, retryable: true, error: `HTTP 500 from ${new URL(hook.url).host}` },
      { ok: false, retryable: true, error: `HTTP 503 from ${new URL(hook.url).host}` },
      { ok: false, retryable: true, retryAfterMs: 7000, error: `HTTP 429 from ${new URL(hook.url).host}` },
      { ok: true },
    ]);
    const requests = await hook.received(4);
    expect(requests.map((r) => r.headers['webhook-id'])).toEqual(Array(4).fill('msg_2QxTest'));
    for (const r of requests) expect(signedByHand(SECRET, r)).toBe(true);
  });

  it('is not sent without a signing secret', async () => {
    expect(await deliver(webhook(hook.url, null), handoff, context(), OPTIONS)).toEqual({ ok: false, retryable: false, error: 'the channel has no signing secret' });
    expect(hook.requests).toHaveLength(0);
  });
});

suite('answers and failures', () => {
  it('gives up on 4xx but 408 and 429, and does not follow redirects', async () => {
    hook.answer(400, 410, 408, { status: 302, headers: { location: '/elsewhere' } });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await deliver(webhook(hook.url), handoff, context(), OPTIONS));
    expect(results.map((r) => !r.ok && r.retryable)).toEqual([false, false, true, false]);
    expect(results[3]).toMatchObject({ ok: false, error: expect.stringContaining('HTTP 302') });
    expect(results[3]).toMatchObject({ error: expect.stringContaining('redirects are not followed') });
    expect(hook.requests.map((r) => r.path)).toEqual(['/', '/', '/', '/']);
  });

  it('never puts the URL path or query (where tokens live) in the error', async () => {
    hook.answer(500);
    const url = `${hook.url}/services/T000/B000/XyzSecretToken?token=q1w2`;
    const refusedBy = await deliver({ kind: 'slack', url, to: null, secret: null }, handoff, context(), OPTIONS);
    expect(refusedBy).toMatchObject({ ok: false, error: `HTTP 500 from ${new URL(hook.url).host}` });
    const port = await closedPort();
    const down = await deliver({ kind: 'slack', url: `http://user:pw-secret@127.0.0.1:${port}/XyzSecretToken?token=q1w2`, to: null, secret: null }, handoff, context(), OPTIONS);
    expect(down).toEqual({ ok: false, retryable: true, error: `connection refused (127.0.0.1:${port})` });
  });

  it('gives up on a receiver that never answers at the deadline, as a retryable failure', async () => {
    hook.answer('hang');
    const started = performance.now();
    const result = await deliver(webhook(hook.url), handoff, context(), { ...OPTIONS, timeoutMs: 300 });
    const elapsed = performance.now() - started;
    expect(result).toEqual({ ok: false, retryable: true, error: `no answer within 0.3 s (${new URL(hook.url).host})` });
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(3000);
    expect(hook.requests).toHaveLength(1); // it did arrive: the answer is what never came
  });

  it('reads little of a large answer', async () => {
    hook.answer({ status: 200, body: 'x'.repeat(4 << 20) });
    expect(await deliver(webhook(hook.url), handoff, context(), OPTIONS)).toEqual({ ok: true });
  });
});

suite('chat and push kinds', () => {
  it.each([
    ['slack', slackBody],
    ['teams', teamsBody],
    ['discord', discordBody],
  ] as const)('%s: posts its JSON body to the URL as given', async (kind, body) => {
    const url = `${hook.url}/hooks/${kind}/abc?x=1`;
    expect(await deliver({ kind, url, to: null, secret: null }, handoff, context(), OPTIONS)).toEqual({ ok: true });
    const [req] = await hook.received(1);
    expect(req!.path).toBe(`/hooks/${kind}/abc?x=1`);
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers).not.toHaveProperty('webhook-signature');
    expect(JSON.parse(req!.body)).toEqual(body(handoff, context()));
  });

  it('ntfy: publishes to the server root with the topic in the body, keeping the query and the credentials', async () => {
    const { port } = new URL(hook.url);
    const url = `http://rota:pa%3Ass@127.0.0.1:${port}/rota-ops?auth=tk_abc`;
    expect(await deliver({ kind: 'ntfy', url, to: null, secret: null }, handoff, context(), OPTIONS)).toEqual({ ok: true });
    const [req] = await hook.received(1);
    expect(req!.path).toBe('/?auth=tk_abc');
    expect(req!.headers.authorization).toBe(`Basic ${Buffer.from('rota:pa:ss').toString('base64')}`);
    expect(JSON.parse(req!.body)).toMatchObject({ topic: 'rota-ops', title: 'Alice Adams is now on call: Communications coordinator' });
  });

  it('ntfy: a URL without a topic is a failure no retry fixes', async () => {
    expect(await deliver({ kind: 'ntfy', url: `${hook.url}/`, to: null, secret: null }, handoff, context(), OPTIONS)).toEqual({
      ok: false,
      retryable: false,
      error: 'the ntfy URL names no topic',
    });
  });
});

suite('address guard at send time', () => {
  const guarded = { ...OPTIONS, allowPrivate: false };

  it('refuses loopback targets as written, sending nothing', async () => {
    const { port } = new URL(hook.url);
    for (const [url, error] of [
      [hook.url, 'refused: the host is a loopback address (127.0.0.1)'],
      [`http://0x7f000001:${port}/`, 'refused: the host is a loopback address (127.0.0.1)'],
      [`http://localhost:${port}/`, 'refused: the host is "localhost", a name of this machine'],
    ] as const) {
      expect(await deliver(webhook(url), handoff, context(), guarded)).toEqual({ ok: false, retryable: false, error });
    }
    expect(hook.requests).toHaveLength(0);
  });

  it('refuses a name once it resolves to a loopback address (DNS rebinding)', async () => {
    const err = await new Promise<NodeJS.ErrnoException | null>((resolve) => guardedLookup('localhost', { all: true }, (e) => resolve(e)));
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err?.message).toMatch(/^refused: localhost resolves to a loopback address \((127\.0\.0\.1|::1)\)$/);
  });

  const name = THIS_HOST;
  it.skipIf(!THIS_HOST_IS_LOOPBACK)(`refuses ${name}, which resolves to 127.0.0.1, and sends to it once private targets are allowed`, async () => {
    const url = `http://${name}:${new URL(hook.url).port}/`;
    expect(await deliver(webhook(url), handoff, context(), guarded)).toEqual({
      ok: false,
      retryable: false,
      error: `refused: ${name} resolves to a loopback address (127.0.0.1)`,
    });
    expect(hook.requests).toHaveLength(0);
    expect(await deliver(webhook(url), handoff, context(), OPTIONS)).toEqual({ ok: true });
    expect(hook.requests).toHaveLength(1);
  });
});

suite('email', () => {
  let mail: SmtpReceiver;
  let smtp: SmtpSender;
  const channel: DeliveryChannel = { kind: 'email', url: null, to: 'alice@example.com', secret: null };
  beforeEach(async () => {
    mail = await startSmtpReceiver();
    smtp = createSmtpSender({ url: mail.url, from: 'Rota <rota@example.com>' });
  });
  afterEach(async () => {
    smtp.close();
    await mail.close();
  });

  it('sends the rendered mail from ROTA_MAIL_FROM with the notice id in a header and the Message-ID', async () => {
    const sneaky = context({ people: new Map([['alice', 'Alice <b>Adams</b>']]) });
    expect(await deliver(channel, handoff, sneaky, { ...OPTIONS, smtp })).toEqual({ ok: true });
    const [message] = await mail.received(1);
    const rendered = emailMessage(handoff, sneaky);
    expect(message!.subject).toBe('Alice <b>Adams</b> is now on call: Communications coordinator');
    expect(message!.from?.value).toEqual([{ name: 'Rota', address: 'rota@example.com' }]);
    expect(!Array.isArray(message!.to) && message!.to?.value).toEqual([{ name: '', address: 'alice@example.com' }]);
    expect(message!.text).toBe(rendered.text);
    expect(message!.html).toContain('Alice &lt;b&gt;Adams&lt;/b&gt; is now the Communications coordinator');
    expect(message!.html).not.toContain('<b>');
    expect(message!.headers.get('x-rota-notice-id')).toBe('msg_2QxTest');
    expect(message!.messageId).toBe('<msg_2QxTest@example.com>');
  });

  it('gives up on a permanent refusal (550) and retries a transient one (451)', async () => {
    mail.reject(550, 451);
    const permanent = await deliver(channel, handoff, context(), { ...OPTIONS, smtp });
    const transient = await deliver(channel, handoff, context(), { ...OPTIONS, smtp });
    expect(permanent).toMatchObject({ ok: false, retryable: false, error: expect.stringMatching(/^SMTP \w+: 550 /) });
    expect(transient).toMatchObject({ ok: false, retryable: true, error: expect.stringMatching(/^SMTP \w+: 451 /) });
    expect(await deliver(channel, handoff, context(), { ...OPTIONS, smtp })).toEqual({ ok: true });
    expect(await mail.received(1)).toHaveLength(1);
  });

  it('retries when the mail server is down, without the password in the error', async () => {
    const down = createSmtpSender({ url: `smtp://rota:pw-secret@127.0.0.1:${await closedPort()}`, from: 'rota@example.com' });
    try {
      const result = await deliver(channel, handoff, context(), { ...OPTIONS, smtp: down });
      expect(result).toMatchObject({ ok: false, retryable: true });
      expect(!result.ok && result.error).not.toContain('pw-secret');
    } finally {
      down.close();
    }
  });

  it('fails for good without an SMTP server configured', async () => {
    const test = notice('channel.test', '2027-03-01T10:00:00.000Z', { channel: 'ops' });
    expect(await deliver(channel, test, context(), OPTIONS)).toEqual({ ok: false, retryable: false, error: 'email is not set up (ROTA_SMTP_URL is unset)' });
  });
});
