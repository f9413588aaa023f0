import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame comes from, shortened: the package (or app file) and line. */
function frameLabel(n: ProfileNode): string {
  const { functionName, url, lineNumber } = n.callFrame;
  const file = url.includes('/node_modules/')
    ? url.split('/node_modules/').pop()!.split('/').slice(0, 3).join('/')
    : url.replace(/^.*\/(apps|packages)\//, '$1/');
  return `${functionName || '(anonymous)'} ${file}${url ? `:${lineNumber + 1}` : ''}`;
}

/**
 * Summarises the V8 CPU profile(s) in `dir` (node --cpu-prof) as the frames with the most self time, so
 * RESULTS.md can say where a route's time goes. Returns the text written to `outFile`.
 */
export function summariseCpuProfile(dir: string, outFile: string, title: string, top = 30): string {
  const self = new Map<string, number>();
  let totalUs = 0;
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.cpuprofile'))) {
    const p = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Profile;
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    p.samples.forEach((id, i) => {
      const label = frameLabel(byId.get(id)!);
      self.set(label, (self.get(label) ?? 0) + p.timeDeltas[i]);
      totalUs += p.timeDeltas[i];
    });
  }
  const rows = [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(
      ([label, us]) =>
        `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / totalUs).toFixed(1).padStart(5)} %  ${label}`,
    );
  const text =
    `# ${title}\n# API process CPU profile (node --cpu-prof), self time per frame, whole run incl. startup and warm-up;\n` +
    `# total ${(totalUs / 1000).toFixed(0)} ms sampled. "(idle)" = waiting (database, network, load generator).\n\n` +
    `${rows.join('\n')}\n`;
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, text);
  return text;
}
