// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Actions expressions, not templates.
/**
 * The pull request workflow `matrix init --workflow` writes beside the nightly one: `matrix pr`
 * for one upstream pull request, dispatched by a maintainer of the wrapper only. Side jobs run the
 * pull request's code with no permission, no secret and no cache; a separate job that runs none
 * of it judges their results and comments. Each dispatch has its own run folder, a run id made as
 * the night makes its own (from the workflow run's id), so its record in `history/pr/` is its
 * own; the comment job uploads that record (`matrix-pr-record`), which the night's triage carries
 * into the history. The harness is checked out at the commit its package was built from, as the
 * nightly caller pins it (else at the release tag), since the composite action runs the night's
 * commands only.
 */

const CHECKOUT = "actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0";
const SETUP_NODE = "actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0";
const UPLOAD = "actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2";
const DOWNLOAD = "actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093 # v4.3.0";

/** The steps every job starts with: the repository, the harness's source at `ref`, Node. */
function setup(repo: string, ref: string, tag: string | null): string[] {
  return [
    `      - uses: ${CHECKOUT}`,
    "        with:",
    "          persist-credentials: false",
    `      - uses: ${CHECKOUT}`,
    "        with:",
    `          repository: ${repo}`,
    tag ? `          ref: ${ref} # ${tag}` : `          ref: ${ref}`,
    "          path: .matrix-harness",
    "          persist-credentials: false",
    `      - uses: ${SETUP_NODE}`,
    "        with:",
    "          node-version: 20",
  ];
}

/** The harness built where the job runs (plan and comment jobs: the comment job holds a token). */
const BUILD = ["      - run: npm ci --no-audit --no-fund", "        working-directory: .matrix-harness"];

/**
 * Packed once by the plan job for the side jobs, which unpack it in seconds instead of npm ci and
 * tsc each; the comment job builds its own, since side jobs run the pull request's code.
 */
const PACK = [
  "      - working-directory: .matrix-harness",
  "        run: |",
  "          npm prune --omit=dev --no-audit --no-fund",
  "          parts=(dist node_modules); [ ! -d .tools/uv ] || parts+=(.tools/uv)",
  '          tar -czf "$RUNNER_TEMP/harness.tgz" "${parts[@]}"',
  `      - uses: ${UPLOAD}`,
  "        with: { name: harness, path: '${{ runner.temp }}/harness.tgz', retention-days: 1 }",
];
const UNPACK = [
  `      - uses: ${DOWNLOAD}`,
  "        with: { name: harness, path: '${{ runner.temp }}/matrix-harness' }",
  "      - working-directory: .matrix-harness # uv packed on another machine is dropped, fetched again",
  "        run: |",
  '          tar -xzf "$RUNNER_TEMP/matrix-harness/harness.tgz"',
  "          if [ -e .tools/uv/bin/uv ] && ! .tools/uv/bin/uv --version >/dev/null 2>&1; then rm -rf .tools/uv; fi",
];

/**
 * The workflow text; `actionRepo` null leaves an `OWNER/matrix` placeholder to fill in. `commit`:
 * the full SHA the package was built from (dist/release.json), the harness's ref in every job;
 * null falls back to the release tag, as the nightly workflow does.
 */
export function renderPrWorkflow(
  actionRepo: string | null,
  version: string,
  commit: string | null = null,
): string {
  const repo = actionRepo ?? "OWNER/matrix";
  const ref = commit ?? `v${version}`;
  const tag = commit ? `v${version}` : null;
  const bin = "node .matrix-harness/dist/bin.js";
  const steps = setup(repo, ref, tag);
  return [
    "# Written by `matrix init --workflow`: `matrix pr` for one upstream pull request, before it",
    "# merges. Only someone with write access here can start it (Actions > matrix pr > Run workflow).",
    "# The pull request's code runs in the side jobs with no permission, no secret and no cache; the",
    "# comment job runs none of it. Commenting needs `file_upstream: true` and MATRIX_UPSTREAM_TOKEN.",
    "# Each run has its own folder (reports/<run-id>); its record joins the history at the next night.",
    `# The harness is pinned to its release v${version}${commit ? ` (commit ${commit})` : ""}; move it with the nightly's.`,
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
    "      run-dir: ${{ steps.run-dir.outputs.run-dir }}",
    "    steps:",
    ...steps,
    ...BUILD,
    "      - id: run-dir # a run id as matrix makes them, from this workflow run's id",
    "        run: |",
    `          id="$(date -u +%Y%m%d-%H%M%S)-$(printf '%04x' $((GITHUB_RUN_ID % 65536)))"`,
    '          echo "run-dir=reports/$id" >> "$GITHUB_OUTPUT"',
    "      - id: plan",
    `        run: ${bin} plan -m matrix.yml --github --variant pinned`,
    ...PACK,
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
    "    env:",
    "      RUN_DIR: ${{ needs.plan.outputs.run-dir }}",
    "    steps:",
    ...steps,
    ...UNPACK,
    "      - env:",
    "          CELL_JOB: ${{ matrix.job }}",
    "          CELL_KNOBS: ${{ matrix.knobs }}",
    "        run: |",
    "          knobs=()",
    '          [ -z "$CELL_KNOBS" ] || knobs=(--knobs "$CELL_KNOBS")',
    "          status=0",
    `          ${bin} pr -m matrix.yml --package "$PR_PACKAGE" --pr "$PR_NUMBER" --job "\${CELL_JOB%%--*}" "\${knobs[@]}" --run "$RUN_DIR" || status=$?`,
    '          [ "$status" -le 1 ] || exit "$status"',
    "      - if: always()",
    `        uses: ${UPLOAD}`,
    "        with:",
    "          name: pr-${{ matrix.job }}",
    "          path: ${{ env.RUN_DIR }}",
    "  comment:",
    "    name: report and comment",
    "    needs: [plan, side-by-side]",
    "    if: ${{ !cancelled() && needs.side-by-side.result != 'skipped' }}",
    "    runs-on: ubuntu-latest",
    "    timeout-minutes: 15",
    "    permissions:",
    "      contents: read # the matrix file",
    "      issues: read # the open issues a fixed cell links",
    "    env:",
    "      RUN_DIR: ${{ needs.plan.outputs.run-dir }}",
    "    steps:",
    ...steps,
    ...BUILD,
    `      - uses: ${DOWNLOAD}`,
    "        with:",
    "          pattern: pr-*",
    "          merge-multiple: true",
    "          path: ${{ env.RUN_DIR }}",
    "      - env:",
    "          GITHUB_TOKEN: ${{ github.token }}",
    "          MATRIX_UPSTREAM_TOKEN: ${{ inputs.comment && secrets.MATRIX_UPSTREAM_TOKEN || '' }}",
    "          WANT_COMMENT: ${{ inputs.comment }}",
    "        run: |",
    "          comment=()",
    '          [ "$WANT_COMMENT" != "true" ] || comment=(--comment --confirm)',
    `          ${bin} pr -m matrix.yml --package "$PR_PACKAGE" --pr "$PR_NUMBER" --collect --run "$RUN_DIR" "\${comment[@]}"`,
    "      - if: always()",
    `        uses: ${UPLOAD}`,
    "        with:",
    "          name: matrix-pr-report",
    "          path: ${{ env.RUN_DIR }}",
    "      - if: ${{ !cancelled() }} # the record the night carries into the history",
    `        uses: ${UPLOAD}`,
    "        with:",
    "          name: matrix-pr-record",
    "          path: reports/history/pr",
    "          retention-days: 90",
    "",
  ].join("\n");
}
