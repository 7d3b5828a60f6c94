import type { ReactNode } from 'react';

/** One calendar app's steps: a region named by its heading, so each can be found (and read) on its own. */
function Client({ id, name, children }: { id: string; name: string; children: ReactNode }) {
  return (
    <section className="how-to-client" aria-labelledby={id}>
      <h3 id={id}>{name}</h3>
      {children}
    </section>
  );
}

/**
 * Where to paste a feed link in the three calendar apps people use, and how soon each shows a
 * change: the app polls the feed on its own schedule, Rota cannot push to it.
 */
export function SubscribeHowTo() {
  return (
    <section className="card how-to" aria-labelledby="how-to-title">
      <h2 id="how-to-title">How to subscribe</h2>
      <p className="hint">
        Create a feed link above and copy it; then add it in your calendar app. Each calendar app decides how often it fetches the feed again,
        so a change in Rota shows there later, not at once.
      </p>
      <Client id="how-to-google" name="Google Calendar">
        <ol>
          <li>
            On a computer, open calendar.google.com (the phone app cannot add one). Beside <b>Other calendars</b>, choose <b>+</b> → <b>From URL</b>.
          </li>
          <li>Paste the feed link and choose <b>Add calendar</b>. It then shows on your phone too.</li>
        </ol>
        <p className="hint">Google refreshes it when it chooses: often every 12–24 hours, sometimes longer; it cannot be made to refresh sooner.</p>
      </Client>
      <Client id="how-to-outlook" name="Outlook">
        <ol>
          <li>
            Outlook on the web (and the new Outlook for Windows): <b>Add calendar</b> → <b>Subscribe from web</b>, paste the feed link, name it,
            choose <b>Import</b>.
          </li>
          <li>
            Classic Outlook for Windows: <b>Home</b> → <b>Add Calendar</b> → <b>From Internet…</b>, paste the feed link, <b>OK</b>.
          </li>
        </ol>
        <p className="hint">Outlook refreshes it on its own schedule: usually within a few hours, at times up to a day.</p>
      </Client>
      <Client id="how-to-apple" name="Apple Calendar">
        <ol>
          <li>
            On a Mac: <b>File → New Calendar Subscription…</b>, paste the feed link, pick how often to refresh (<b>Auto-refresh</b>).
          </li>
          <li>
            On an iPhone or iPad: <b>Settings → Calendar → Accounts → Add Account → Other → Add Subscribed Calendar</b> (from iOS 18 Calendar
            is under <b>Settings → Apps</b>), paste the feed link.
          </li>
          <li>
            Or, on the Mac or iPhone itself, use <b>Subscribe in Apple Calendar</b> beside a new feed link: it opens the app with the link
            (its <code>webcal://</code> form) filled in.
          </li>
        </ol>
        <p className="hint">A Mac refreshes as often as you chose (every 5 minutes to every week); an iPhone when it fetches new data.</p>
      </Client>
    </section>
  );
}
