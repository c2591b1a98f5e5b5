import { describe, expect, it } from "vitest";
import { readDraft } from "./read-draft.js";

describe("readDraft", () => {
  it.each<[string, string, ReturnType<typeof readDraft>]>([
    [
      "a breakage draft",
      "# peft broke lora\n\nWhat broke.\n\n<!-- matrix:fingerprint=abc -->\n<!-- matrix:cell=latest-peft/lora -->\n",
      {
        title: "peft broke lora",
        body: "What broke.\n\n<!-- matrix:fingerprint=abc -->\n<!-- matrix:cell=latest-peft/lora -->\n",
        fingerprint: "abc",
        cell: "latest-peft/lora",
        dashboard: false,
      },
    ],
    [
      "the dashboard, with \\r\\n",
      "# Dashboard\r\n\r\n<!-- matrix:dashboard -->\r\n",
      {
        title: "Dashboard",
        body: "<!-- matrix:dashboard -->\n",
        fingerprint: null,
        cell: null,
        dashboard: true,
      },
    ],
    [
      "no heading",
      "just text\n",
      { title: null, body: "just text\n", fingerprint: null, cell: null, dashboard: false },
    ],
  ])("reads %s", (_name, text, expected) => {
    expect(readDraft(text)).toEqual(expected);
  });
});
