/**
 * `manifest.json`: what a run planned, with every upstream resolved to an exact SHA and every
 * latest release to a version. `matrix run` on every runner of a night installs from it, so all
 * of them test the same thing. Read back through the zod schema (it crosses machines).
 */
import { z } from "zod";

const packageState = z.discriminatedUnion("source", [
  z.object({ source: z.literal("pinned"), requirement: z.string() }),
  z.object({ source: z.literal("latest"), version: z.string() }),
  z.object({
    source: z.literal("upstream"),
    repo: z.string(),
    branch: z.string(),
    sha: z.string(),
    url: z.string(),
  }),
]);

/** One variant as planned and written. */
export const manifestVariantSchema = z.object({
  name: z.string(),
  kind: z.enum(["pinned", "latest", "upstream"]),
  /** Moved packages (the variant's own), in matrix order. */
  moves: z.array(z.string()),
  /** Relative to the manifest's folder; null when the variant could not be resolved. */
  requirements: z.string().nullable(),
  overrides: z.string().nullable(),
  packages: z.record(z.string(), packageState),
  unresolved: z.array(z.object({ package: z.string(), reason: z.string() })),
  /**
   * Set on a variant that stands in for one that could not be built because of some packages:
   * it moves the others, and names the one (`of`), the packages left at their pins and why.
   */
  left_out: z.object({ of: z.string(), packages: z.array(z.string()), reason: z.string() }).optional(),
});

/** The whole manifest. */
export const manifestSchema = z.object({
  version: z.literal(1),
  run: z.string(),
  created: z.string(),
  matrix: z.object({ file: z.string(), name: z.string() }),
  source: z.object({ kind: z.enum(["requirements", "pyproject"]), path: z.string() }),
  variants: z.array(manifestVariantSchema),
  skipped: z.array(z.object({ package: z.string(), reason: z.string() })),
});

/** A run's manifest. */
export type Manifest = z.infer<typeof manifestSchema>;
/** One variant of a manifest. */
export type ManifestVariant = z.infer<typeof manifestVariantSchema>;
