/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A whole HTML page of the hub in Russian (the public pages, the console), sized for a phone:
 * the `head` lines after the title, then the body.
 */
export function htmlDocument(page: { title: string; referrer: string; head: readonly string[]; body: string }): string {
  return [
    '<!doctype html>',
    '<html lang="ru">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="referrer" content="${escapeHtml(page.referrer)}">`,
    `<title>${escapeHtml(page.title)}</title>`,
    ...page.head,
    '</head>',
    `<body>${page.body}</body>`,
    '</html>',
    '',
  ].join('\n');
}
