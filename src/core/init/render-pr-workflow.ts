// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Actions expressions, not templates.
/**
 * The pull request workflow `matrix init --workflow` writes beside the nightly one: `matrix pr`
 * for one upstream pull request, dispatched by a maintainer of the wrapper only. Side jobs run the
 * pull request's code with no permission, no secret and no cache; a separate job that runs none
 * of it judges their results and comments. The harness is checked out at the commit its package
 * was built from (as the nightly caller pins it), else at the release tag, marked to pin; the
 * composite action runs the night's commands only, so the jobs build the harness themselves.
 */

const CHECKOUT = "actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0";
const SETUP_NODE = "actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0";
const UPLOAD = "actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2";
const DOWNLOAD = "actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093 # v4.3.0";

/** The steps every job starts with: the repository, the harness at `ref`, Node, the harness built. */
function setup(repo: string, ref: string, pinned: boolean): string[] {
  return [
    `      - uses: ${CHECKOUT}`,
    "        with:",
    "          persist-credentials: false",
    `      - uses: ${CHECKOUT}`,
    "        with:",
    `          repository: ${repo}`,
    `          ref: ${ref}${pinned ? "" : " # a tag: pin to its commit SHA"}`,
    "          path: .matrix-harness",
    "          persist-credentials: false",
    `      - uses: ${SETUP_NODE}`,
    "        with:",
    "          node-version: 20",
    "      - run: npm ci --no-audit --no-fund",
    "        working-directory: .matrix-harness",
  ];
}

/**
 * The workflow text; `actionRepo` null leaves an `OWNER/matrix` placeholder to fill in. `commit`:
 * the full SHA the package was built from (dist/release.json); null falls back to the release tag.
 */
export function renderPrWorkflow(
  actionRepo: string | null,
  version: string,
  commit: string | null = null,
): string {
  const repo = actionRepo ?? "OWNER/matrix";
  const ref = commit ?? `v${version}`;
  const bin = "node .matrix-harness/dist/bin.js";
  return [
    "# Written by `matrix init --workflow`: `matrix pr` for one upstream pull request, before it",
    "# merges. Only someone with write access here can start it (Actions > matrix pr > Run workflow).",
    "# The pull request's code runs in the side jobs with no permission, no secret and no cache; the",
    "# comment job runs none of it. Commenting needs `file_upstream: true` and MATRIX_UPSTREAM_TOKEN.",
    commit
      ? `# The harness is pinned to its release v${version} (commit ${commit}); move it with the nightly's refs.`
      : `# TODO: pin ${repo} to a full commit SHA of the release you use (${ref} here).`,
    "name: matrix pr",
    "on:",
    "  workflow_dispatch:",
    "    inputs:",
    "      package: { description: Tracked package of the pull request, type: string, required: true }",
    "      pr: { description: Upstream pull request number, type: number, required: true }",
    "      comment: { description: Comment on the pull request, type: boolean, default: false }",
    "permissions: {}",
    "concurrency:",
    "  group: matrix-pr-${{ inputs.package }}-${{ inputs.pr }}",
    "  cancel-in-progress: true",
    "env:",
    "  PR_PACKAGE: ${{ inputs.package }}",
    "  PR_NUMBER: ${{ inputs.pr }}",
    "jobs:",
    "  plan:",
    "    name: plan",
    "    runs-on: ubuntu-latest",
    "    timeout-minutes: 15",
    "    permissions:",
    "      contents: read # the matrix file",
    "    outputs:",
    "      matrix: ${{ steps.plan.outputs.matrix }}",
    "      count: ${{ steps.plan.outputs.count }}",
    "    steps:",
    ...setup(repo, ref, commit !== null),
    "      - id: plan",
    `        run: ${bin} plan -m matrix.yml --github --variant pinned`,
    "  side-by-side:",
    "    name: ${{ matrix.job }} at base and head",
    "    needs: plan",
    "    if: fromJSON(needs.plan.outputs.count) > 0",
    "    strategy:",
    "      fail-fast: false",
    "      matrix: ${{ fromJSON(needs.plan.outputs.matrix) }}",
    "    runs-on: ${{ matrix.runs-on }}",
    "    timeout-minutes: ${{ matrix.timeout-minutes }}",
    "    permissions: {} # the pull request's code runs here",
    "    steps:",
    ...setup(repo, ref, commit !== null),
    "      - env:",
    "          CELL_JOB: ${{ matrix.job }}",
    "        run: |",
    "          status=0",
    `          ${bin} pr -m matrix.yml --package "$PR_PACKAGE" --pr "$PR_NUMBER" --job "$CELL_JOB" --run reports/pr || status=$?`,
    '          [ "$status" -le 1 ] || exit "$status"',
    "      - if: always()",
    `        uses: ${UPLOAD}`,
    "        with:",
    "          name: pr-${{ matrix.job }}${{ matrix.knobs && format('--{0}', matrix.knobs) || '' }}",
    "          path: reports/pr",
    "  comment:",
    "    name: report and comment",
    "    needs: side-by-side",
    "    if: ${{ !cancelled() && needs.side-by-side.result != 'skipped' }}",
    "    runs-on: ubuntu-latest",
    "    timeout-minutes: 15",
    "    permissions:",
    "      contents: read # the matrix file",
    "      issues: read # the open issues a fixed cell links",
    "    steps:",
    ...setup(repo, ref, commit !== null),
    `      - uses: ${DOWNLOAD}`,
    "        with:",
    "          pattern: pr-*",
    "          merge-multiple: true",
    "          path: reports/pr",
    "      - env:",
    "          GITHUB_TOKEN: ${{ github.token }}",
    "          MATRIX_UPSTREAM_TOKEN: ${{ inputs.comment && secrets.MATRIX_UPSTREAM_TOKEN || '' }}",
    "          WANT_COMMENT: ${{ inputs.comment }}",
    "        run: |",
    "          comment=()",
    '          [ "$WANT_COMMENT" != "true" ] || comment=(--comment --confirm)',
    `          ${bin} pr -m matrix.yml --package "$PR_PACKAGE" --pr "$PR_NUMBER" --collect --run reports/pr "\${comment[@]}"`,
    "",
  ].join("\n");
}
