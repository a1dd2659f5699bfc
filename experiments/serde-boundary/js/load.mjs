// Loads the packages build.sh made: each variant's Node entry, by name.
const root = new URL("../../../target/serde-experiment/", import.meta.url);

export const VARIANTS = ["walker", "serde"];

/** The variant's package (its node.js entry): { MarketplaceMetering, ... }. */
export function load(variant) {
  return import(new URL(`${variant}/pkg/node.js`, root).href);
}

export const pkgDir = (variant) => new URL(`${variant}/pkg/`, root).pathname;
