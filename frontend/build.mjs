// Builds the site's two stylesheets, one per page family, from Punkt and our own CSS:
//
//   var/bundle/intranet.css   every intranet page
//   var/bundle/public.css     the public guide (public_site/)
//
// esbuild bundles each entry in frontend/ (its @imports, Punkt's from node_modules) and minifies
// it; PurgeCSS then drops the rules no template, script or Python module of ours can produce.
// Fonts stay external: the bundle's url("../fonts/…") points at /static/fonts/, where the
// settings serve Punkt's and the Noto fonts. Both tools are pinned in package-lock.json, so the
// output is the same for the same sources. Run by scripts/_env.sh (set-up, tests, CI); prints
// one line per file.
//
//   node frontend/build.mjs

import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import * as esbuild from 'esbuild';
import { PurgeCSS } from 'purgecss';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'var', 'bundle');
const rooms = '{core,accounts,guidance,directory,home,languages,review,onboarding,reporting,search,public_site}';

// Where class names come from: templates, our scripts, and Python that writes HTML.
const content = [
  `${root}/templates/**/*.html`,
  `${root}/${rooms}/templates/**/*.html`,
  `${root}/static/js/**/*.js`,
  `${root}/public_site/static/**/*.js`,
  `${root}/${rooms}/**/*.py`,
];
// Class names a template builds from a variable (`reading-list__item--{{ item.state }}`), and
// states Punkt's rules select on.
const safelist = {
  standard: [/^reading-list__item--/, /^search-form--/, /^is-/],
  greedy: [/\[dir=/, /\[lang=/],
};

// Punkt's italic faces cost a reader 28 KB each the first time a page emphasises a word; the
// browser slants the upright face instead (font-synthesis), as it does for scripts without
// an italic.
function withoutItalicFaces(css) {
  return css.replace(/@font-face\{[^}]*font-style:italic[^}]*\}/g, '');
}

async function build(name) {
  const bundled = await esbuild.build({
    entryPoints: [join(root, 'frontend', `${name}.css`)],
    bundle: true,
    minify: true,
    write: false,
    logLevel: 'error',
    external: ['*.woff', '*.woff2', '*.ttf'],
    nodePaths: [join(root, 'node_modules')],
    outfile: join(out, `${name}.css`),
  });
  const css = bundled.outputFiles[0].text;
  const [purged] = await new PurgeCSS().purge({
    content,
    css: [{ raw: css }],
    safelist,
    fontFace: false,
    keyframes: true,
    variables: false,
  });
  const file = join(out, `${name}.css`);
  writeFileSync(file, withoutItalicFaces(purged.css));
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log(
    `${name}.css: ${kb(Buffer.byteLength(css))} bundled, ${kb(statSync(file).size)} after `
      + `removing unused rules, ${kb(gzipSync(readFileSync(file)).length)} gzipped`,
  );
}

mkdirSync(out, { recursive: true });
await build('intranet');
await build('public');
