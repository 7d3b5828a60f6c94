import { CopyField } from '../CopyButton';
import { CreatedSecret } from '../CreatedSecret';

/** A webhook channel's signing secret, shown once (after creating the channel or rotating its secret), with how receivers use it. */
export function WebhookSecret({ title, secret }: { title: string; secret: string }) {
  return (
    <CreatedSecret title={title} notice="Copy it now: it is shown only once.">
      <CopyField label="Signing secret" value={secret} buttonLabel="Copy secret" />
      <p className="small">
        Each notice comes with <code>webhook-id</code>, <code>webhook-timestamp</code> and <code>webhook-signature</code> headers, signed as{' '}
        <a href="https://www.standardwebhooks.com/" target="_blank" rel="noreferrer">
          Standard Webhooks
        </a>
        . Verify them with this secret using a Standard Webhooks library (such as <code>standardwebhooks</code> for JavaScript, Python, Go…):
        it checks the HMAC-SHA256 of <code>id.timestamp.body</code> and refuses old timestamps. A notice may arrive more than once: ignore a{' '}
        <code>webhook-id</code> you have seen.
      </p>
    </CreatedSecret>
  );
}
