/** A random, sortable-enough id for stored records (time prefix keeps inserts ordered). */
export function newId(): string {
  return `${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 13)}`;
}
