// Finds the fenced code blocks of a Markdown file and the marker each carries: an HTML comment on
// the line right before the fence, invisible on GitHub.
//
//   <!-- snippet: worker registration-and-hourly-job -->   runnable: runtime, then a name
//   <!-- snippet: none (why it cannot run) -->             not runnable, with the reason
//
// Runtimes: worker (bundled with esbuild, run in workerd by Miniflare), deno, node, bun, edge (a
// Next.js edge route or Vercel Edge Function, bundled and run in edge-runtime), shell (bash).
// A JavaScript or TypeScript fence without a marker is an error, so no snippet escapes the test.

export const RUNTIMES = ['worker', 'deno', 'node', 'bun', 'edge', 'shell'];
const MUST_BE_MARKED = new Set(['js', 'javascript', 'mjs', 'cjs', 'jsx', 'ts', 'typescript', 'tsx', 'mts']);
const FENCE = /^(`{3,}|~{3,})\s*([\w+-]*)/;
const MARKER = /^<!--\s*snippet:\s*(.*?)\s*-->$/;
const RUNNABLE = /^([a-z]+)\s+([a-z0-9][a-z0-9-]*)$/;
const NONE = /^none\s+\((.+)\)$/;

/**
 * @param {string} markdown
 * @returns {{snippets: Array<{runtime:string, name:string, id:string, lang:string, code:string, line:number}>,
 *   skipped: Array<{reason:string, lang:string, line:number}>, problems: string[]}}
 *   `line`: the fence's 1-based line; `id`: "runtime name", the key of the snippet's assertions
 */
export function readSnippets(markdown) {
  const lines = markdown.split('\n');
  const snippets = [];
  const skipped = [];
  const problems = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const [, fence, lang] = open;
    let end = i + 1;
    while (end < lines.length && !lines[end].startsWith(fence)) end++;
    if (end === lines.length) {
      problems.push(`line ${i + 1}: the ${fence} fence is never closed`);
      break;
    }
    const code = lines.slice(i + 1, end).join('\n');
    const marker = MARKER.exec((lines[i - 1] ?? '').trim())?.[1];
    const line = i + 1;
    i = end; // a fence's content is not searched for fences
    if (marker === undefined) {
      if (MUST_BE_MARKED.has(lang.toLowerCase())) {
        problems.push(`line ${line}: a \`${lang}\` block without a marker: put <!-- snippet: <${RUNTIMES.join('|')}> <name> --> or <!-- snippet: none (why) --> on the line before it`);
      }
      continue;
    }
    const none = NONE.exec(marker);
    if (none) {
      skipped.push({ reason: none[1], lang, line });
      continue;
    }
    const runnable = RUNNABLE.exec(marker);
    if (!runnable || !RUNTIMES.includes(runnable[1])) {
      problems.push(`line ${line}: unreadable marker "${marker}": expected "<${RUNTIMES.join('|')}> <name>" or "none (why)"`);
      continue;
    }
    const [, runtime, name] = runnable;
    const id = `${runtime} ${name}`;
    if (snippets.some((s) => s.id === id)) problems.push(`line ${line}: a second snippet named "${id}"`);
    snippets.push({ runtime, name, id, lang, code, line });
  }
  return { snippets, skipped, problems };
}
