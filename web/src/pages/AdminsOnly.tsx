import { PageHeader } from '../components/Layout';

/** What a viewer sees on a page only admins may open (the server would answer its API calls with 403). */
export function AdminsOnly({ title }: { title: string }) {
  return (
    <>
      <PageHeader title={title} />
      <p className="empty">
        {title} are for admins only. You are signed in as a viewer.
      </p>
    </>
  );
}
