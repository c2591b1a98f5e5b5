/**
 * Manifests for tests: a run's `manifest.json` with the given variants, everything else plain.
 * A variant is written as its name, kind and what it does to one package (or nothing).
 */
import type { Manifest, ManifestVariant } from "./manifest.js";

type PackageState = ManifestVariant["packages"][string];

/** One variant that moves (or pins) `pkg` as `state`; no package when `state` is left out. */
export function manifestVariant(
  name: string,
  kind: ManifestVariant["kind"],
  pkg?: string,
  state?: PackageState,
): ManifestVariant {
  return {
    name,
    kind,
    moves: kind === "pinned" || !pkg ? [] : [pkg],
    requirements: `${name}/requirements.txt`,
    overrides: null,
    packages: pkg && state ? { [pkg]: state } : {},
    unresolved: [],
  };
}

/** A manifest of `run` with `variants` (default: pinned alone). */
export function manifestOf(
  run: string,
  variants: ManifestVariant[] = [manifestVariant("pinned", "pinned")],
  created = "2026-03-01T02:00:00.000Z",
): Manifest {
  return {
    version: 1,
    run,
    created,
    matrix: { file: "matrix.yml", name: "tinytune" },
    source: { kind: "requirements", path: "requirements.txt" },
    variants,
    skipped: [],
  };
}
