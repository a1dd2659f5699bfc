// The XML of the STS stand-in's Query-protocol answers: elements holding escaped text or other
// elements, indented the way STS indents them (a client must not depend on the whitespace).

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text content: `&`, `<` and `>` escaped (quotes need no escape outside attributes). */
const escapeText = (text) => String(text).replace(/[&<>]/g, (c) => ESCAPES[c]);
const escapeAttribute = (text) => String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);

/**
 * Renders `[name, content]`, where content is text (escaped here) or a list of such pairs, as a
 * document whose root element carries `xmlns`.
 */
export function xmlDocument(xmlns, [name, children]) {
  const render = ([n, content], depth) => {
    const pad = '  '.repeat(depth);
    if (!Array.isArray(content)) return `${pad}<${n}>${escapeText(content)}</${n}>`;
    return `${pad}<${n}>\n${content.map((child) => render(child, depth + 1)).join('\n')}\n${pad}</${n}>`;
  };
  const inner = children.map((child) => render(child, 1)).join('\n');
  return `<${name} xmlns="${escapeAttribute(xmlns)}">\n${inner}\n</${name}>\n`;
}
