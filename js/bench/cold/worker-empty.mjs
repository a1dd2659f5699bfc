// Baseline Worker: what workerd and Miniflare cost on their own, to subtract from the others.
export default { fetch: () => new Response("empty") };
