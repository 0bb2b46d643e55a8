import type { RenderedMail } from '../message';
import { escapeHtml, singleLine } from './escape';

export const PRODUCT_NAME = 'Praxis';

/** One piece of a mail body, written once and rendered as both text and HTML. */
export type Block =
  | { type: 'paragraph'; text: string }
  | { type: 'code'; value: string }
  | { type: 'button'; label: string; url: string };

export const paragraph = (text: string): Block => ({ type: 'paragraph', text });
export const code = (value: string): Block => ({ type: 'code', value });
export const button = (label: string, url: string): Block => ({ type: 'button', label, url });

export function greeting(name: string): Block {
  const shown = singleLine(name);
  return paragraph(shown ? `Hello ${shown},` : 'Hello,');
}

/** Builds the subject, text and HTML of a mail; every value is escaped here, templates pass plain text. */
export function composeMail(subject: string, blocks: Block[], devHint: Record<string, string>): RenderedMail {
  const oneLineSubject = singleLine(subject);
  return {
    subject: oneLineSubject,
    text: `${blocks.map(blockText).join('\n\n')}\n\n-- \n${PRODUCT_NAME}\n`,
    html: htmlDocument(oneLineSubject, blocks.map(blockHtml).join('\n')),
    devHint,
  };
}

function blockText(block: Block): string {
  switch (block.type) {
    case 'paragraph':
      return block.text;
    case 'code':
      return `    ${block.value}`;
    case 'button':
      return `${block.label}:\n${block.url}`;
  }
}

const styles = {
  body: 'margin:0;padding:0;background:#f4f5f7;',
  card: 'max-width:560px;margin:0 auto;padding:32px 24px;background:#ffffff;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1f2933;',
  code: 'font-size:32px;font-weight:bold;letter-spacing:6px;font-family:Menlo,Consolas,monospace;margin:24px 0;',
  button:
    'display:inline-block;padding:12px 20px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold;',
  fallback: 'font-size:13px;color:#52606d;word-break:break-all;',
  footer: 'font-size:12px;color:#7b8794;margin-top:32px;',
};

function blockHtml(block: Block): string {
  switch (block.type) {
    case 'paragraph':
      return `<p>${escapeHtml(block.text)}</p>`;
    case 'code':
      return `<p style="${styles.code}">${escapeHtml(block.value)}</p>`;
    case 'button': {
      const url = escapeHtml(block.url);
      return [
        `<p><a href="${url}" style="${styles.button}">${escapeHtml(block.label)}</a></p>`,
        `<p style="${styles.fallback}">If the button does not work, paste this link into your browser:<br>${url}</p>`,
      ].join('\n');
    }
  }
}

function htmlDocument(subject: string, content: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="${styles.body}">
<div style="${styles.card}">
${content}
<p style="${styles.footer}">${PRODUCT_NAME}</p>
</div>
</body>
</html>
`;
}
