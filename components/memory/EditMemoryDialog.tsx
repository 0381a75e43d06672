import { useEffect, useRef, useState } from 'preact/hooks';
import type { z } from 'zod';
import { MemoryKind, MemoryRecord, memoryTextKey } from '../../lib/memory/records';
import { KIND_LABELS } from './memory-query';

/** What the edit dialog may change. */
export interface MemoryEdit {
  text: string;
  kind: MemoryKind;
  importance: number;
}

/** A validation problem in words. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path[0];
  if (field === 'text') {
    if (issue.code === 'too_big') return 'That is too long: a memory holds at most 20,000 characters.';
    return 'Write something: a memory cannot be empty.';
  }
  if (field === 'importance') return 'Importance is a number from 0 (minor) to 1 (essential).';
  if (field === 'kind') return 'Choose one of the kinds.';
  return `${issue.path.join('.') || 'Memory'}: ${issue.message}`;
}

/**
 * Checks an edit against the MemoryRecord schema, applied to the whole record so every
 * rule the store enforces is checked here first. Returns the patch or the problems in words.
 */
export function validateEdit(
  record: MemoryRecord,
  draft: { text: string; kind: string; importance: number },
): { ok: true; patch: MemoryEdit } | { ok: false; error: string } {
  const text = draft.text.trim();
  const parsed = MemoryRecord.safeParse({
    ...record,
    text,
    textKey: text ? memoryTextKey(text) : record.textKey,
    kind: draft.kind,
    importance: draft.importance,
  });
  if (!parsed.success) {
    return { ok: false, error: [...new Set(parsed.error.issues.map(describeIssue))].join(' ') };
  }
  return {
    ok: true,
    patch: { text: parsed.data.text, kind: parsed.data.kind, importance: parsed.data.importance },
  };
}

/** Props of the edit dialog. */
export interface EditMemoryDialogProps {
  record: MemoryRecord;
  /** Saves the edit; a rejection's message is shown in the dialog. */
  onSave: (patch: MemoryEdit) => Promise<void>;
  onCancel: () => void;
}

/** A modal dialog to edit a memory's text, kind and importance. */
export function EditMemoryDialog({ record, onSave, onCancel }: EditMemoryDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState(record.text);
  const [kind, setKind] = useState<string>(record.kind);
  const [importance, setImportance] = useState(String(record.importance));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const el = dialog.current;
    // showModal traps focus and makes the rest of the page inert; older engines get `open`.
    if (el && !el.open) {
      if (typeof el.showModal === 'function') el.showModal();
      else el.setAttribute('open', '');
    }
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    const result = validateEdit(record, {
      text,
      kind,
      importance: importance.trim() === '' ? NaN : Number(importance),
    });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await onSave(result.patch);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setSaving(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      class="memory-dialog"
      aria-labelledby="edit-memory-title"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <form class="stack" onSubmit={submit} noValidate>
        <h3 id="edit-memory-title">Edit memory</h3>
        <label>
          Text
          <textarea rows={5} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </label>
        <div class="row">
          <label class="grow">
            Kind
            <select value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
              {MemoryKind.options.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </label>
          <label class="grow">
            Importance (0 to 1)
            <input
              type="number"
              min={0}
              max={1}
              step={0.05}
              value={importance}
              onInput={(e) => setImportance(e.currentTarget.value)}
            />
          </label>
        </div>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <div class="row">
          <button type="submit" disabled={saving}>
            {saving ? 'Saving…' : 'Save'}
          </button>
          <button type="button" class="secondary" onClick={onCancel} disabled={saving}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
