import type { FastifyReply } from 'fastify';

/**
 * Prepares the reply of a public HTML page (the follow page, the office load pages): its CSP,
 * no sniffing, no framing, no referrer, and how it may be cached. The reply comes back untyped:
 * a page's table entry declares no JSON answers to serialize by.
 */
export function publicHtmlReply(reply: unknown, csp: string, cacheControl: string): FastifyReply {
  return (reply as FastifyReply)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', csp)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', cacheControl);
}
