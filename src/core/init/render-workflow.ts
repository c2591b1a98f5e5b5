// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Actions expressions, not templates.
/**
 * The nightly workflow `matrix init --workflow` writes: a caller of the harness's reusable
 * fan-out (`.github/workflows/matrix-night.yml`): plan on a small runner, one job per cell on the
 * runners its `runs-on` labels name, bisects on the failing cell's kind of runner, triage with
 * the history carried between nights as an artifact, reports uploaded, environments and uv's
 * cache kept in the Actions cache, and the gate. Only the inputs that workflow declares are
 * passed. The harness is pinned to the commit its package was built from (a full SHA, as zizmor
 * asks), else to the release tag of the version that wrote it: the same ref for the workflow and
 * the harness it installs. A manual run may name the variants to run (`variants`, as the
 * harness's own nightly.yml); a scheduled one runs them all.
 */

/** `owner/repo` of a package.json `repository` (string or object form), or null. */
export function actionRepoOf(repository: unknown): string | null {
  const url =
    typeof repository === "string"
      ? repository
      : typeof repository === "object" && repository !== null && "url" in repository
        ? String((repository as { url: unknown }).url)
        : "";
  const m = /github(?:\.com[/:]|:)([^/\s]+)\/([^/\s#]+?)(?:\.git)?(?:[#/].*)?$/.exec(url);
  return m ? `${m[1]}/${m[2]}` : null;
}

/**
 * The workflow text; `actionRepo` null (no repository in package.json) uses `matrix-ci/matrix`.
 * `commit`: the full SHA the package was built from (dist/release.json), which both refs are
 * pinned to; null falls back to the release tag.
 */
export function renderWorkflow(
  actionRepo: string | null,
  version: string,
  commit: string | null = null,
  matrixFile = "matrix.yml",
): string {
  const repo = actionRepo ?? "matrix-ci/matrix";
  const ref = commit ?? `v${version}`;
  return [
    "# Written by `matrix init --workflow`: the dependency matrix every night through the harness's",
    "# reusable fan-out (plan, one job per cell on the runners its runs-on labels name, bisects,",
    "# triage with the history carried between nights, the dashboard, the gate). The release gate",
    "# blocks when the pinned requirements fail; upstream breakage warns and gets an issue draft.",
    `# The harness is pinned to its release v${version}${commit ? ` (commit ${commit})` : ""}; move both refs together.`,
    "name: matrix nightly",
    "on:",
    "  schedule:",
    '    - cron: "17 3 * * *"',
    "  workflow_dispatch:",
    "    inputs:",
    "      variants:",
    '        description: "Only these variants (space-separated); all when empty"',
    "        type: string",
    '        default: ""',
    "permissions: {}",
    "# One night at a time; a night is never cancelled by the next one (it queues).",
    "concurrency:",
    "  group: matrix-nightly",
    "  cancel-in-progress: false",
    "jobs:",
    "  night:",
    "    permissions:",
    "      contents: read # the matrix file, the project and the harness",
    "      actions: read # triage: the previous nights' history artifacts",
    "      issues: write # triage: tracking issues, when file-issues is on",
    `    uses: ${repo}/.github/workflows/matrix-night.yml@${ref}${commit ? ` # v${version}` : ""}`,
    "    with:",
    `      matrix: ${matrixFile}`,
    "      variants: ${{ inputs.variants || '' }} # a scheduled night has no inputs: every variant",
    "      bisect: true",
    "      file-issues: false # true files (and updates) issues; drafts are written either way",
    "      env-cache: true # environments and uv's cache between nights (10 GB per repository)",
    `      harness-repository: ${repo}`,
    `      harness-ref: ${ref}`,
    "",
  ].join("\n");
}
