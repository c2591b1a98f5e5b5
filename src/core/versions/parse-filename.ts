import { explain } from "@renovatebot/pep440";
import { normalizeName } from "../requirements/normalize-name.js";
import { normalizeVersion } from "./order-versions.js";

/** What a distribution filename says about itself. */
export interface DistFilename {
  /** PEP 503 normalised project name. */
  name: string;
  /** Canonical PEP 440 version. */
  version: string;
  kind: "wheel" | "sdist" | "egg";
}

const SDIST_SUFFIXES = [".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar.Z", ".tar", ".zip"];

/**
 * Reads name and version out of a wheel (`name-ver(-build)?-py-abi-plat.whl`), egg or sdist
 * (`name-ver.tar.gz`) filename; null for other files (installers, legacy non-PEP 440 versions).
 * `project`, when given, settles where an sdist's name ends, since legacy sdist names keep their
 * dashes (`python-dateutil-2.8.2.tar.gz`) and versions may contain one (`1.0-1`).
 */
export function parseDistFilename(filename: string, project?: string): DistFilename | null {
  if (filename.endsWith(".whl") || filename.endsWith(".egg")) {
    const parts = filename.slice(0, -4).split("-");
    const [name, rawVersion] = parts;
    if (!name || !rawVersion) return null;
    if (filename.endsWith(".whl") && parts.length !== 5 && parts.length !== 6) return null;
    // Wheel filenames escape `-` in the version as `_`; undo that when the plain form is not valid.
    const version = normalizeVersion(rawVersion) ?? normalizeVersion(rawVersion.replace(/_/g, "-"));
    if (!version) return null;
    return { name: normalizeName(name), version, kind: filename.endsWith(".whl") ? "wheel" : "egg" };
  }
  const suffix = SDIST_SUFFIXES.find((s) => filename.endsWith(s));
  if (!suffix) return null;
  return splitSdistStem(filename.slice(0, -suffix.length), project);
}

/** Splits `name-version` at the dash that leaves the expected name, or else a valid version. */
function splitSdistStem(stem: string, project: string | undefined): DistFilename | null {
  const wanted = project === undefined ? undefined : normalizeName(project);
  const parts = stem.split("-");
  for (let i = 1; i < parts.length; i++) {
    const name = normalizeName(parts.slice(0, i).join("-"));
    const rawVersion = parts.slice(i).join("-");
    if (wanted !== undefined && name !== wanted) continue;
    // Require a leading digit (or `v`+digit) so `foo-bar-1.0` is not read as name `foo`, version `bar-1.0`.
    if (!/^v?\d/i.test(rawVersion) || !explain(rawVersion)) continue;
    const version = normalizeVersion(rawVersion);
    if (version) return { name, version, kind: "sdist" };
  }
  return null;
}
