/**
 * Hearth's built-in faces, one drawing per named feeling, on a 64×64 grid. The head is
 * shared; each feeling draws only its eyes, brows, mouth and marks, so the avatar can
 * crossfade from one set of features to the next. Strokes are 3 units wide so a face still
 * reads at 32 px (1.5 px lines).
 */
import type { JSX } from 'preact';
import type { Feeling } from '../../lib/mood/types';

const ink = {
  stroke: 'var(--face-ink)',
  'stroke-width': 3,
  'stroke-linecap': 'round',
  fill: 'none',
} as const;
const solid = { fill: 'var(--face-ink)' } as const;

/** Rosy cheeks for the warmer feelings. */
const Cheeks = () => (
  <g fill="var(--face-cheek)">
    <ellipse cx="16.5" cy="38" rx="4.5" ry="3" />
    <ellipse cx="47.5" cy="38" rx="4.5" ry="3" />
  </g>
);

/** A tongue inside an open mouth. */
const Tongue = ({ y }: { y: number }) => (
  <path
    d={`M27 ${y} Q32 ${y - 3.5} 37 ${y} Q35 ${y + 3} 32 ${y + 3} Q29 ${y + 3} 27 ${y}Z`}
    fill="var(--face-tongue)"
  />
);

/** A drop (a tear or a bead of sweat) with its tip at (x, y). */
const Drop = ({ x, y }: { x: number; y: number }) => (
  <path
    d={`M${x} ${y} Q${x + 3.6} ${y + 5.2} ${x + 2.4} ${y + 7.4} Q${x} ${y + 9.4} ${x - 2.4} ${y + 7.4} Q${x - 3.6} ${y + 5.2} ${x} ${y}Z`}
    fill="var(--face-drop)"
  />
);

