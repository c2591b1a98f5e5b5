/**
 * Which uv versions may build a night's environments. Resolution changes between uv releases
 * (messages, markers, the order candidates are tried), so the pinned version is the reference, and
 * a uv found on PATH is only good enough when it is not older than the pinned one.
 */
import { gte, valid } from "@renovatebot/pep440";
import { UV_VERSION } from "./uv-wheels.js";

/** The version in `uv --version`'s answer (`uv 0.13.9 (x86_64-unknown-linux-gnu)`), else null. */
export function uvVersionOf(text: string): string | null {
  const version = /^uv (\S+)/m.exec(text.trim())?.[1];
  return version && valid(version) !== null ? version : null;
}

/** Whether `version` is at least the pinned uv's. */
export function isAtLeastPinned(version: string, pinned: string = UV_VERSION): boolean {
  return valid(version) !== null && gte(version, pinned);
}
