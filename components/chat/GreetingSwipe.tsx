/**
 * The greetings a new conversation may open with (the persona's first message and its
 * alternates), one at a time, with buttons to swipe between them before the user replies.
 * The chosen one is stored when the user sends their first message. Text, never HTML.
 */
export function GreetingSwipe({
  greetings,
  index,
  personaName,
  onSwipe,
}: {
  greetings: readonly string[];
  index: number;
  personaName: string;
  onSwipe: (step: 1 | -1) => void;
}) {
  const text = greetings[index];
  if (text === undefined) return null;
  return (
    <div class="greeting" data-testid="greeting" aria-label={`${personaName}'s greeting`} role="group">
      <p class="greeting-text">{text}</p>
      {greetings.length > 1 && (
        <div class="greeting-swipe">
          <button type="button" class="secondary" aria-label="Previous greeting" onClick={() => onSwipe(-1)}>
            Previous
          </button>
          <span aria-live="polite">
            {index + 1} of {greetings.length}
          </span>
          <button type="button" class="secondary" aria-label="Next greeting" onClick={() => onSwipe(1)}>
            Next
          </button>
        </div>
      )}
    </div>
  );
}
