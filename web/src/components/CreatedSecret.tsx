import type { ReactNode } from 'react';

/** The panel after creating a secret (API token, feed link): the secret is shown this once, so it asks to copy it now. */
export function CreatedSecret({ title, notice, children }: { title: ReactNode; notice: ReactNode; children: ReactNode }) {
  return (
    <div className="created" role="status">
      <p>
        <strong>{title}</strong> {notice}
      </p>
      {children}
    </div>
  );
}
