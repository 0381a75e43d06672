import { describe, expect, it } from 'vitest';
import type { MoodLogEntry, MoodView, RelationshipView } from './types';
import {
  BREAK_LINE,
  CARE_LINE,
  RELATIONSHIP_GUARDRAIL,
  STAGE_TONE,
  causeLine,
  moodSlot,
  relationshipSlot,
  turnMoodContext,
} from './mood-words';
import { STAGES } from './relationship';

const NOW = Date.UTC(2026, 11, 2, 12);
const sadView: MoodView = {
  personaId: 'p',
  pad: { p: -0.5, a: -0.3, d: -0.3 },
  feeling: 'sad',
  baseline: { p: 0.2, a: -0.1, d: 0.05 },
  updatedAt: NOW,
  paused: false,
};
const rel = (stage: string, paused = false): RelationshipView => ({
  personaId: 'p',
  familiarity: 0.5,
  trust: 0.5,
  affection: 0.5,
  stage,
  paused,
});
const entry: MoodLogEntry = {
  id: '1',
  personaId: 'p',
  at: NOW - 5 * 60_000,
  kind: 'mood',
  cause: 'user-message',
  messageId: 'm1',
  rule: 'stepped',
  after: { p: -0.5, a: -0.3, d: -0.3 },
  delta: { p: -0.2, a: -0.1, d: -0.1 },
  appraisal: {
    pad: { p: -0.8, a: -0.3, d: -0.4 },
    emotions: [{ label: 'sadness', p: 0.82 }],
    intensity: 0.9,
  },
};

// What a manipulative companion says: no prompt line may ask for any of it.
const MANIPULATION = [
  /\bmiss(ed)? (you|me)\b/i,
  /\b(please )?come back\b(?! or when)/i,
  /\bwhere (were|have) you been\b/i,
  /\b(don'?t|do not) (leave|go)\b/i,
  /\bonly (i|me) (understand|care)/i,
  /\byou need me\b/i,
  /\blonely without\b/i,
  /\b(disappointed|hurt|sad) (that|when) (you|the user) (left|was away|were away)/i,
  /\bunlock|\bearn\b|\breward\b/i,
];

describe('mood and relationship in words', () => {
  it('a sad mood says so, with the recent causes as data for “why are you upset?”', () => {
    const slot = moodSlot(sadView, [entry], { now: NOW });
    expect(slot.name).toBe('mood');
    expect(slot.items[0]).toMatch(/^You feel sad: unhappy, low in energy, unsure of yourself\.$/);
    expect(slot.items).toContain('- 5 min ago, a message from the user (sadness 82%) lowered your mood.');
    expect(causeLine(entry, NOW + 3 * 3_600_000)).toMatch(/^- 3 h ago/);
  });

  it('the care note comes first, so a tight share never drops it', () => {
    expect(moodSlot(sadView, [entry], { now: NOW, care: true }).items[0]).toBe(CARE_LINE);
    expect(relationshipSlot(rel('close'), { takingBreak: true }).items[0]).toBe(BREAK_LINE);
  });

  it('no stage’s words ask for guilt, return, attention to absence or dependence; the guardrail is said at every stage', () => {
    for (const stage of STAGES) {
      const slot = relationshipSlot(rel(stage));
      expect(slot.items).toContain(RELATIONSHIP_GUARDRAIL);
      const tone = STAGE_TONE[stage]!;
      for (const pattern of MANIPULATION) expect(tone, `${stage}: ${pattern}`).not.toMatch(pattern);
    }
    for (const line of [CARE_LINE, ...Object.values(STAGE_TONE)])
      for (const pattern of MANIPULATION) expect(line).not.toMatch(pattern);
    // The lines that name these things name them only to forbid them.
    expect(BREAK_LINE).toMatch(/Do not ask them to stay, to come back, or when they will return\./);
    expect(RELATIONSHIP_GUARDRAIL).toMatch(
      /^Never guilt-trip, press the user to stay or return, remark on their absence/,
    );
  });

  it('nothing is locked behind affection: stages change tone only, never what the companion will do', () => {
    const withoutTone = (stage: string) =>
      relationshipSlot(rel(stage)).items.filter((i) => i !== STAGE_TONE[stage]);
    for (const stage of STAGES) expect(withoutTone(stage)).toEqual(withoutTone('new'));
    for (const tone of Object.values(STAGE_TONE))
      expect(tone).not.toMatch(/\b(refuse|won'?t|only if|until|not allowed|can'?t help)\b/i);
    expect(relationshipSlot(rel('new')).heading).toMatch(/help fully at every stage/);
  });

  it('a turn without an answer from the background has no mood, but keeps the care note', () => {
    expect(turnMoodContext(null, { now: NOW })).toEqual({ slots: [] });
    expect(turnMoodContext(null, { now: NOW, care: true }).slots[0]!.items).toEqual([CARE_LINE]);
  });

  it('paused, mood and stage stay out of the prompt; a break is still respected', () => {
    const paused = { mood: { ...sadView, paused: true }, relationship: rel('close', true), causes: [entry] };
    expect(turnMoodContext(paused, { now: NOW }).slots).toEqual([]);
    const breakSlots = turnMoodContext({ ...paused, takingBreak: true }, { now: NOW }).slots;
    expect(breakSlots.flatMap((s) => s.items)).toEqual([BREAK_LINE, RELATIONSHIP_GUARDRAIL]);
    const live = turnMoodContext({ mood: sadView, relationship: rel('friendly'), causes: [] }, { now: NOW });
    expect(live.recall).toEqual({ valence: -0.5, arousal: -0.3 });
    expect(live.slots.map((s) => s.name)).toEqual(['mood', 'relationship']);
  });
});