/** The features of each feeling. */
export const FACE_FEATURES: Record<Feeling, () => JSX.Element> = {
  // Eyes closed in a soft downward curve, a small easy smile: at rest.
  calm: () => (
    <g>
      <path d="M18 29 Q23 33.5 28 29 M36 29 Q41 33.5 46 29" {...ink} />
      <path d="M26.5 44 Q32 47.5 37.5 44" {...ink} />
    </g>
  ),
  // Smiling closed eyes and a wider smile, a little colour in the cheeks.
  content: () => (
    <g>
      <Cheeks />
      <path d="M18 31 Q23 25 28 31 M36 31 Q41 25 46 31" {...ink} />
      <path d="M23.5 42 Q32 50.5 40.5 42" {...ink} />
    </g>
  ),
  // Open eyes with a highlight, an open laughing mouth.
  happy: () => (
    <g>
      <Cheeks />
      <circle cx="23" cy="28.5" r="3.4" {...solid} />
      <circle cx="41" cy="28.5" r="3.4" {...solid} />
      <circle cx="24.2" cy="27.3" r="1.1" fill="var(--face-skin)" />
      <circle cx="42.2" cy="27.3" r="1.1" fill="var(--face-skin)" />
      <path d="M21.5 40 Q32 41.5 42.5 40 Q41 53 32 53 Q23 53 21.5 40Z" {...solid} />
      <Tongue y={49} />
    </g>
  ),
  // Big sparkling eyes, raised brows, mouth wide open, a sparkle beside the head.
  excited: () => (
    <g>
      <Cheeks />
      <path d="M16.5 19 Q22 14.5 27.5 18 M36.5 18 Q42 14.5 47.5 19" {...ink} />
      <circle cx="23" cy="28" r="4.8" {...solid} />
      <circle cx="41" cy="28" r="4.8" {...solid} />
      <circle cx="24.8" cy="26.2" r="1.7" fill="var(--face-skin)" />
      <circle cx="42.8" cy="26.2" r="1.7" fill="var(--face-skin)" />
      <ellipse cx="32" cy="45" rx="7.5" ry="7" {...solid} />
      <Tongue y={48} />
      <path
        d="M55 6 L56.4 10.6 L61 12 L56.4 13.4 L55 18 L53.6 13.4 L49 12 L53.6 10.6Z"
        fill="var(--face-spark)"
      />
    </g>
  ),
  // Brows raised at the middle, downcast eyes, a frown and one tear.
  sad: () => (
    <g>
      <path d="M17 23.5 L27 20 M37 20 L47 23.5" {...ink} />
      <circle cx="23" cy="30" r="2.9" {...solid} />
      <circle cx="41" cy="30" r="2.9" {...solid} />
      <path d="M24 48 Q32 40.5 40 48" {...ink} />
      <Drop x={43.5} y={34} />
    </g>
  ),
  // Wide white eyes with small pupils, worried brows, a wobbly mouth, a bead of sweat.
  anxious: () => (
    <g>
      <path d="M16.5 21.5 Q21 17 27 19 M37 19 Q43 17 47.5 21.5" {...ink} />
      <circle cx="23" cy="29" r="4.6" fill="var(--face-eye)" stroke="var(--face-ink)" stroke-width="2.2" />
      <circle cx="41" cy="29" r="4.6" fill="var(--face-eye)" stroke="var(--face-ink)" stroke-width="2.2" />
      <circle cx="23" cy="29.5" r="1.9" {...solid} />
      <circle cx="41" cy="29.5" r="1.9" {...solid} />
      <path d="M22 46 Q24.5 42.5 27 46 T32 46 T37 46 T42 46" {...ink} />
      <Drop x={51} y={15} />
    </g>
  ),
  // Brows pulled down to the middle, flat narrowed eyes, a tight slanted mouth, a cross vein.
  annoyed: () => (
    <g>
      <path d="M16.5 21 L27 25.5 M37 25.5 L47.5 21" {...ink} />
      <path d="M18.5 30.5 L27.5 30.5 M36.5 30.5 L45.5 30.5" {...ink} />
      <path d="M20.5 30.5 A3 3 0 0 0 26.5 30.5 M38.5 30.5 A3 3 0 0 0 44.5 30.5" {...solid} />
      <path d="M25 46 L39.5 43.5" {...ink} />
      <path
        d="M45 9.5 Q48 12.5 45 15.5 M54 9.5 Q51 12.5 54 15.5 M47 7.5 Q49.5 10.5 52 7.5 M47 17.5 Q49.5 14.5 52 17.5"
        stroke="var(--face-vein)"
        stroke-width="2.4"
        stroke-linecap="round"
        fill="none"
      />
    </g>
  ),
  // Heavy lids over half-hidden eyes, shadows beneath, a yawn and two z's.
  tired: () => (
    <g>
      <path d="M18 29 L28 29 M36 29 L46 29" {...ink} />
      <path d="M19.8 29 A3.2 3.2 0 0 0 26.2 29Z M37.8 29 A3.2 3.2 0 0 0 44.2 29Z" {...solid} />
      <path
        d="M19 36.5 Q23 38.5 27 36.5 M37 36.5 Q41 38.5 45 36.5"
        stroke="var(--face-shadow)"
        stroke-width="2"
        stroke-linecap="round"
        fill="none"
      />
      <ellipse cx="32" cy="46.5" rx="3.6" ry="4.2" {...solid} />
      <path
        d="M47 7 H54 L47 14 H54 M55.5 17 H60 L55.5 21.5 H60"
        stroke="var(--face-ink)"
        stroke-width="2.2"
        stroke-linecap="round"
        stroke-linejoin="round"
        fill="none"
      />
    </g>
  ),
};

/**
 * The head and every feeling's features; only `feeling`'s are shown (class `on`), the rest
 * are transparent so that a change of feeling crossfades in CSS.
 */
export function FaceSvg({ feeling }: { feeling: Feeling }) {
  return (
    <svg viewBox="0 0 64 64" aria-hidden="true" focusable="false" class="face">
      <circle cx="32" cy="34" r="27" fill="var(--face-skin)" stroke="var(--face-edge)" stroke-width="2" />
      <path
        d="M24 9 Q29 3 33 7.5 Q35 3.5 39 6"
        stroke="var(--face-edge)"
        stroke-width="2.4"
        stroke-linecap="round"
        fill="none"
      />
      {(Object.keys(FACE_FEATURES) as Feeling[]).map((f) => {
        const Features = FACE_FEATURES[f];
        return (
          <g key={f} class={f === feeling ? 'face-features on' : 'face-features'} data-feeling={f}>
            <Features />
          </g>
        );
      })}
    </svg>
  );
}
