import { describe, expect, it } from 'vitest';
import { appraisalOfReaction } from './reaction-appraisal';
import { AppraisalSchema } from '../mood/schemas';

describe('reactions as appraisals', () => {
  it('thumbs-up and replies please, dismissals and thumbs-down mildly disappoint; each a valid appraisal', () => {
    for (const reaction of ['thumbs-up', 'replied', 'thumbs-down', 'dismissed'] as const) {
      expect(AppraisalSchema.safeParse(appraisalOfReaction(reaction)).success).toBe(true);
    }
    expect(appraisalOfReaction('thumbs-up').pad.p).toBeGreaterThan(0);
    expect(appraisalOfReaction('replied').pad.p).toBeGreaterThan(0);
    expect(appraisalOfReaction('thumbs-down').pad.p).toBeLessThan(0);
    expect(appraisalOfReaction('dismissed').intensity).toBeLessThan(
      appraisalOfReaction('thumbs-down').intensity,
    );
  });
  it('returns a copy', () => {
    const a = appraisalOfReaction('dismissed');
    a.pad.p = 1;
    expect(appraisalOfReaction('dismissed').pad.p).toBeLessThan(0);
  });
});
