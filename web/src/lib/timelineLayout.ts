/**
 * What fits on a timeline of a given pixel width: which axis ticks get a label (they thin out
 * when there is no room, instead of overlapping) and which form of a person's name a shift
 * piece can carry. Text is measured with the fonts styles.css gives the timeline.
 */
import { DAY, formatInstant, HOUR, localWeekday, startOfLocalDay, type TimeStyle } from './time';

const SANS = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
/** .tl-tick-label and .tl-shift in styles.css. */
export const TICK_FONT = `11.5px ${SANS}`;
export const SHIFT_FONT = `550 12px ${SANS}`;
/** A shift's padding and border on both sides (.tl-shift), and the space kept between two tick labels. */
const SHIFT_CHROME = 2 * 4 + 2 * 1;
const TICK_GAP = 8;
/** Below this width a piece keeps no label and gets a wider, invisible hit area (WCAG 2.5.8's 24 px). */
export const MIN_TARGET = 24;

let canvas: HTMLCanvasElement | undefined;

export function textWidth(text: string, font: string): number {
  canvas ??= document.createElement('canvas');
  const context = canvas.getContext('2d');
  if (!context) return text.length * 7;
  context.font = font;
  return context.measureText(text).width;
}

export interface Tick {
  at: number;
  /** Shown only on every `step`-th tick when labels would otherwise collide. */
  label: string | null;
  weekend: boolean;
}

/** Steps that keep the labels regular: every day, every other day, weekly…; every hour, every 3 hours… */
const DAY_STEPS = [1, 2, 7, 14];
const HOUR_STEPS = [1, 2, 3, 6, 12];

/**
 * The grid of [start, end): hour ticks when the window is a day or less, else local days. Labels
 * use the longest style that fits between two ticks, else the shortest on every n-th tick.
 */
export function axisTicks(start: number, end: number, zone: string, width: number): Tick[] {
  const hourly = end - start <= DAY + HOUR;
  const times: number[] = [];
  if (hourly) for (let t = start; t < end; t += HOUR) times.push(t);
  else for (let t = start; t < end; t = startOfLocalDay(t, zone, 1)) times.push(t);
  const styles: TimeStyle[] = hourly ? ['time'] : ['day', 'dayNumber'];
  const spacing = times.length ? width / times.length : width;
  const widest = (style: TimeStyle) => Math.max(0, ...times.map((t) => textWidth(formatInstant(t, zone, style), TICK_FONT))) + TICK_GAP;
  const style = styles.find((s) => widest(s) <= spacing) ?? styles[styles.length - 1]!;
  const needed = Math.ceil(widest(style) / Math.max(spacing, 1));
  const steps = hourly ? HOUR_STEPS : DAY_STEPS;
  const step = steps.find((s) => s >= needed) ?? needed;
  // A label running past the window's end would be cut off mid-word: it is left out.
  const label = (at: number, i: number) => {
    if (i % step !== 0) return null;
    const text = formatInstant(at, zone, style);
    return ((at - start) / (end - start)) * width + textWidth(text, TICK_FONT) + TICK_GAP / 2 <= width ? text : null;
  };
  return times.map((at, i) => ({ at, label: label(at, i), weekend: !hourly && localWeekday(at, zone) >= 5 }));
}

/** The longest of "Alice Adams", "Alice", "AA" that fits in a piece `width` px wide, or null. */
export function fittingLabel(name: string, width: number): string | null {
  const words = name.trim().split(/\s+/);
  const initials = words.map((w) => w[0]!.toUpperCase()).join('').slice(0, 3);
  const forms = [name, words[0]!, initials];
  return forms.find((f) => f && textWidth(f, SHIFT_FONT) + SHIFT_CHROME <= width) ?? null;
}
