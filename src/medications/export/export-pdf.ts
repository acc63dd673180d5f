/**
 * The export document as a PDF, made on the server with pdfkit: a long-maintained, dependency-light
 * PDF writer for Node (no headless browser, no native code), so the PDF carries exactly the text of
 * the print view and text file, and the browser bundle does not grow. Text is set in the VA Design
 * System's Source Sans Pro (the TrueType files the css-library package ships), with a ToUnicode map so
 * screen readers and text extraction read it back.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { ExportDocument } from './export-document.js';

const require = createRequire(import.meta.url);
const fontsDir = path.join(path.dirname(require.resolve('@department-of-veterans-affairs/css-library/package.json')), 'dist/fonts');
const REGULAR = path.join(fontsDir, 'sourcesanspro-regular-webfont.ttf');
const BOLD = path.join(fontsDir, 'sourcesanspro-bold-webfont.ttf');

export function renderPdf(doc: ExportDocument, generatedAt: Date): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'LETTER',
    margin: 54,
    info: { Title: doc.title, Author: 'VA.gov', Subject: doc.header[2] ?? '', CreationDate: generatedAt, ModDate: generatedAt },
    lang: 'en-US',
    displayTitle: true,
    pdfVersion: '1.7',
  });
  pdf.registerFont('body', REGULAR);
  pdf.registerFont('bold', BOLD);
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const text = (s: string, font: 'body' | 'bold' = 'body', size = 11, gap = 0.3) => {
    pdf.font(font).fontSize(size).fillColor('#1b1b1b').text(s, { lineGap: 1 });
    pdf.moveDown(gap);
  };
  const field = (label: string, value: string) => {
    pdf.font('bold').fontSize(11).text(`${label}: `, { continued: true, lineGap: 1 }).font('body').text(value);
    pdf.moveDown(0.15);
  };

  text(doc.header[0]!, 'bold', 11, 0.6);
  for (const line of doc.header.slice(1)) text(line);
  pdf.moveDown(0.5);
  text(doc.title, 'bold', 20, 0.5);
  for (const p of doc.preface) text(p);
  for (const s of doc.sections) {
    pdf.moveDown(0.6);
    pdf
      .moveTo(pdf.page.margins.left, pdf.y)
      .lineTo(pdf.page.width - pdf.page.margins.right, pdf.y)
      .strokeColor('#a9aeb1')
      .stroke();
    pdf.moveDown(0.4);
    text(s.heading, 'bold', 14, 0.4);
    for (const [label, value] of s.fields) field(label, value);
    for (const p of s.paragraphs) text(p, 'body', 11, 0.3);
    for (const c of s.children) {
      pdf.moveDown(0.3);
      text(c.heading, 'bold', 12, 0.3);
      for (const [label, value] of c.fields) field(label, value);
      for (const l of c.lines) text(l);
    }
  }
  pdf.end();
  return done;
}
