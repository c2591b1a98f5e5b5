/**
 * A private, changeable copy of a cached environment. Cache entries are content-addressed and
 * shared by every bisect and night on the machine, so a bisect never changes one: each worker
 * slot gets a clone whose files are hard links (cheap even for torch's gigabytes: only the
 * directory tree is new). Installers replace files (unlink, then write a new one) and Python
 * writes bytecode by rename, so a change in the clone never reaches the entry it came from.
 *
 * A venv names its own absolute path in `bin/` scripts (shebangs, activate) and may in
 * `pyvenv.cfg` and `.pth` files; those few small files are rewritten (as new files, not through
 * the link) to name the clone.
 */
import { link, lstat, mkdir, readdir, readlink, rm, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { listIfPresent, readTextIfPresent, unlessAbsent } from "./fs.js";

const SMALL = 256 * 1024;

/** Makes `to` a clone of the environment at `from` (anything at `to` is replaced). */
export async function cloneEnvironment(from: string, to: string): Promise<void> {
  await rm(to, { recursive: true, force: true });
  await mkdir(join(to, ".."), { recursive: true });
  // GNU cp makes the whole tree of links in one process; elsewhere the walk below does it.
  const cp = await execa("cp", ["-al", from, to], { reject: false, timeout: 600_000 });
  if (cp.exitCode !== 0) {
    await rm(to, { recursive: true, force: true });
    await linkTree(from, to);
  }
  await repointPaths(from, to);
}

async function linkTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const src = join(from, entry.name);
    const dst = join(to, entry.name);
    if (entry.isSymbolicLink()) await symlink(await readlink(src), dst);
    else if (entry.isDirectory()) await linkTree(src, dst);
    else if (entry.isFile()) await link(src, dst);
  }
}

/** The files that may name the environment's own path: scripts, its config, path hooks. */
async function candidatesFor(to: string): Promise<string[]> {
  const files = [join(to, "pyvenv.cfg")];
  for (const bin of ["bin", "Scripts"]) {
    for (const name of await listIfPresent(join(to, bin))) files.push(join(to, bin, name));
  }
  const lib = join(to, "lib");
  for (const py of await listIfPresent(lib)) {
    const site = join(lib, py, "site-packages");
    for (const name of await listIfPresent(site)) if (name.endsWith(".pth")) files.push(join(site, name));
  }
  return files;
}

async function repointPaths(from: string, to: string): Promise<void> {
  for (const file of await candidatesFor(to)) {
    const info = await unlessAbsent(file, lstat(file));
    if (!info?.isFile() || info.size > SMALL) continue;
    const text = await readTextIfPresent(file);
    if (text === null || !text.includes(from)) continue;
    const mode = (await stat(file)).mode;
    // Unlink first: writing through the hard link would change the cached entry too.
    await rm(file);
    await writeFile(file, text.split(from).join(to), { mode });
  }
}
