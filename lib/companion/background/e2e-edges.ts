import type { Appraisal } from '../../mood/types';
import { AppraisalSchema } from '../../mood/schemas';
import type { KeyValueArea } from './serial-writer';

/**
 * End-to-end builds only (HEARTH_E2E=1; the entrypoint wires these nowhere else): a test
 * moves the background's clock forward by a stored offset, to check decay after "eight
 * hours" without waiting, and gives the appraisal of a text, standing in for the appraiser
 * (another part of the mood issue) at the edge.
 */
export const CLOCK_OFFSET_KEY = 'e2e.clockOffsetMs';
/** Where an e2e test puts the appraisals it scripts: `{ [text]: Appraisal }`. */
export const SCRIPTED_APPRAISALS_KEY = 'e2e.appraisals';

/** A clock running `offset` ms ahead of the machine's; `refresh` reads the offset the test stored. */
export function createOffsetClock(area: KeyValueArea, machine: () => number = Date.now) {
  let offset = 0;
  return {
    now: () => machine() + offset,
    async refresh(): Promise<void> {
      const stored = (await area.get(CLOCK_OFFSET_KEY))[CLOCK_OFFSET_KEY];
      offset = typeof stored === 'number' && Number.isFinite(stored) ? stored : 0;
    },
  };
}

/**
 * The appraisal the test scripted for `text`; an unscripted text goes to `real` (the
 * learned appraiser), or is an error when there is none, never a guess.
 */
export function scriptedAppraiser(area: KeyValueArea, real?: (text: string) => Promise<Appraisal>) {
  return async (text: string): Promise<Appraisal> => {
    const table = (await area.get(SCRIPTED_APPRAISALS_KEY))[SCRIPTED_APPRAISALS_KEY];
    const entry = table && typeof table === 'object' ? (table as Record<string, unknown>)[text] : undefined;
    if (entry === undefined && real) return real(text);
    const parsed = AppraisalSchema.safeParse(entry);
    if (!parsed.success) throw new Error(`No scripted appraisal for “${text.slice(0, 40)}”.`);
    return parsed.data;
  };
}
