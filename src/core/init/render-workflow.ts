/**
 * The nightly workflow `matrix init --workflow` writes: one job on a hosted runner that checks
 * the repository out and runs `matrix nightly` through the matrix action. The action's
 * owner/repo comes from the package's `repository` field; the ref is a marked placeholder, since
 * a workflow should pin the action to a full commit SHA the adopter chooses.
 */

// actions/checkout v4.2.2: third-party actions are pinned to full commit SHAs.
const CHECKOUT = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2";

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

/** The workflow text; `actionRepo` null leaves an `OWNER/matrix` placeholder to fill in. */
export function renderWorkflow(actionRepo: string | null, version: string): string {
  const repo = actionRepo ?? "OWNER/matrix";
  return [
    "# Written by `matrix init --workflow`: runs the dependency matrix every night and gates the",
    "# release on the pinned variant. Drafts issues for confirmed upstream regressions.",
    `# TODO: pin ${repo} to a full commit SHA of the release you use (v${version} here).`,
    "name: matrix-nightly",
    "on:",
    "  schedule:",
    '    - cron: "17 3 * * *"',
    "  workflow_dispatch:",
    "permissions:",
    "  contents: read",
    "jobs:",
    "  nightly:",
    "    runs-on: ubuntu-latest",
    "    timeout-minutes: 120",
    "    permissions:",
    "      contents: read",
    "      issues: write",
    "    steps:",
    `      - uses: ${CHECKOUT}`,
    "        with:",
    "          persist-credentials: false",
    `      - uses: ${repo}@v${version} # placeholder ref: pin to a commit SHA`,
    "        with:",
    "          matrix: matrix.yml",
    "          command: nightly",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an Actions expression, not a template.
    "          github-token: ${{ secrets.GITHUB_TOKEN }}",
    "",
  ].join("\n");
}
