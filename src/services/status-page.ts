/**
 * The public status page (spec §15): the status document built from the bulletin, rendered as
 * HTML, JSON and Atom (src/render/status, pure), and kept rendered until the next change — an
 * outage sends thousands of readers to it at once. A change is a write to the bulletin (of any
 * instance), a change of coordinator (a schedule write, or time reaching the end of their shift),
 * a resolved incident leaving the 14 days, or a renamed person. With ROTA_STATUS_EXPORT_DIR the
 * leading instance also writes the three files there after every change, so a static host can
 * serve them while Rota's own host is down.
 */
import { createHash } from 'node:crypto';
import type { Timer } from '../config.js';
import { writeStatusFiles } from '../delivery/index.js';
import { statusAtom, statusHtml, statusJson, type StatusDocument } from '../render/status/index.js';
import { incidentComponents, RESOLVED_SHOWN_MS, type BulletinService, type Incident } from './bulletin.js';
import type { OncallService } from './oncall.js';
import type { PeopleService } from './people.js';
import type { TimelineCache } from './timeline-cache.js';

export interface RenderedStatus {
  html: string;
  json: string;
  atom: string;
  /** Strong entity tag of each body. */
  etags: { html: string; json: string; atom: string };
  /** The same texts encoded once (UTF-8), for the many readers of one rendering. */
  bytes: { html: Buffer; json: Buffer; atom: Buffer };
  /** When this rendering was made (Last-Modified: the page changes only with a new rendering, the coordinator's handoff included). */
  renderedAt: number;
}

const SEVERITY = ['operational', 'degraded', 'partial_outage', 'major_outage'] as const;

const etagOf = (body: string) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

function incidentView(i: Incident): StatusDocument['openIncidents'][number] {
  const latest = i.updates[0];
  return {
    id: i.id,
    title: i.title,
    status: i.status,
    impact: i.impact,
    createdAt: i.createdAt,
    resolvedAt: i.resolvedAt,
    nextUpdateBy: i.resolvedAt === null ? (latest?.nextUpdateBy ?? null) : null,
    components: incidentComponents(i),
    updates: i.updates.map((u) => ({ id: u.id, status: u.status, message: u.message, components: u.components, nextUpdateBy: u.nextUpdateBy, postedAt: u.postedAt })),
  };
}

export interface StatusPageDeps {
  bulletin: BulletinService;
  oncall: OncallService;
  people: PeopleService;
  timelines: TimelineCache;
  now: () => number;
  /** ROTA_PUBLIC_URL: absolute links (the Atom feed's). */
  publicUrl: string | null;
  /** ROTA_STATUS_EXPORT_DIR. */
  exportDir: string | null;
  timer: Timer;
  isLeader: () => boolean;
  log: { warn(obj: object, msg: string): void };
}

export type StatusPageService = ReturnType<typeof statusPageService>;

