import { Fragment } from 'preact';
import type { MoodView, RelationshipView } from '../../lib/mood/types';
import { Face, type EmotionImages } from './Avatar';
import { levelWord, padWords, signed } from './format';

/** The mood and relationship now, in words and numbers, with the face at a size to see it. */
export function MoodNow({
  personaName,
  mood,
  relationship,
  images,
}: {
  personaName: string;
  mood: MoodView;
  relationship: RelationshipView;
  images?: EmotionImages;
}) {
  return (
    <div class="mood-now">
      <Face personaName={personaName} feeling={mood.feeling} images={images} size={88} />
      <div>
        <p>
          <strong>
            {personaName} feels {mood.feeling}
          </strong>
          {mood.paused && <span class="badge"> paused</span>}
        </p>
        <dl aria-label="Mood now">
          {padWords(mood.pad).map((axis) => (
            <Fragment key={axis.key}>
              <dt>{axis.label}</dt>
              <dd>{signed(axis.value)}</dd>
              <dd>{axis.word}</dd>
            </Fragment>
          ))}
        </dl>
        <p class="muted">
          At rest (temperament): pleasure {signed(mood.baseline.p)}, arousal {signed(mood.baseline.a)},
          dominance {signed(mood.baseline.d)}. The mood drifts back there over time.
        </p>
      </div>
      <div>
        <p>
          <strong>Relationship: {relationship.stage}</strong>
          {relationship.paused && <span class="badge"> paused</span>}
        </p>
        <dl aria-label="Relationship now">
          {(['familiarity', 'trust', 'affection'] as const).map((k) => {
            const label = k[0]!.toUpperCase() + k.slice(1);
            return (
              <Fragment key={k}>
                <dt id={`rel-${k}`}>{label}</dt>
                <dd>
                  {relationship[k].toFixed(2)} ({levelWord(relationship[k])})
                </dd>
                <dd>
                  <meter aria-labelledby={`rel-${k}`} min={0} max={1} value={relationship[k]} />
                </dd>
              </Fragment>
            );
          })}
        </dl>
      </div>
    </div>
  );
}
