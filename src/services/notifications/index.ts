/**
 * Notifications (spec §14): channels, the delivery log, and the notifier that plans and sends
 * notices. The parts: channels.ts (the channel rules), planner.ts (what to tell whom, when),
 * sender.ts (the outbox's sends and retries), notifier.ts (the one timer).
 */
import type { Repositories } from '../../db/index.js';
import type { Notice, NoticeStatus } from '../../db/repos/outbox.js';
import type { DeliveryOptions } from '../../delivery/send.js';
import type { ComputePool } from '../../compute/pool.js';
import { NotFoundError } from '../../errors.js';
import type { Caller } from '../caller.js';
import type { PeopleService } from '../people.js';
import type { TimelineCache } from '../timeline-cache.js';
import { channelsService, type ChannelRules } from './channels.js';
import type { Timer } from '../../config.js';
import { createNotifier } from './notifier.js';
import { newNoticeId, notificationPlanner } from './planner.js';
import { noticeSender } from './sender.js';

export type { Channel, ChannelDraft, ChannelKind, EventType } from './channels.js';
export { CHANNEL_KINDS, EVENT_TYPES, DEFAULT_REMIND_BEFORE } from './channels.js';
export type { Notice as Delivery, NoticeStatus as DeliveryStatus };
export { NOTICE_STATUSES as DELIVERY_STATUSES } from '../../db/repos/outbox.js';

export interface NotificationOptions extends ChannelRules {
  /** How notices reach receivers (timeouts, the SMTP server, private addresses). */
  delivery: DeliveryOptions;
}

export interface NotificationDeps {
  repos: Repositories;
  timelines: TimelineCache;
  people: PeopleService;
  pool: ComputePool;
  now: () => number;
  /** What wakes the notifier. */
  timer: Timer;
  /** ROTA_PUBLIC_URL: messages link to the web app there. */
  publicUrl: string | null;
  log: { warn(obj: object, msg: string): void };
}

export type NotificationsService = ReturnType<typeof notificationsService>;

export function notificationsService({ repos, timelines, people, pool, now, timer, publicUrl, log }: NotificationDeps, options: NotificationOptions) {
  const channels = channelsService(repos, people, options, now);
  const planner = notificationPlanner({ repos, timelines, pool, log });
  const sender = noticeSender({ repos, timelines, people, now, appUrl: publicUrl, delivery: options.delivery, log });
  const notifier = createNotifier({ repos, planner, sender, now, timer, log });

  return {
    channels,
    notifier,

    /** Sends a test notice to channel `id` now and answers its delivery after the first attempt. */
    async test(caller: Caller, id: string): Promise<Notice> {
      const channel = await channels.get(caller, id);
      const at = now();
      const noticeId = newNoticeId();
      await sender.sendNew({
        id: noticeId,
        channelId: channel.id,
        key: `channel.test:${noticeId}`,
        type: 'channel.test',
        scheduleId: null,
        data: { channel: channel.id },
        occurredAt: at,
        dueAt: at,
        status: 'pending',
        lastError: null,
        nextAttemptAt: at,
        createdAt: at,
      });
      // A failed test is retried like any notice; the leader's timer picks the retry up.
      notifier.sendDue();
      const notice = await repos.outbox.get(noticeId);
      if (!notice) throw new NotFoundError('channel', id);
      return notice;
    },

    /** The delivery log `caller` may read (a viewer: their own channels'), newest first. */
    async deliveries(caller: Caller, filter: { channel?: string; status?: NoticeStatus; limit: number }): Promise<Notice[]> {
      const mine = caller.canWrite ? undefined : (await channels.list(caller)).map((c) => c.id);
      const wanted = filter.channel === undefined ? mine : mine === undefined || mine.includes(filter.channel) ? [filter.channel] : [];
      if (wanted !== undefined && wanted.length === 0) return [];
      return repos.outbox.list({ channels: wanted, status: filter.status, limit: filter.limit });
    },

    /** Notices by status, for /metrics. */
    deliveryCounts: (): Promise<Record<NoticeStatus, number>> => repos.outbox.countByStatus(),
  };
}
