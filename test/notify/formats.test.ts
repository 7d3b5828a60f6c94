/**
 * Each kind's body against its receiver's documented shape and limits: Slack (and the
 * Slack-compatible Mattermost / Rocket.Chat) incoming webhooks, Teams Workflows with an Adaptive
 * Card, Discord's execute-webhook, ntfy's JSON publishing, email; and the generic webhook's exact
 * text. Names carrying markup must show as written and never ping anyone.
 */
import { describe as suite, expect, it } from 'vitest';
import { describe, discordBody, emailMessage, ntfyRequest, ntfyTarget, slackBody, teamsBody, webhookBody } from '../../src/render/notices/index.js';
import { context, handoff, notice, PEOPLE } from './notices.js';

const MARKUP = '<!channel> *Alice* & [x](https://evil.example) @everyone <script>alert(1)</script>';
const markupCtx = context({ people: new Map([...PEOPLE, ['alice', MARKUP]]) });
const LINK = 'https://rota.example.com/#/schedules/comms';

/** A shifts.changed notice with 15 changes, for the longest texts. */
const manyChanges = notice('shifts.changed', '2027-04-30T10:00:00.000Z', {
  schedule: 'comms',
  person: 'alice',
  before: [],
  after: Array.from({ length: 15 }, (_, i) => ({
    start: new Date(Date.parse('2027-05-03T07:00:00.000Z') + i * 7 * 86_400_000).toISOString(),
    end: new Date(Date.parse('2027-05-04T07:00:00.000Z') + i * 7 * 86_400_000).toISOString(),
  })),
});

suite('generic webhook', () => {
  it('is exactly { id, type, occurredAt, data } with the ISO instant and the wire data untouched', () => {
    expect(webhookBody(handoff)).toBe(
      '{"id":"msg_2QxTest","type":"shift.started","occurredAt":"2027-03-27T08:00:00.000Z","data":' +
        '{"schedule":"comms","person":"alice","start":"2027-03-27T08:00:00.000Z","end":"2027-04-03T07:00:00.000Z","previousPerson":"carol","nextPerson":"bob"}}',
    );
  });
});

suite('slack', () => {
  it('carries the whole message in text (what Mattermost and Rocket.Chat read) and a section block for Slack', () => {
    const body = slackBody(handoff, context());
    expect(body.text).toBe(
      '*Alice Adams is now on call: Communications coordinator*\n' +
        'Alice Adams is now the Communications coordinator until Sat 3 Apr 09:00 (Europe/Berlin). Takes over from Carol Clark. Next: Bob Brown.\n' +
        `<${LINK}|Open in Rota>`,
    );
    expect(body.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: body.text.slice(0, body.text.lastIndexOf('\n')) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `<${LINK}|Open in Rota>` }] },
    ]);
  });

  it('escapes &, < and > in names and breaks @-mentions, so nothing pings or links', () => {
    const body = slackBody(handoff, markupCtx);
    for (const text of [body.text, body.blocks[0]!.type === 'section' ? body.blocks[0]!.text.text : '']) {
      expect(text).toContain('&lt;!channel&gt; *Alice* &amp; [x](https://evil.example) @\u2060everyone &lt;script&gt;');
      expect(text).not.toContain('<!channel>');
      expect(text).not.toMatch(/@(everyone|channel|here|all)/);
    }
    // The one "<" left is the link Rota made.
    expect(body.text.match(/</g)).toHaveLength(1);
  });

  it('keeps a section within Slack\'s 3,000 characters without cutting an entity in half, and no link without a public URL', () => {
    const long = slackBody(handoff, context({ people: new Map([...PEOPLE, ['alice', '&'.repeat(2000)]]), appUrl: null }));
    expect(long.blocks).toHaveLength(1);
    const section = long.blocks[0]!.type === 'section' ? long.blocks[0]!.text.text : '';
    expect(section.length).toBeLessThanOrEqual(3000);
    expect(section.endsWith('&amp;…')).toBe(true);
    expect(long.text).not.toContain('Open in Rota');
  });
});

