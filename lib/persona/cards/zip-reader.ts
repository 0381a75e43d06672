import { utf8 } from './base64-text';
import { CardError, formatBytes, type CardLimits } from './card-limits';
import { inflateCapped, type InflateBudget } from './inflate-capped';

/*
 * Reads a CHARX zip. fflate inflates; this file only finds the entries, for two reasons:
 * - a zip may come after a prefix (RisuAI writes a JPEG with the zip appended), and fflate's
 *   unzip reads offsets from the file's start: the zip's own start is found from the
 *   end-of-central-directory record (EOCD position − directory size − directory offset);
 * - fflate's unzipSync trusts each entry's declared size, so an entry that lies inflates
 *   on (bounded in memory, not in time). Here the declared sizes are checked against the
 *   limits before anything is inflated, and each entry is inflated in steps that stop the
 *   moment it passes what it declared.
 */

/** One file in a zip, as its central directory describes it. */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  /** Where its compressed bytes start, in the bytes given to `listZip`. */
  dataStart: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const u16 = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, i: number) => (u16(b, i) | (u16(b, i + 2) << 16)) >>> 0;

/** Where the end-of-central-directory record is, or -1 when `bytes` holds no zip. */
export function findEndOfCentralDirectory(bytes: Uint8Array): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= lowest; i--) {
    if (u32(bytes, i) === EOCD && i + 22 + u16(bytes, i + 20) <= bytes.length) return i;
  }
  return -1;
}

/** The zip's entries (directories left out), refusing a damaged or oversized directory. */
export function listZip(bytes: Uint8Array, limits: CardLimits): ZipEntry[] {
  const eocd = findEndOfCentralDirectory(bytes);
  if (eocd < 0) throw new CardError('not a zip file: no end-of-central-directory record');
  const count = u16(bytes, eocd + 10);
  const dirSize = u32(bytes, eocd + 12);
  const dirOffset = u32(bytes, eocd + 16);
  if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
    throw new CardError('the zip uses ZIP64, which Hearth does not read (cards are far below 4 GB)');
  }
  if (count > limits.maxZipEntries) {
    throw new CardError(
      `the zip has ${count.toLocaleString('en')} entries; Hearth reads at most ${limits.maxZipEntries.toLocaleString('en')}`,
    );
  }
  const dirStart = eocd - dirSize;
  const zipStart = dirStart - dirOffset; // > 0 when something (a JPEG) comes before the zip
  if (dirStart < 0 || zipStart < 0)
    throw new CardError('the zip is damaged: its directory points outside the file');
  const entries: ZipEntry[] = [];
  let p = dirStart;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || u32(bytes, p) !== CENTRAL)
      throw new CardError(`the zip is damaged: directory entry ${i + 1} is missing`);
    const flags = u16(bytes, p + 8);
    const nameLength = u16(bytes, p + 28);
    const next = p + 46 + nameLength + u16(bytes, p + 30) + u16(bytes, p + 32);
    if (next > eocd)
      throw new CardError(`the zip is damaged: directory entry ${i + 1} runs past the directory`);
    const nameBytes = bytes.subarray(p + 46, p + 46 + nameLength);
    // Bit 11 says UTF-8; older tools write CP437, which is ASCII for the names cards use.
    const name =
      flags & 0x800 ? utf8(nameBytes, `zip entry ${i + 1}'s name`) : String.fromCharCode(...nameBytes);
    const entry = {
      name,
      method: u16(bytes, p + 10),
      compressedSize: u32(bytes, p + 20),
      size: u32(bytes, p + 24),
      dataStart: 0,
    };
    if (flags & 1) throw new CardError(`zip entry ${name} is encrypted`);
    const local = zipStart + u32(bytes, p + 42);
    if (local + 30 > bytes.length || u32(bytes, local) !== LOCAL) {
      throw new CardError(`the zip is damaged: entry ${name} has no local header`);
    }
    entry.dataStart = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
    if (entry.dataStart + entry.compressedSize > bytes.length) {
      throw new CardError(`the zip is damaged: entry ${name} runs past the end of the file`);
    }
    if (!name.endsWith('/')) entries.push(entry);
    p = next;
  }
  return entries;
}

/**
 * Every file of the zip in `bytes` (which may start with something else), by name. The
 * sizes the directory declares are checked against the budget first; then each entry is
 * inflated and refused the moment it passes its declared size.
 */
export function readZip(
  bytes: Uint8Array,
  limits: CardLimits,
  budget: InflateBudget,
): Map<string, Uint8Array> {
  const entries = listZip(bytes, limits);
  const declared = entries.reduce((sum, e) => sum + e.size, 0);
  if (declared > budget.remaining) {
    throw new CardError(
      `the zip would inflate to ${formatBytes(declared)}, more than the ${formatBytes(budget.remaining)} Hearth accepts`,
    );
  }
  const files = new Map<string, Uint8Array>();
  for (const entry of entries) {
    const raw = bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
    let data: Uint8Array;
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.size)
        throw new CardError(`zip entry ${entry.name}: stored sizes disagree`);
      data = raw.slice();
      budget.remaining -= data.length;
    } else if (entry.method === 8) {
      data = inflateCapped(raw, { zlib: false, max: entry.size, budget, what: `zip entry ${entry.name}` });
      if (data.length !== entry.size) {
        throw new CardError(
          `zip entry ${entry.name} inflates to ${data.length} bytes, not the ${entry.size} its directory says`,
        );
      }
    } else {
      throw new CardError(
        `zip entry ${entry.name} uses compression method ${entry.method}; Hearth reads stored and deflate`,
      );
    }
    files.set(entry.name, data);
  }
  return files;
}