export function statusPageService({ bulletin, oncall, people, timelines, now, publicUrl, exportDir, timer, isLeader, log }: StatusPageDeps) {
  let cached: { rendered: RenderedStatus; generation: number; validUntil: number } | null = null;
  let generation = 0;
  let building: { generation: number; rendering: Promise<RenderedStatus> } | null = null;
  let cancelExport: (() => void) | null = null;

  /** The document as of now, and until when nothing in it changes by time alone. */
  async function build(): Promise<{ doc: StatusDocument; validUntil: number }> {
    const at = now();
    const shown = await bulletin.shown();
    const { settings } = shown;
    let coordinator: StatusDocument['coordinator'] = null;
    let validUntil = Infinity;
    let timeZone = 'UTC';
    if (settings.coordinatorSchedule !== null) {
      const state = await timelines.get(settings.coordinatorSchedule);
      timeZone = state?.saved[state.saved.length - 1]?.document.timeZone ?? 'UTC';
      if (state) {
        const { shift } = await oncall.onCall(settings.coordinatorSchedule, at);
        if (shift.end !== null) validUntil = shift.end;
        const person = shift.personId === null ? undefined : (await people.directory()).get(shift.personId);
        if (settings.showCoordinator && person) coordinator = { name: person.name };
      }
    }
    for (const i of shown.resolved) validUntil = Math.min(validUntil, i.resolvedAt! + RESOLVED_SHOWN_MS);
    const components = shown.components.map((c) => ({ id: c.id, name: c.name, description: c.description, status: c.effectiveStatus, alternatives: c.alternatives }));
    const worst = Math.max(0, ...components.map((c) => SEVERITY.indexOf(c.status)));
    const open = shown.open.map(incidentView);
    const nextUpdates = open.flatMap((i) => (i.nextUpdateBy === null ? [] : [i.nextUpdateBy]));
    const changes = [
      ...shown.components.map((c) => c.updatedAt),
      ...[...shown.open, ...shown.resolved].map((i) => i.updatedAt),
    ];
    return {
      doc: {
        title: settings.title,
        about: settings.about,
        updatedAt: changes.length > 0 ? Math.max(...changes) : 0,
        overall: SEVERITY[worst]!,
        components,
        openIncidents: open,
        resolvedIncidents: shown.resolved.map(incidentView),
        nextUpdateBy: nextUpdates.length > 0 ? Math.min(...nextUpdates) : null,
        coordinator,
        baseUrl: publicUrl?.replace(/\/+$/, '') ?? null,
        timeZone,
      },
      validUntil,
    };
  }

  async function render(): Promise<RenderedStatus> {
    const started = generation;
    const { doc, validUntil } = await build();
    const html = statusHtml(doc);
    const json = JSON.stringify(statusJson(doc));
    const atom = statusAtom(doc);
    const rendered = {
      html,
      json,
      atom,
      etags: { html: etagOf(html), json: etagOf(json), atom: etagOf(atom) },
      bytes: { html: Buffer.from(html), json: Buffer.from(json), atom: Buffer.from(atom) },
      renderedAt: now(),
    };
    // Kept only if nothing changed while it was built; it then holds until time changes it.
    if (started === generation) cached = { rendered, generation: started, validUntil };
    return rendered;
  }

  async function current(): Promise<RenderedStatus> {
    if (cached && cached.generation === generation && now() < cached.validUntil) return cached.rendered;
    // Readers arriving together share one rendering — but not one begun before the last change:
    // it may have read the bulletin before the write its reader has just made.
    if (building?.generation !== generation) {
      const started = { generation, rendering: render() };
      building = started;
      void started.rendering
        .finally(() => {
          if (building === started) building = null;
        })
        .catch(() => undefined);
    }
    return building.rendering;
  }

  /** Rewrites the exported files now, and again when time alone changes the page. */
  async function exportFiles(): Promise<void> {
    if (exportDir === null || !isLeader()) return;
    const rendered = await current();
    await writeStatusFiles(exportDir, { 'index.html': rendered.html, 'status.json': rendered.json, 'feed.atom': rendered.atom });
    cancelExport?.();
    const until = cached?.validUntil ?? Infinity;
    cancelExport = Number.isFinite(until) ? timer.at(until, () => void exportSoon()) : null;
  }

  let exporting: Promise<void> | null = null;
  let exportAgain = false;
  function exportSoon(): void {
    if (exportDir === null) return;
    if (exporting) {
      exportAgain = true;
      return;
    }
    exporting = exportFiles()
      .catch((err: unknown) => log.warn({ err }, 'status export: could not write the files'))
      .finally(() => {
        exporting = null;
        if (exportAgain) {
          exportAgain = false;
          exportSoon();
        }
      });
  }

  return {
    current,

    /** Something the page shows may have changed: render anew at the next request (and export). */
    invalidate(): void {
      generation++;
      exportSoon();
    },

    /** Writes the three files to `dir` as the page is now (npm run status:export). */
    async exportTo(dir: string): Promise<void> {
      const rendered = await current();
      await writeStatusFiles(dir, { 'index.html': rendered.html, 'status.json': rendered.json, 'feed.atom': rendered.atom });
    },

    /** Starts exporting (when ROTA_STATUS_EXPORT_DIR is set); stops with `close`. */
    open(): void {
      exportSoon();
    },

    /** Resolves once the export under way, and any asked for meanwhile, is written. */
    async exported(): Promise<void> {
      while (exporting) await exporting;
    },

    async close(): Promise<void> {
      cancelExport?.();
      cancelExport = null;
      await this.exported();
    },
  };
}
