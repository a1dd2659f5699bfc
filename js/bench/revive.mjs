// bench/inputs/*.json carry Dates as {"$date": ms} (the package's boundary form); this turns
// them back into Dates. Its own module so Workers (bundled, no fs) can share it.
export const revive = (_k, v) => (v !== null && typeof v === "object" && typeof v.$date === "number" ? new Date(v.$date) : v);