suite('teams', () => {
  it('is a Workflows message with one Adaptive Card 1.4, plain text runs and an OpenUrl action', () => {
    const body = teamsBody(handoff, context());
    expect(body.type).toBe('message');
    expect(body.attachments).toHaveLength(1);
    const [attachment] = body.attachments;
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = attachment.content;
    expect(card).toMatchObject({ $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4' });
    expect(card.body.map((b) => [b.type, b.inlines.map((r) => r.type)])).toEqual([
      ['RichTextBlock', ['TextRun']],
      ['RichTextBlock', ['TextRun']],
    ]);
    const d = describe(handoff, context());
    expect(card.body.map((b) => b.inlines[0].text)).toEqual([d.title, d.text]);
    expect(card.body[0]!.inlines[0]).toMatchObject({ weight: 'Bolder' });
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open in Rota', url: LINK }]);
  });

  it('gives each line its own block, shows names as written (no markdown TextBlock), and has no action without a link', () => {
    const body = teamsBody(manyChanges, context({ ...markupCtx, appUrl: null }));
    const card = body.attachments[0].content;
    expect(card.body).toHaveLength(1 + 12);
    expect(card.body[1]!.inlines[0].text).toContain(MARKUP);
    expect(JSON.stringify(body)).not.toContain('"TextBlock"');
    expect(card).not.toHaveProperty('actions');
  });
});

suite('discord', () => {
  /** Discord's documented limits of an execute-webhook body. */
  function expectWithinDiscordLimits(body: ReturnType<typeof discordBody>) {
    expect(body.content.length).toBeLessThanOrEqual(2000);
    expect(body.embeds.length).toBeLessThanOrEqual(10);
    let total = 0;
    for (const e of body.embeds) {
      expect(e.title.length).toBeLessThanOrEqual(256);
      expect(e.description.length).toBeLessThanOrEqual(4096);
      expect(e.footer.text.length).toBeLessThanOrEqual(2048);
      total += e.title.length + e.description.length + e.footer.text.length;
    }
    expect(total).toBeLessThanOrEqual(6000);
  }

  it('puts the title in content and the text in an embed linked to the web app; mentions parse nothing', () => {
    const body = discordBody(handoff, context());
    expect(body.content).toBe('Alice Adams is now on call: Communications coordinator');
    expect(body.embeds).toEqual([
      {
        title: 'Communications coordinator',
        description: describe(handoff, context()).text,
        url: LINK,
        color: expect.any(Number),
        timestamp: '2027-03-27T08:00:00.000Z',
        footer: { text: 'Rota · #ops' },
      },
    ]);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expectWithinDiscordLimits(body);
  });

  it('escapes markdown in names and stays within every limit for huge names', () => {
    const marked = discordBody(handoff, markupCtx);
    expect(marked.content).toContain('\\<!channel\\> \\*Alice\\* & \\[x\\](https://evil.example) @everyone');
    expect(marked.allowed_mentions.parse).toEqual([]);
    const huge = discordBody(manyChanges, context({ people: new Map([...PEOPLE, ['alice', 'A'.repeat(5000)]]), schedule: { id: 'comms', name: 'S'.repeat(400), timeZone: 'UTC' } }));
    expectWithinDiscordLimits(huge);
    expect(huge.content.endsWith('…')).toBe(true);
  });
});

suite('ntfy', () => {
  it.each([
    ['https://ntfy.sh/rota-ops', { root: 'https://ntfy.sh/', topic: 'rota-ops' }],
    ['https://ntfy.sh/rota-ops/', { root: 'https://ntfy.sh/', topic: 'rota-ops' }],
    ['https://push.example.com/ntfy/alerts?auth=tk_abc', { root: 'https://push.example.com/ntfy/?auth=tk_abc', topic: 'alerts' }],
    ['http://user:pass@10.0.0.5:8080/on_call', { root: 'http://user:pass@10.0.0.5:8080/', topic: 'on_call' }],
    ['https://ntfy.sh/', null],
    ['https://ntfy.sh/has%20space', null],
    ['not a url', null],
  ])('%s publishes to %j', (url, target) => {
    expect(ntfyTarget(url)).toEqual(target);
  });

  it('posts JSON to the root with the topic, title, plain message, a tag, the click link and the default priority', () => {
    expect(ntfyRequest('https://ntfy.sh/rota-ops?auth=tk_abc', handoff, context())).toEqual({
      url: 'https://ntfy.sh/?auth=tk_abc',
      body: {
        topic: 'rota-ops',
        title: 'Alice Adams is now on call: Communications coordinator',
        message: describe(handoff, context()).text,
        tags: ['bell'],
        priority: 3,
        click: LINK,
      },
    });
  });

  it('raises the priority of a coverage gap, leaves out click without a link, and keeps the message within 4 KiB', () => {
    const gap = notice('coverage.gap', '2027-03-01T10:00:00.000Z', { schedule: 'comms', start: '2027-03-02T10:00:00.000Z', end: '2027-03-02T12:00:00.000Z' });
    const request = ntfyRequest('https://ntfy.sh/rota-ops', gap, context({ appUrl: null }));
    expect(request?.body.priority).toBeGreaterThan(3);
    expect(request?.body.priority).toBeLessThanOrEqual(5);
    expect(request?.body.tags).toEqual(['rotating_light']);
    expect(request?.body).not.toHaveProperty('click');
    const big = ntfyRequest('https://ntfy.sh/rota-ops', manyChanges, context({ people: new Map([...PEOPLE, ['alice', 'é'.repeat(3000)]]) }));
    expect(Buffer.byteLength(big!.body.message)).toBeLessThanOrEqual(4096);
    expect(big!.body.message.endsWith('…')).toBe(true);
    expect(ntfyRequest('https://ntfy.sh/', handoff, context())).toBeNull();
  });
});

suite('email', () => {
  it('has the title as subject, the text and link as plain text, and the same in HTML', () => {
    const mail = emailMessage(handoff, context());
    expect(mail.subject).toBe('Alice Adams is now on call: Communications coordinator');
    expect(mail.text).toBe(
      'Alice Adams is now the Communications coordinator until Sat 3 Apr 09:00 (Europe/Berlin). Takes over from Carol Clark. Next: Bob Brown.\n\n' +
        `Open in Rota: ${LINK}\n\n-- \nSent by Rota to the channel #ops.\n`,
    );
    expect(mail.html).toContain('<h2 style="font-size:16px">Alice Adams is now on call: Communications coordinator</h2>');
    expect(mail.html).toContain(`<a href="${LINK}">Open in Rota</a>`);
  });

  it('escapes names in HTML and keeps the subject on one line', () => {
    const sneaky = context({ people: new Map([...PEOPLE, ['alice', `${MARKUP}\r\nBcc: all@example.com`]]) });
    const mail = emailMessage(handoff, sneaky);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('&lt;!channel&gt; *Alice* &amp; [x](https://evil.example)');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.text).toContain(MARKUP); // plain text shows it as written
  });
});
