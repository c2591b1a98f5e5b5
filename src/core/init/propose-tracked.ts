/**
 * Which of a repository's dependencies `matrix init` proposes to track: the Hugging Face
 * training stack (the upstreams a fine-tuning wrapper breaks on), in the order of that stack,
 * then the `--track` names. Names keep the spelling the requirements use.
 */
import { normalizeName } from "../requirements/normalize-name.js";

/** The training stack init looks for, most often broken first. */
export const TRAINING_STACK = [
  "transformers",
  "peft",
  "accelerate",
  "bitsandbytes",
  "trl",
  "datasets",
  "diffusers",
  "huggingface-hub",
  "tokenizers",
  "safetensors",
  "optimum",
  "deepspeed",
  "evaluate",
];

/** The proposed tracked packages: the stack members found in `dependencies`, then `extra`, no repeats. */
export function proposeTracked(dependencies: readonly string[], extra: readonly string[]): string[] {
  const byName = new Map(dependencies.map((d) => [normalizeName(d), d]));
  const proposed: string[] = [];
  const seen = new Set<string>();
  const add = (name: string) => {
    const key = normalizeName(name);
    if (seen.has(key)) return;
    seen.add(key);
    proposed.push(byName.get(key) ?? name);
  };
  for (const name of TRAINING_STACK) if (byName.has(name)) add(name);
  for (const name of extra) add(name);
  return proposed;
}

/** The module a distribution is imported as, for the import smoke job (`huggingface-hub` -> `huggingface_hub`). */
export function importNameOf(distribution: string): string {
  return normalizeName(distribution).replace(/-/g, "_");
}
