/**
 * Which cached environments a night removes: those it did not use, least recently used first,
 * until what is left fits the cap. The environments in use tonight stay even past the cap.
 */

/** One finished environment: its key, last use (its marker's mtime) and size on disk. */
export interface EnvEntry {
  key: string;
  lastUsedMs: number;
  bytes: number;
}

/** Which entries to remove: not used since `sinceMs`, oldest first, until the rest fit `capBytes`. */
export function pickPrunable(entries: EnvEntry[], sinceMs: number, capBytes: number): EnvEntry[] {
  let total = entries.reduce((sum, e) => sum + e.bytes, 0);
  const gone: EnvEntry[] = [];
  for (const entry of [...entries].sort((a, b) => a.lastUsedMs - b.lastUsedMs)) {
    if (total <= capBytes) break;
    if (entry.lastUsedMs >= sinceMs) continue;
    gone.push(entry);
    total -= entry.bytes;
  }
  return gone;
}
