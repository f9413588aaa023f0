// ESLint rule `pumpwatch/feature-boundaries` for the web app (apps/web/src):
// - a feature (src/features/<f>/…) may import another feature only through that feature's public index,
//   `features/<g>/api` (its queries, mutations and words), never its components, routes or single api files;
// - the shared layers (src/components, src/lib, src/test) import no feature at all: they sit below the features.
// src/app composes the features (router, layout) and may import any of them. Pieces two features need move to
// src/components (UI) or src/lib (data, words). Only relative imports can reach a feature (there is no alias).
import path from 'node:path';

const SHARED_LAYERS = ['components', 'lib', 'test'];

/** `{ srcDir, rest }` when `file` is inside an `apps/web/src` directory, else null. */
function webSource(file) {
  const normalized = file.split(path.sep).join('/');
  const m = /^(.*\/apps\/web\/src)\/(.+)$/.exec(normalized);
  return m ? { srcDir: m[1], rest: m[2] } : null;
}

/** The feature a path under src belongs to (`features/<f>/…`), or null. */
const featureOf = (rest) => /^features\/([^/]+)\//.exec(`${rest}/`)?.[1] ?? null;

/** @type {import('eslint').Rule.RuleModule} */
export const featureBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Web features import each other only through their api index; shared layers import none' },
    schema: [],
    messages: {
      internals:
        "features/{{from}} may not import features/{{to}}/{{inner}}: import from its public index '{{index}}', or move " +
        'what both need to src/components or src/lib.',
      sharedToFeature:
        'src/{{layer}} is shared by every feature and may not import features/{{to}}: move what it needs into src/lib ' +
        'or src/components.',
    },
  },
  create(context) {
    const here = webSource(context.filename);
    if (!here) return {};
    const fromFeature = featureOf(here.rest);
    const layer = here.rest.split('/')[0];
    const check = (node) => {
      const spec = node?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(here.rest), spec));
      const to = featureOf(target);
      if (!to || to === fromFeature) return;
      if (fromFeature) {
        if (target === `features/${to}/api` || target === `features/${to}/api/index`) return;
        const index = path.posix.relative(path.posix.dirname(here.rest), `features/${to}/api`);
        context.report({
          node,
          messageId: 'internals',
          data: { from: fromFeature, to, inner: target.slice(`features/${to}/`.length), index },
        });
      } else if (SHARED_LAYERS.includes(layer)) {
        context.report({ node, messageId: 'sharedToFeature', data: { layer, to } });
      }
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

export default { rules: { 'feature-boundaries': featureBoundaries } };
