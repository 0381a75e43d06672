import { useCallback, useEffect, useState } from 'preact/hooks';
import { FEELINGS, type Feeling } from '../../lib/mood/types';
import { FEELING_FALLBACKS, imageForFeeling } from '../../lib/persona/emotion-images';
import { FaceSvg } from '../mood/faces';
import { readFileBytes } from './file-io';
import type { EmotionImageView, PersonaLibraryService } from './library-service';
import { useBlobUrl } from './use-blob-url';

/** The image each feeling has of its own: the user's before the card's. */
export function ownImages(images: readonly EmotionImageView[]): Partial<Record<Feeling, EmotionImageView>> {
  const own: Partial<Record<Feeling, EmotionImageView>> = {};
  for (const image of images) {
    const current = own[image.feeling];
    if (!current || (current.source === 'card' && image.source === 'user')) own[image.feeling] = image;
  }
  return own;
}

function FeelingTile({
  feeling,
  own,
  shown,
  onAdd,
  onRemove,
}: {
  feeling: Feeling;
  own: EmotionImageView | undefined;
  shown: EmotionImageView | undefined;
  onAdd: (file: File) => void;
  onRemove: (assetId: string) => void;
}) {
  const url = useBlobUrl(shown?.blob);
  const from = own
    ? own.source === 'card'
      ? `From the card (${own.label})`
      : 'Added by you'
    : shown
      ? `Borrowed from ${shown.feeling}`
      : 'The drawn face';
  return (
    <li class="emotion-tile stack" aria-label={feeling}>
      <span class="emotion-picture">
        {url ? <img src={url} alt={`${feeling}: ${from}`} /> : <FaceSvg feeling={feeling} />}
      </span>
      <strong>{feeling}</strong>
      <span class="muted">{from}</span>
      <label class="button secondary">
        {own ? 'Replace' : 'Add'} picture for {feeling}
        <input
          type="file"
          accept="image/png,image/jpeg,image/webp,image/gif,image/avif"
          onChange={(e) => {
            const input = e.currentTarget;
            const file = input.files?.[0];
            input.value = '';
            if (file) onAdd(file);
          }}
        />
      </label>
      {own?.source === 'user' && own.assetId && (
        <button type="button" class="secondary" onClick={() => onRemove(own.assetId!)}>
          Remove picture for {feeling}
        </button>
      )}
    </li>
  );
}

/**
 * A persona's pictures for the mood's eight feelings: the card's `emotion` images and those
 * the user adds. A feeling without one borrows along its fallback chain (shown as such);
 * with none at all the panel draws its own face.
 */
export function EmotionImagesEditor({
  service,
  personaId,
}: {
  service: PersonaLibraryService;
  personaId: string;
}) {
  const [images, setImages] = useState<EmotionImageView[] | null>(null);
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  const reload = useCallback(
    () =>
      service
        .emotionImages(personaId)
        .then(setImages, (e: unknown) => setStatus({ error: true, text: String(e) })),
    [service, personaId],
  );
  useEffect(() => void reload(), [reload]);
  if (!images) return <p class="muted">Loading…</p>;
  const own = ownImages(images);
  const act = async (what: () => Promise<void>, done: string) => {
    try {
      await what();
      await reload();
      setStatus({ error: false, text: done });
    } catch (error) {
      setStatus({ error: true, text: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <div class="stack">
      <p class="muted">
        A feeling without its own picture borrows the nearest one (excited from{' '}
        {FEELING_FALLBACKS.excited.slice(1).join(', then ')}).
      </p>
      <ul class="emotion-grid" aria-label="Pictures for each feeling">
        {FEELINGS.map((feeling) => (
          <FeelingTile
            key={feeling}
            feeling={feeling}
            own={own[feeling]}
            shown={imageForFeeling(own, feeling)}
            onAdd={(file) =>
              void act(async () => {
                if (!file.type.startsWith('image/')) throw new Error(`${file.name} is not an image.`);
                await service.addEmotionImage(personaId, feeling, await readFileBytes(file), file.type);
              }, `Added a picture for ${feeling}.`)
            }
            onRemove={(assetId) =>
              void act(
                () => service.removeEmotionImage(personaId, assetId),
                `Removed the picture for ${feeling}.`,
              )
            }
          />
        ))}
      </ul>
      {status && (
        <p class={status.error ? 'error' : 'muted'} role={status.error ? 'alert' : 'status'}>
          {status.text}
        </p>
      )}
    </div>
  );
}
