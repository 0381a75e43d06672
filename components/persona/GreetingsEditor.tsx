/** The other greetings a conversation may open with; the user swipes between them in the panel. */
export function GreetingsEditor({
  greetings,
  onChange,
}: {
  greetings: readonly string[];
  onChange: (greetings: string[]) => void;
}) {
  return (
    <fieldset class="stack" aria-label="Other greetings">
      <legend>Other greetings ({greetings.length})</legend>
      {greetings.map((text, i) => (
        <div class="row" key={i}>
          <label class="grow">
            Greeting {i + 2}
            <textarea
              rows={2}
              value={text}
              onInput={(e) => onChange(greetings.map((g, j) => (j === i ? e.currentTarget.value : g)))}
            />
          </label>
          <button
            type="button"
            class="secondary"
            onClick={() => onChange(greetings.filter((_, j) => j !== i))}
          >
            Remove greeting {i + 2}
          </button>
        </div>
      ))}
      <div class="row">
        <button type="button" class="secondary" onClick={() => onChange([...greetings, ''])}>
          Add a greeting
        </button>
      </div>
    </fieldset>
  );
}
