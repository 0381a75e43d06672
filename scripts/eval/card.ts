/**
 * `npm run eval -- card <file> [--export <out.png|out.json|out.charx>]`: imports a character
 * card with the extension's own code (lib/persona/cards) and, when asked, exports it again.
 * The last line of standard output is one JSON object, on success and on failure alike.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { CharacterCard } from '../../lib/persona/cards/card';
import { CardError } from '../../lib/persona/cards/card-limits';
import { exportCard, type CardExportFormat } from '../../lib/persona/cards/export-card';
import { importCard } from '../../lib/persona/cards/import-card';

/** What the card suite prints for a card that imported. */
export interface CardSummary {
  suite: 'card';
  ok: true;
  spec: string;
  name: string;
  greetings: number;
  lorebookEntries: number;
  assets: number;
  extensions: string[];
  container: string;
  exported?: { path: string; format: CardExportFormat; bytes: number };
}

/** The figures the suite reports for a card. */
export function summarizeCard(card: CharacterCard, container: string): CardSummary {
  return {
    suite: 'card',
    ok: true,
    spec: card.spec,
    name: card.data.name,
    greetings: (card.data.first_mes.trim() ? 1 : 0) + card.data.alternate_greetings.length,
    lorebookEntries: card.data.character_book?.entries.length ?? 0,
    assets: card.data.assets?.length ?? 0,
    extensions: Object.keys(card.data.extensions),
    container,
  };
}

/** The export format an output file's name asks for; JSON keeps the card's spec (V1 becomes V2). */
export function formatFor(path: string, card: CharacterCard): CardExportFormat {
  const ext = path.toLowerCase().split('.').pop();
  if (ext === 'png') return 'png';
  if (ext === 'charx' || ext === 'zip') return 'charx';
  if (ext === 'json') return card.spec === 'chara_card_v3' ? 'json-v3' : 'json-v2';
  throw new CardError(`--export ${path}: the name must end in .png, .json or .charx`);
}

/** Runs the suite; returns the exit code (0 when the card imported and exported). */
export async function main(args: string[]): Promise<number> {
  try {
    const exportAt = args.indexOf('--export');
    const out = exportAt >= 0 ? args[exportAt + 1] : undefined;
    const file = args.find((a, i) => !a.startsWith('--') && (exportAt < 0 || i !== exportAt + 1));
    if (!file)
      throw new CardError('usage: npm run eval -- card <file> [--export <out.png|out.json|out.charx>]');
    if (exportAt >= 0 && !out) throw new CardError('--export needs a file name');
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(file));
    } catch (error) {
      throw new CardError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const { card, container } = importCard(bytes);
    const summary = summarizeCard(card, container);
    if (out) {
      const format = formatFor(out, card);
      const written = exportCard(card, format);
      // Read what was written back with the same importer: an export Hearth cannot read is a failure.
      importCard(written);
      await writeFile(out, written);
      summary.exported = { path: out, format, bytes: written.length };
    }
    console.log(JSON.stringify(summary));
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!(error instanceof CardError))
      console.error(error instanceof Error ? (error.stack ?? message) : message);
    console.log(JSON.stringify({ suite: 'card', ok: false, error: message }));
    return 1;
  }
}
