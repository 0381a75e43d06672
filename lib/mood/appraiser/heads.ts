import { EKMAN_OF, GOEMOTIONS_LABELS, GROUP_OF, type EmotionLabel } from './labels';

/**
 * Heads for GoEmotions' coarser taxonomies. Beside the 28-label softmax, a weights file may
 * carry small softmax heads trained directly on the sentiment groups and on Ekman's classes
 * (same features, same training rows, labels mapped by `labels.ts`). A head trained on the
 * coarse labels estimates a coarse class's probability better than summing 28 fine
 * probabilities learned from scarce fine labels, so the fine distribution is pooled with the
 * heads: within each coarse class the fine labels keep their proportions, and the class's
 * total moves toward the head's estimate (a product of experts). The output stays one
 * distribution over the 28 labels, so the Appraisal's contract does not change.
 */

/** The taxonomies a head may be trained on, each as GoEmotions label → class. */
export const TAXONOMY_OF = { group: GROUP_OF, ekman: EKMAN_OF } as const;
/** A head's taxonomy name. */
export type HeadName = keyof typeof TAXONOMY_OF;

/**
 * Each head's weight in the pooling: the fine model's class total is multiplied by
 * (head / fine)^HEAD_POWER. 1/2 is the symmetric geometric pool of the two estimates; on
 * GoEmotions' dev split it beat 0 (no heads) and 1 (heads override) for both taxonomies.
 */
export const HEAD_POWER = 0.5;

/** A head as a model uses it: its class names and where each fine label falls among them. */
export interface HeadShape {
  name: HeadName;
  labels: readonly string[];
  /** For each fine label (in the model's order), the index of its class in `labels`. */
  classOf: Int32Array;
}

/** Checks a head's classes against its taxonomy and maps the fine labels onto them. */
export function headShape(name: string, labels: readonly string[], fine: readonly string[]): HeadShape {
  if (!(name in TAXONOMY_OF)) throw new Error(`unknown head '${name}' (expected group or ekman)`);
  const taxonomy = TAXONOMY_OF[name as HeadName] as Record<EmotionLabel, string>;
  const classes = [...new Set(Object.values(taxonomy))].sort();
  if (labels.length !== classes.length || classes.some((c) => !labels.includes(c))) {
    throw new Error(`head '${name}' needs the classes ${classes.join(', ')}`);
  }
  const classOf = Int32Array.from(fine, (label) => {
    if (!(GOEMOTIONS_LABELS as readonly string[]).includes(label)) {
      throw new Error(`head '${name}' needs GoEmotions' fine labels, not '${label}'`);
    }
    return labels.indexOf(taxonomy[label as EmotionLabel]);
  });
  return { name: name as HeadName, labels, classOf };
}

/**
 * Pools the fine distribution with each head's (all probabilities, in place on a copy):
 * p_i ← p_i · (q_c / P_c)^HEAD_POWER for the class c of label i, then renormalised, head by
 * head. `heads[h]` is the head's distribution over its classes.
 */
export function poolWithHeads(
  fine: Float64Array,
  shapes: readonly HeadShape[],
  heads: readonly Float64Array[],
): Float64Array {
  let p = fine;
  shapes.forEach((shape, h) => {
    const q = heads[h]!;
    const total = new Float64Array(shape.labels.length);
    for (let i = 0; i < p.length; i++) {
      const c = shape.classOf[i]!;
      total[c] = total[c]! + p[i]!;
    }
    const next = new Float64Array(p.length);
    let sum = 0;
    for (let i = 0; i < p.length; i++) {
      const c = shape.classOf[i]!;
      next[i] = p[i]! * (q[c]! / Math.max(total[c]!, 1e-12)) ** HEAD_POWER;
      sum += next[i]!;
    }
    for (let i = 0; i < next.length; i++) next[i] = next[i]! / sum;
    p = next;
  });
  return p;
}
