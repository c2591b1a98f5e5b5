/**
 * The distribution names in a `setup.cfg`'s `[options] install_requires` (setuptools'
 * declarative config), for `matrix init` to propose tracked packages from. Only names are read:
 * the matrix itself pins from a requirements file or pyproject.toml.
 */

/** Names listed under `install_requires`, in order; empty when the section or key is absent. */
export function readSetupCfgRequires(text: string): string[] {
  const names: string[] = [];
  let section = "";
  let inRequires = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+[#;].*$/, "");
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header) {
      section = (header[1] ?? "").trim();
      inRequires = false;
      continue;
    }
    const key = /^([A-Za-z_][\w-]*)\s*=\s*(.*)$/.exec(line);
    if (key) {
      inRequires = section === "options" && key[1] === "install_requires";
      if (inRequires && key[2]) pushName(names, key[2]);
      continue;
    }
    if (inRequires && /^\s+\S/.test(line)) pushName(names, line.trim());
    else if (line.trim() !== "") inRequires = false;
  }
  return names;
}

function pushName(names: string[], requirement: string): void {
  const name = /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(requirement)?.[0];
  if (name) names.push(name);
}
