import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useAuth } from '../lib/auth';
import type { Data } from '../lib/useData';
import { useDeleteAction } from '../lib/useAction';
import { ProblemSummary } from './Field';
import { PageHeader } from './Layout';
import { DeleteButton } from './DeleteButton';

/** When .master-detail stacks the list over the editor (styles.css). */
const ONE_COLUMN = '(max-width: 900px)';

/** What the editor panel of a `MasterDetailPage` is given. */
export interface DetailEditorProps<T> {
  initial: T;
  isNew: boolean;
  readOnly: boolean;
  /** Keeps the editor open on the saved item and reloads the list. */
  onSaved: (saved: T) => void;
  onClose: () => void;
}

/**
 * A page of named resources (holiday calendars, escalation chains): a list with Edit/View and Delete
 * on the left, the editor of the chosen or new item on the right. Editors only for those who may edit
 * (admins, unless the page says who else may).
 */
export function MasterDetailPage<T extends { id: string; name: string }>({ title, newLabel, listLabel, emptyText, items, collection, blank, toDraft = (item) => item, summary, editor, ...access }: {
  title: string;
  /** The "New …" button. */
  newLabel: string;
  /** Accessible name of the list. */
  listLabel: string;
  emptyText: string;
  items: Data<T[]>;
  /** API path of the collection; an item is deleted at `${collection}/${id}`. */
  collection: string;
  /** The draft a new item starts from. */
  blank: T;
  /** The draft of an existing item (e.g. optional fields filled in). */
  toDraft?: (item: T) => T;
  /** The line under an item's name. */
  summary: (item: T) => ReactNode;
  editor: (props: DetailEditorProps<T>) => ReactNode;
  /** Who may create and save (default: admins). */
  canEdit?: boolean;
  /** Who may delete (default: whoever may edit). */
  canDelete?: boolean;
}) {
  const auth = useAuth();
  const canEdit = access.canEdit ?? auth.canEdit;
  const canDelete = access.canDelete ?? canEdit;
  const [editing, setEditing] = useState<{ item: T; isNew: boolean } | null>(null);
  const editorKey = editing && (editing.isNew ? 'new' : editing.item.id);
  const editorBox = useRef<HTMLDivElement>(null);
  const editorContent =
    editing &&
    editor({
      initial: editing.item,
      isNew: editing.isNew,
      readOnly: !canEdit,
      onSaved: (saved) => {
        setEditing({ item: saved, isNew: false });
        items.reload();
      },
      onClose: () => setEditing(null),
    });
  // False while the editor waits for data of its own (a chain's people and schedules).
  const editorDrawn = Boolean(editorContent);
  useEffect(() => {
    // In one column (a phone) the editor opens below the whole list, out of sight: bring it up,
    // once it is drawn (an empty box on a short page cannot be brought to the top).
    if (editorKey && editorDrawn && window.matchMedia(ONE_COLUMN).matches) editorBox.current?.scrollIntoView({ block: 'start' });
  }, [editorKey, editorDrawn]);
  const remove = useDeleteAction(collection, (id) => {
    if (editing?.item.id === id) setEditing(null);
    items.reload();
  });
  return (
    <>
      <PageHeader title={title}>
        {canEdit && (
          <button type="button" className="primary" onClick={() => setEditing({ item: blank, isNew: true })}>
            {newLabel}
          </button>
        )}
      </PageHeader>
      <ProblemSummary problem={items.problem ?? remove.problem} />
      <div className="master-detail">
        <section className="card" aria-label={listLabel}>
          {items.data?.length === 0 && <p className="empty">{emptyText}</p>}
          <ul className="plain-list">
            {items.data?.map((item) => (
              <li key={item.id} className="list-item">
                <div>
                  <strong>{item.name}</strong> <code>{item.id}</code>
                  <div className="muted small">{summary(item)}</div>
                </div>
                <span className="row-actions">
                  <button type="button" onClick={() => setEditing({ item: toDraft(item), isNew: false })} aria-label={`${canEdit ? 'Edit' : 'View'} ${item.name}`}>
                    {canEdit ? 'Edit' : 'View'}
                  </button>
                  {canDelete && <DeleteButton what={item.name} onDelete={() => void remove.run(item.id)} />}
                </span>
              </li>
            ))}
          </ul>
        </section>
        {editing && (
          <div key={editorKey} ref={editorBox}>
            {editorContent}
          </div>
        )}
      </div>
    </>
  );
}
