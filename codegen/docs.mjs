// The model's documentation is HTML (`<p>`, `<code>`, `<a href>`, `<note>`…). The outputs want
// it short: the first paragraph as markdown for JSDoc, its first sentence as plain text for the
// Rust tables.

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };
const decode = (s) =>
  s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, e) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ENTITIES[e.toLowerCase()] ?? whole;
  });
const collapse = (s) => s.replace(/\s+/g, " ").trim();
// Inline tags go without a trace ("the <code>x</code>." is "the x."); block tags part words.
const stripTags = (s) => s.replace(/<\/?(code|a|i|em|b|strong)\b[^>]*>/g, "").replace(/<[^>]*>/g, " ");

/** The first `<p>…</p>` (the whole text when there is none). */
const firstParagraph = (html) => (/<p>([\s\S]*?)<\/p>/.exec(html)?.[1] ?? html);

/** The first paragraph as markdown: `code`, [links](url), _italics_, **bold**. */
export function docMarkdown(html) {
  const md = firstParagraph(html)
    .replace(/<code>([\s\S]*?)<\/code>/g, (_, c) => "`" + collapse(stripTags(c)) + "`")
    .replace(/<a\s+href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g, (_, href, text) => `[${collapse(text)}](${href})`)
    .replace(/<\/?(i|em)>/g, "_")
    .replace(/<\/?(b|strong)>/g, "**");
  return collapse(decode(stripTags(md)));
}

/** The first sentence of the first paragraph, as plain text. */
export function docFirstSentence(html) {
  const text = collapse(decode(stripTags(firstParagraph(html))));
  // A sentence ends at `.`, `!` or `?` before a capital or the end (so "e.g. withRegion" does not).
  return /^[\s\S]*?[.!?](?=\s+[A-Z(]|$)/.exec(text)?.[0] ?? text;
}

/**
 * A JSDoc block of `paragraphs` (empty ones dropped), wrapped at 100 columns after `indent`.
 * A star-slash inside the text would end the comment, so it is written with a backslash.
 */
export function jsdoc(paragraphs, indent = "") {
  const width = 100 - indent.length - 3;
  const lines = [];
  for (const p of paragraphs.filter(Boolean)) {
    if (lines.length) lines.push("");
    let line = "";
    for (const word of p.replaceAll("*/", "*\\/").split(" ")) {
      // A line starting with `@` would read as a JSDoc tag: such a word stays on the line before.
      if (line && line.length + 1 + word.length > width && !word.startsWith("@")) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  if (lines.length === 0) return "";
  if (lines.length === 1 && lines[0].length <= width - 3) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((l) => `${indent} *${l ? " " + l : ""}`).join("\n")}\n${indent} */\n`;
}
