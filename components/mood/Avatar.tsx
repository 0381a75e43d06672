import { useContext, useEffect, useState } from 'preact/hooks';
import type { Feeling, MoodClient } from '../../lib/mood/types';
import { resolveEmotionImages } from '../../lib/persona/emotion-images';
import { EmotionImageContext, type EmotionImageSource } from '../persona/emotion-image-context';
import { FaceSvg } from './faces';
import { useMood, usePrefersReducedMotion } from './use-mood';
import './mood.css';

/** A persona's own pictures for some or all feelings (URLs); the built-in face fills the gaps. */
export type EmotionImages = Partial<Record<Feeling, string>>;

/** The face for one feeling: the persona's picture if it has one that loads, else the built-in drawing. */
export function Face({
  personaName,
  feeling,
  images,
  size = 36,
}: {
  personaName: string;
  feeling: Feeling;
  images?: EmotionImages;
  size?: number;
}) {
  const still = usePrefersReducedMotion();
  // Pictures that failed to load fall back to the built-in face instead of a broken image.
  const [broken, setBroken] = useState<ReadonlySet<string>>(new Set());
  const src = images?.[feeling];
  const picture = src && !broken.has(src) ? src : null;
  const label = `${personaName} feels ${feeling}`;
  return (
    <span
      class={still ? 'avatar avatar-still' : 'avatar'}
      role="img"
      aria-label={label}
      title={label}
      data-feeling={feeling}
      style={{ width: `${size}px`, height: `${size}px` }}
    >
      {picture ? (
        // Keyed by source: each new picture mounts afresh and fades in (mood.css).
        <img
          key={picture}
          class="avatar-picture"
          src={picture}
          alt=""
          onError={() => setBroken((b) => new Set(b).add(picture))}
        />
      ) : (
        <FaceSvg feeling={feeling} />
      )}
    </span>
  );
}

/**
 * The persona's pictures as object URLs, every feeling filled along its fallback chain;
 * re-read when pictures change, and the URLs revoked when they are replaced or unmounted.
 * Empty without a source or when the pictures cannot be read (the drawn face shows then).
 */
export function usePersonaEmotionImages(source: EmotionImageSource | null, personaId: string): EmotionImages {
  const [images, setImages] = useState<EmotionImages>({});
  const [revision, setRevision] = useState(0);
  useEffect(() => source?.watch(() => setRevision((r) => r + 1)), [source]);
  useEffect(() => {
    if (!source) return;
    let gone = false;
    const made: string[] = [];
    source.load(personaId).then(
      (blobs) => {
        if (gone) return;
        const urls: EmotionImages = {};
        for (const [feeling, blob] of Object.entries(blobs) as [Feeling, Blob][]) {
          const url = URL.createObjectURL(blob);
          made.push(url);
          urls[feeling] = url;
        }
        setImages(resolveEmotionImages(urls));
      },
      () => !gone && setImages({}),
    );
    return () => {
      gone = true;
      made.forEach((url) => URL.revokeObjectURL(url));
    };
  }, [source, personaId, revision]);
  return images;
}

/**
 * The companion's face in the panel: the current feeling of `personaId`, following every
 * change the mood client reports, as the persona's own picture for that feeling when it has
 * one (given in `images`, else from the page's EmotionImageContext), else the drawn face.
 * Shows nothing until the mood is known, or if it can't be read (the chat works without it).
 */
export function Avatar({
  client,
  personaId,
  personaName,
  images,
  size,
}: {
  client: MoodClient;
  personaId: string;
  personaName: string;
  images?: EmotionImages;
  size?: number;
}) {
  const { current } = useMood(client, personaId);
  const source = useContext(EmotionImageContext);
  const own = usePersonaEmotionImages(images ? null : source, personaId);
  if (!current) return null;
  return <Face personaName={personaName} feeling={current.mood.feeling} images={images ?? own} size={size} />;
}
