/**
 * The human message of each notice (src/render/notices/describe.ts): texts derived by hand, times
 * in the schedule's zone across DST changes, the year only when it differs, names instead of ids.
 */
import { describe as suite, expect, it } from 'vitest';
import { describe } from '../../src/render/notices/index.js';
import { COMMS_BERLIN, context, handoff, notice } from './notices.js';

const NEW_YORK = { id: 'comms-us', name: 'Communications coordinator', timeZone: 'America/New_York' };

suite('shift.started', () => {
  it('names the person, the end in the schedule zone after the spring-forward night, the previous and the next person', () => {
    // Start Sat 27 Mar 09:00 CET (08:00Z); Berlin moves to CEST on Sun 28 Mar; end 07:00Z = Sat 3 Apr 09:00 CEST.
    expect(describe(handoff, context())).toEqual({
      title: 'Alice Adams is now on call: Communications coordinator',
      text: 'Alice Adams is now the Communications coordinator until Sat 3 Apr 09:00 (Europe/Berlin). Takes over from Carol Clark. Next: Bob Brown.',
      link: 'https://rota.example.com/#/schedules/comms',
    });
  });

  it('reads an end in the short DST night with the new offset (04:00Z is 06:00 CEST, not 05:00)', () => {
    const night = notice('shift.started', '2027-03-27T21:00:00.000Z', {
      schedule: 'comms',
      person: 'bob',
      start: '2027-03-27T21:00:00.000Z',
      end: '2027-03-28T04:00:00.000Z',
      previousPerson: null,
      nextPerson: null,
    });
    expect(describe(night, context()).text).toBe('Bob Brown is now the Communications coordinator until Sun 28 Mar 06:00 (Europe/Berlin).');
  });

  it('falls back to the id for a person without a name, and links nowhere without a public URL', () => {
    const d = describe({ ...handoff, data: { ...handoff.data, person: 'dave', nextPerson: null } }, context({ appUrl: null }));
    expect(d.title).toBe('dave is now on call: Communications coordinator');
    expect(d.text).toBe('dave is now the Communications coordinator until Sat 3 Apr 09:00 (Europe/Berlin). Takes over from Carol Clark.');
    expect(d.link).toBeNull();
  });

  it('does not depend on the process time zone', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Auckland';
      const inAuckland = describe(handoff, context());
      process.env.TZ = 'America/Los_Angeles';
      expect(describe(handoff, context())).toEqual(inAuckland);
      expect(inAuckland.text).toContain('until Sat 3 Apr 09:00 (Europe/Berlin)');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

suite('shift.upcoming', () => {
  it('gives both ends as 09:00 in New York across its spring-forward (14:00Z then 13:00Z)', () => {
    // New York moves to EDT on Sun 14 Mar 2027: 09:00 EST = 14:00Z, 09:00 EDT = 13:00Z.
    const reminder = notice(
      'shift.upcoming',
      '2027-03-12T14:00:00.000Z',
      { schedule: 'comms-us', person: 'alice', start: '2027-03-13T14:00:00.000Z', end: '2027-03-15T13:00:00.000Z', remindBefore: 'PT24H' },
    );
    expect(describe(reminder, context({ schedule: NEW_YORK }))).toEqual({
      title: 'Reminder: Alice Adams on call for Communications coordinator from Sat 13 Mar 09:00',
      text: 'Reminder: Alice Adams is on call for Communications coordinator from Sat 13 Mar 09:00 to Mon 15 Mar 09:00 (America/New_York).',
      link: 'https://rota.example.com/#/schedules/comms-us',
    });
  });
});

suite('coverage.gap', () => {
  it('adds the year to times in another year than the notice, as read in the schedule zone', () => {
    // Noticed Thu 30 Dec 2027; the gap is New Year's night in Berlin (23:00Z = 00:00 CET).
    const gap = notice('coverage.gap', '2027-12-30T12:00:00.000Z', { schedule: 'comms', start: '2027-12-31T23:00:00.000Z', end: '2028-01-01T08:00:00.000Z' });
    expect(describe(gap, context())).toEqual({
      title: 'Coverage gap: Communications coordinator',
      text: 'No one is on call for Communications coordinator from Sat 1 Jan 2028 00:00 to Sat 1 Jan 2028 09:00 (Europe/Berlin).',
      link: 'https://rota.example.com/#/schedules/comms',
    });
  });

  it('leaves the year out when the notice is already in that year in the schedule zone (though not in UTC)', () => {
    // 23:30Z on 31 Dec 2027 is 00:30 on 1 Jan 2028 in Berlin.
    const gap = notice('coverage.gap', '2027-12-31T23:30:00.000Z', { schedule: 'comms', start: '2028-01-01T08:00:00.000Z', end: '2028-01-01T09:00:00.000Z' });
    expect(describe(gap, context()).text).toBe('No one is on call for Communications coordinator from Sat 1 Jan 09:00 to Sat 1 Jan 10:00 (Europe/Berlin).');
  });
});

suite('shifts.changed', () => {
  it('lists what was added and removed in time order, leaving unchanged shifts out', () => {
    const changed = notice('shifts.changed', '2027-03-20T10:00:00.000Z', {
      schedule: 'comms',
      person: 'alice',
      from: '2027-03-20T10:00:00.000Z',
      to: '2027-06-18T10:00:00.000Z',
      before: [
        { start: '2027-03-22T08:00:00.000Z', end: '2027-03-29T07:00:00.000Z' },
        { start: '2027-04-05T07:00:00.000Z', end: '2027-04-12T07:00:00.000Z' },
      ],
      after: [
        { start: '2027-03-22T08:00:00.000Z', end: '2027-03-29T07:00:00.000Z' },
        { start: '2027-04-12T07:00:00.000Z', end: '2027-04-19T07:00:00.000Z' },
      ],
    });
    expect(describe(changed, context())).toEqual({
      title: 'Shifts changed for Alice Adams: Communications coordinator',
      text: [
        'On-call shifts of Alice Adams for Communications coordinator changed (times in Europe/Berlin):',
        'Removed: Mon 5 Apr 09:00 to Mon 12 Apr 09:00',
        'Added: Mon 12 Apr 09:00 to Mon 19 Apr 09:00',
      ].join('\n'),
      link: 'https://rota.example.com/#/schedules/comms',
    });
  });

  it('stops after ten changes with "…and N more."', () => {
    const DAY = 86_400_000;
    const start = Date.parse('2027-05-03T07:00:00.000Z'); // Mon 3 May 09:00 CEST
    const after = Array.from({ length: 15 }, (_, i) => ({
      start: new Date(start + i * 7 * DAY).toISOString(),
      end: new Date(start + i * 7 * DAY + DAY).toISOString(),
    }));
    const changed = notice('shifts.changed', '2027-04-30T10:00:00.000Z', { schedule: 'comms', person: 'bob', from: '2027-04-30T10:00:00.000Z', to: '2027-07-29T10:00:00.000Z', before: [], after });
    const lines = describe(changed, context()).text.split('\n');
    expect(lines).toHaveLength(1 + 10 + 1);
    expect(lines[1]).toBe('Added: Mon 3 May 09:00 to Tue 4 May 09:00');
    expect(lines[10]).toBe('Added: Mon 5 Jul 09:00 to Tue 6 Jul 09:00');
    expect(lines[11]).toBe('…and 5 more.');
  });
});

suite('bulletin.updated and channel.test', () => {
  it('uses the bulletin title and summary when given, and links to the status page', () => {
    const update = notice('bulletin.updated', '2027-03-01T10:00:00.000Z', { title: 'Mail is down', summary: 'Use the phone bridge.' });
    expect(describe(update, context({ schedule: null }))).toEqual({ title: 'Mail is down', text: 'Use the phone bridge.', link: 'https://rota.example.com/status' });
    const bare = describe(notice('bulletin.updated', '2027-03-01T10:00:00.000Z', { incident: 'inc_1' }), context({ schedule: null }));
    expect([bare.title, bare.text]).toEqual(['Outage bulletin updated', 'The outage bulletin was updated.']);
  });

  it('names the channel in a test notice', () => {
    const test = describe(notice('channel.test', '2027-03-01T10:00:00.000Z', { channel: 'ops' }), context({ schedule: null }));
    expect(test.title).toBe('Test notice from Rota');
    expect(test.text).toBe('Test notice from Rota for channel #ops. If you can read this, the channel works.');
    expect(test.link).toBe('https://rota.example.com/#/channels');
  });
});

suite('schedule zone', () => {
  it('is the schedule\'s own, half-hour offsets included', () => {
    expect(describe(handoff, context({ schedule: { ...COMMS_BERLIN, timeZone: 'Asia/Kolkata' } })).text).toContain('until Sat 3 Apr 12:30 (Asia/Kolkata)');
  });
});
