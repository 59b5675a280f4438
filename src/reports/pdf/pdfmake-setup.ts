/**
 * pdfmake on the server is a process-wide singleton configured once here.
 *
 * Fonts: the Roboto TTFs shipped inside the pdfmake package, so the PDF (and
 * the chart labels drawn into it) never depend on fonts installed on the
 * host, and pdfmake embeds (subsets) them in every document.
 *
 * Access: pdfmake will read any local path or URL a document names (images,
 * fonts). A report document is built by our code only, but titles come from
 * users and platforms, so allow nothing except our font files.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import pdfMake from 'pdfmake';

export const PDF_FONT = 'Roboto';

const require = createRequire(import.meta.url);
const fontDir = path.join(path.dirname(require.resolve('pdfmake/fonts/Roboto.js')), 'Roboto');

let configured = false;

export function configuredPdfMake(): typeof pdfMake {
  if (!configured) {
    pdfMake.setFonts({
      [PDF_FONT]: {
        normal: path.join(fontDir, 'Roboto-Regular.ttf'),
        bold: path.join(fontDir, 'Roboto-Medium.ttf'),
        italics: path.join(fontDir, 'Roboto-Italic.ttf'),
        bolditalics: path.join(fontDir, 'Roboto-MediumItalic.ttf'),
      },
    });
    pdfMake.setUrlAccessPolicy(() => false);
    pdfMake.setLocalAccessPolicy((requested) => path.resolve(requested).startsWith(fontDir + path.sep));
    configured = true;
  }
  return pdfMake;
}
