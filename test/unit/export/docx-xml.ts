import JSZip from 'jszip';

/** The parts of a .docx that the tests read: body XML, its plain text, and the core properties. */
export async function readDocx(buf: Buffer): Promise<{ xml: string; text: string; core: string }> {
  const zip = await JSZip.loadAsync(buf);
  const xml = await zip.file('word/document.xml')!.async('string');
  const core = await zip.file('docProps/core.xml')!.async('string');
  // Text runs joined per paragraph, so assertions can match sentences split over runs.
  const text = xml
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .map((s) =>
      s
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>'),
    )
    .join('\n');
  return { xml, text, core };
}
