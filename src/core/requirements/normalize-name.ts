/**
 * PEP 503 name normalisation: runs of `-`, `_` and `.` become one `-`, and case is folded, so
 * `Bitsandbytes`, `hf_transfer` and `Foo.Bar` compare equal to what pip and the index see.
 */
export function normalizeName(name: string): string {
  return name.replace(/[-_.]+/g, "-").toLowerCase();
}
